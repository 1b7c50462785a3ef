import type { PluginInfo } from '../../services/endpoints.ts'

/** Capabilities the kernel knows; each has a label and a short explanation in the admin's language. */
export const KNOWN_CAPABILITIES = ['database', 'routes', 'network', 'hooks'] as const
export type KnownCapability = (typeof KNOWN_CAPABILITIES)[number]

export interface CapabilityItem {
  id: string
  known: boolean
}

/**
 * What a plugin asks to be allowed to do, known ones first in a fixed order (so two plugins read
 * alike), then any the panel has no words for, shown by their id rather than hidden.
 */
export function capabilitiesOf(p: Pick<PluginInfo, 'manifest'>): CapabilityItem[] {
  const declared = new Set(p.manifest?.capabilities ?? [])
  const known = KNOWN_CAPABILITIES.filter((c) => declared.has(c)).map((id) => ({ id, known: true }))
  const other = [...declared]
    .filter((c) => !(KNOWN_CAPABILITIES as readonly string[]).includes(c))
    .sort()
    .map((id) => ({ id, known: false }))
  return [...known, ...other]
}
