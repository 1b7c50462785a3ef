import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { packageExport, parsePackageManifest, type PluginManifest } from '@docpal/plugin-sdk'

/**
 * Whether this kernel runs compiled (`dist/*.js`, `pnpm start`) rather than from TypeScript
 * sources (tsx, vitest): a compiled kernel loads plugins' compiled server halves, as plain Node
 * cannot load TypeScript.
 */
const COMPILED = import.meta.url.endsWith('.js')

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

/** A plugin package whose manifest is valid, with its halves' absolute paths. */
export function discoveredPlugin(dir: string, pkg: Record<string, unknown>, manifest: PluginManifest, fallbackName: string): DiscoveredPlugin {
  const server = packageExport(pkg['exports'], './server', COMPILED)
  const client = packageExport(pkg['exports'], './client')
  return {
    dir,
    packageName: typeof pkg['name'] === 'string' ? pkg['name'] : fallbackName,
    manifest,
    serverEntry: server ? join(dir, server) : undefined,
    clientEntry: client ? join(dir, client) : undefined,
  }
}

/**
 * One plugin package folder: a plugin, a problem, or nothing. Nothing means "not a plugin": no
 * package.json, or one without a `docpal` block. A package.json that exists but cannot be read or
 * is not JSON is a problem (it may well be a plugin), reported like an invalid manifest.
 */
export async function readPluginPackage(dir: string, fallbackId: string): Promise<DiscoveredPlugin | DiscoveryProblem | undefined> {
  let text: string
  try {
    text = await readFile(join(dir, 'package.json'), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined
    return { dir, id: fallbackId, reason: `unreadable package.json: ${err instanceof Error ? err.message : String(err)}` }
  }
  let pkg: unknown
  try {
    pkg = JSON.parse(text)
  } catch (err) {
    return { dir, id: fallbackId, reason: `package.json is not valid JSON: ${err instanceof Error ? err.message : String(err)}` }
  }
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) return { dir, id: fallbackId, reason: 'package.json is not a JSON object' }
  if (!('docpal' in pkg)) return undefined
  const record = pkg as Record<string, unknown>
  const parsed = parsePackageManifest(record)
  if (!parsed.success) {
    const raw = record['docpal'] as { id?: unknown } | null
    return {
      dir,
      id: typeof raw?.id === 'string' ? raw.id : fallbackId,
      reason: 'invalid manifest: ' + parsed.error.issues.map((i) => `${i.path.join('.') || 'docpal'}: ${i.message}`).join('; '),
    }
  }
  return discoveredPlugin(dir, record, parsed.data, fallbackId)
}

/**
 * Reads every `<dir>/*\/package.json` that carries a `docpal` block, then each folder of `packages`
 * (one plugin package each, as a plugin's own tests name it). Missing dirs are fine.
 */
export async function discoverPlugins(dirs: ReadonlyArray<string>, packages: ReadonlyArray<string> = []): Promise<{ found: DiscoveredPlugin[]; problems: DiscoveryProblem[] }> {
  const found: DiscoveredPlugin[] = []
  const problems: DiscoveryProblem[] = []
  const folders: Array<[string, string]> = []
  for (const root of dirs) {
    let entries: string[]
    try {
      entries = await readdir(root)
    } catch {
      continue
    }
    // Dot folders are an install's staging or backup copies, node_modules the SDK link: never a plugin.
    for (const name of entries.sort()) if (!name.startsWith('.') && name !== 'node_modules') folders.push([join(root, name), name])
  }
  for (const dir of packages) folders.push([dir, basename(dir)])
  for (const [dir, name] of folders) {
    const r = await readPluginPackage(dir, name)
    if (!r) continue
    if ('reason' in r) problems.push(r)
    else found.push(r)
  }
  return { found, problems }
}
