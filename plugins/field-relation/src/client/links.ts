import { reactive } from 'vue'
import { kt, plainText } from '@docpal/plugin-sdk/client'

/** A linked record as the API answers it. */
export interface Link {
  readonly id: string
  readonly display: unknown
}

/**
 * Display text of records seen on this page (in cells and search results), by id. The editor
 * writes ids only, so this is how a picked record keeps its name when the editor opens again.
 */
const seen = reactive(new Map<string, string>())

export function linkLabel(id: string): string {
  return seen.get(id) ?? id
}

export function remember(id: string, display: unknown): string {
  const label = plainText(display) || kt('untitled')
  seen.set(id, label)
  return label
}

/** A value as the API answers it (`[{id, display}]`) or as an editor holds it (ids): its links. */
export function linksOf(value: unknown): Link[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((v): Link[] => {
    if (typeof v === 'string') return [{ id: v, display: seen.get(v) ?? v }]
    if (v && typeof v === 'object' && typeof (v as Link).id === 'string') return [{ id: (v as Link).id, display: (v as Link).display }]
    return []
  })
}

/** The ids of a value, remembering the display text it carries. */
export function idsOf(value: unknown): string[] {
  return linksOf(value).map((l) => {
    if (typeof value === 'object' && l.display !== l.id) remember(l.id, l.display)
    return l.id
  })
}
