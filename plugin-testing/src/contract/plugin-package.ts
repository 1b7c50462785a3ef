import { readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { packageExport, parsePackageManifest, type PluginManifest, type ServerPlugin } from '@docpal/plugin-sdk'
import { describeError, type ContractProblem } from './problem.ts'

export interface PluginPackage {
  readonly dir: string
  readonly manifest: PluginManifest | undefined
  readonly server: ServerPlugin | undefined
}

/** Reads the manifest and imports the server half the way the kernel will, collecting what is wrong. */
export async function readPluginPackage(folder: string, problems: ContractProblem[]): Promise<PluginPackage> {
  const dir = resolve(folder)
  const fail = (message: string): PluginPackage => {
    problems.push({ check: 'manifest', contribution: 'manifest', message })
    return { dir, manifest: undefined, server: undefined }
  }
  let pkg: Record<string, unknown>
  try {
    pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>
  } catch (err) {
    return fail(`${join(dir, 'package.json')} cannot be read: ${describeError(err)}`)
  }
  if (!('docpal' in pkg)) return fail('package.json has no "docpal" block, so DocPal does not see a plugin here')
  const parsed = parsePackageManifest(pkg)
  if (!parsed.success) {
    for (const i of parsed.error.issues) problems.push({ check: 'manifest', contribution: 'manifest', message: `docpal.${i.path.join('.')}: ${i.message}` })
    return { dir, manifest: undefined, server: undefined }
  }
  const manifest = parsed.data
  const entry = packageExport(pkg['exports'], './server')
  if (!entry) return { dir, manifest, server: undefined }
  const file = join(dir, entry)
  if (!existsSync(file)) return { ...fail(`package.json exports "./server" as ${entry}, which does not exist`), manifest }
  let mod: { default?: unknown }
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown }
  } catch (err) {
    problems.push({ check: 'load', contribution: 'server half', message: `importing ${entry} failed: ${describeError(err)}` })
    return { dir, manifest, server: undefined }
  }
  const server = mod.default as ServerPlugin | undefined
  if (!server || typeof server !== 'object' || typeof server.pluginId !== 'string') {
    problems.push({
      check: 'manifest',
      contribution: 'server half',
      message: `${entry} must default-export defineServerPlugin(definePlugin({ id: '${manifest.id}', ... }), { ... })`,
    })
    return { dir, manifest, server: undefined }
  }
  if (server.pluginId !== manifest.id) {
    problems.push({
      check: 'manifest',
      contribution: 'server half',
      message: `its plugin id '${server.pluginId}' differs from the manifest's '${manifest.id}' (package.json "docpal".id): make them the same`,
    })
  }
  return { dir, manifest, server }
}
