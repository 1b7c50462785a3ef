import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PluginManifestSchema, type PluginManifest } from '@docpal/plugin-sdk'

export interface DiscoveredPlugin {
  readonly dir: string
  readonly packageName: string
  readonly manifest: PluginManifest
  /** Absolute path of the server half, from package.json `exports["./server"]`. */
  readonly serverEntry: string | undefined
  readonly clientEntry: string | undefined
}

export interface DiscoveryProblem {
  readonly dir: string
  readonly id: string
  readonly reason: string
}

function exportPath(exportsField: unknown, key: string): string | undefined {
  if (!exportsField || typeof exportsField !== 'object') return undefined
  const entry = (exportsField as Record<string, unknown>)[key]
  if (typeof entry === 'string') return entry
  if (entry && typeof entry === 'object') {
    const e = entry as Record<string, unknown>
    const v = e['import'] ?? e['default']
    return typeof v === 'string' ? v : undefined
  }
  return undefined
}

/** Reads every `<dir>/*\/package.json` that carries a `docpal` block. Missing dirs are fine. */
export async function discoverPlugins(dirs: ReadonlyArray<string>): Promise<{ found: DiscoveredPlugin[]; problems: DiscoveryProblem[] }> {
  const found: DiscoveredPlugin[] = []
  const problems: DiscoveryProblem[] = []
  for (const root of dirs) {
    let entries: string[]
    try {
      entries = await readdir(root)
    } catch {
      continue
    }
    for (const name of entries.sort()) {
      const dir = join(root, name)
      let pkg: Record<string, unknown>
      try {
        pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>
      } catch {
        continue
      }
      if (!('docpal' in pkg)) continue
      const parsed = PluginManifestSchema.safeParse(pkg['docpal'])
      if (!parsed.success) {
        const raw = pkg['docpal'] as { id?: unknown } | null
        problems.push({
          dir,
          id: typeof raw?.id === 'string' ? raw.id : name,
          reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'docpal'}: ${i.message}`).join('; '),
        })
        continue
      }
      const server = exportPath(pkg['exports'], './server')
      const client = exportPath(pkg['exports'], './client')
      found.push({
        dir,
        packageName: String(pkg['name'] ?? name),
        manifest: parsed.data,
        serverEntry: server ? join(dir, server) : undefined,
        clientEntry: client ? join(dir, client) : undefined,
      })
    }
  }
  return { found, problems }
}
