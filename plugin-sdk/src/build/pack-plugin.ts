import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { create } from 'tar'
import { parsePackageManifest, type PluginManifest } from '../manifest.ts'
import { packageExport } from '../package-exports.ts'
import type { ServerPlugin } from '../plugin.ts'
import { contributionsOf } from '../contributions.ts'
import { bundleClient } from './bundle-client.ts'

export interface PackedPlugin {
  /** Absolute path of the `.tgz`. */
  readonly file: string
  readonly sha256: string
  readonly manifest: PluginManifest
}

// Every entry gets this time, so packing the same sources twice gives the same bytes (and sha256).
const FIXED_MTIME = new Date('2026-01-01T00:00:00Z')

/** The server half as one ES module; the SDK stays an import so the host's own copy is used. */
async function bundleServer(dir: string, entry: string): Promise<string> {
  const out = await build({
    entryPoints: [resolve(dir, entry)],
    absWorkingDir: dir,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['@docpal/plugin-sdk', '@docpal/plugin-sdk/*'],
    legalComments: 'none',
    logLevel: 'silent',
  })
  return out.outputFiles[0]?.text ?? ''
}

type Contributes = NonNullable<PluginManifest['contributes']>

/**
 * What the bundled server half contributes, read by importing it from a file in the plugin folder
 * (so `@docpal/plugin-sdk` resolves as it does for the author). Undefined when it cannot be
 * imported here; the manifest then lists nothing and the admin sees contributions once enabled.
 */
async function probeContributions(root: string, code: string): Promise<Contributes | undefined> {
  const probe = join(root, `.docpal-probe-${process.pid}-${Date.now()}.mjs`)
  await writeFile(probe, code)
  try {
    const mod = (await import(pathToFileURL(probe).href)) as { default?: ServerPlugin }
    const p = mod.default
    if (!p) return undefined
    return contributionsOf(p)
  } catch {
    return undefined
  } finally {
    await rm(probe, { force: true })
  }
}

/**
 * Builds a plugin package into the tarball DocPal installs: `package/package.json` (the manifest,
 * exports pointing at the built halves), `package/dist/server.js`, `package/dist/client.js` and
 * the README. Deterministic: the same sources give the same sha256.
 */
export async function packPlugin(dir: string, opts: { outDir?: string } = {}): Promise<PackedPlugin> {
  const root = resolve(dir)
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Record<string, unknown>
  const parsed = parsePackageManifest(pkg)
  if (!parsed.success) {
    throw new Error(`${join(root, 'package.json')}: the "docpal" manifest is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  }
  const manifest = parsed.data
  const files = new Map<string, string | Buffer>()
  const exportsOut: Record<string, string> = {}
  const server = packageExport(pkg['exports'], './server')
  let contributes: Contributes | undefined
  if (server) {
    const code = await bundleServer(root, server)
    files.set('dist/server.js', code)
    exportsOut['./server'] = './dist/server.js'
    contributes = await probeContributions(root, code)
  }
  const client = packageExport(pkg['exports'], './client')
  if (client) {
    files.set('dist/client.js', await bundleClient(resolve(root, client)))
    exportsOut['./client'] = './dist/client.js'
  }
  const published = {
    name: pkg['name'],
    version: manifest.version,
    description: pkg['description'] ?? manifest.description,
    type: 'module',
    ...(pkg['license'] ? { license: pkg['license'] } : {}),
    exports: exportsOut,
    docpal: contributes ? { ...(pkg['docpal'] as Record<string, unknown>), contributes } : pkg['docpal'],
  }
  files.set('package.json', JSON.stringify(published, null, 2) + '\n')
  for (const extra of ['README.md', 'LICENSE']) if (existsSync(join(root, extra))) files.set(extra, await readFile(join(root, extra)))

  const stage = await mkdtemp(join(tmpdir(), 'docpal-pack-'))
  try {
    const names = [...files.keys()].sort()
    for (const [name, content] of files) {
      await mkdir(dirname(join(stage, name)), { recursive: true })
      await writeFile(join(stage, name), content)
    }
    const outDir = resolve(opts.outDir ?? join(root, 'dist'))
    await mkdir(outDir, { recursive: true })
    const file = join(outDir, `${manifest.id}-${manifest.version}.tgz`)
    await create({ gzip: { level: 9 }, file, cwd: stage, prefix: 'package', portable: true, mtime: FIXED_MTIME, noDirRecurse: true }, names)
    const sha256 = createHash('sha256')
      .update(await readFile(file))
      .digest('hex')
    return { file, sha256, manifest }
  } finally {
    await rm(stage, { recursive: true, force: true })
  }
}
