import type { PluginManifest } from '@docpal/plugin-sdk'
import type { Logger } from '../logger.ts'
import type { DiscoveredPlugin } from './discovery.ts'

export type PluginStatus = 'enabled' | 'disabled' | 'failed'

/** Shipped with DocPal (a plugin folder given at boot) or installed from a tarball at runtime. */
export type PluginSource = 'builtin' | 'installed'

export interface PluginEntry {
  readonly id: string
  readonly manifest: PluginManifest | undefined
  readonly dir: string
  readonly clientEntry: string | undefined
  readonly source: PluginSource
  /** sha256 of the tarball an installed plugin came from. */
  readonly sha256: string | undefined
  status: PluginStatus
  reason: string | undefined
}

export type Entry = PluginEntry & { discovered?: DiscoveredPlugin }

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Every known plugin (any state) and the load order; shared by lifecycle and installer. */
export class PluginTable {
  readonly entries = new Map<string, Entry>()
  /** Dependencies first (topological); hooks run in this order too. */
  order: string[] = []

  constructor(private readonly logger: Logger) {}

  isEnabled(id: string): boolean {
    return this.entries.get(id)?.status === 'enabled'
  }

  /** Enabled plugins that list `id` in `dependsOn` (with `all`, whatever their state). */
  dependents(id: string, all = false): string[] {
    return [...this.entries.values()].filter((e) => e.id !== id && (all || e.status === 'enabled') && e.manifest?.dependsOn.includes(id)).map((e) => e.id)
  }

  fail(id: string, reason: string): void {
    const entry = this.entries.get(id)
    if (!entry) return
    entry.status = 'failed'
    entry.reason = reason
    this.logger.error(`plugin '${id}' failed: ${reason}`, { plugin: id })
  }
}
