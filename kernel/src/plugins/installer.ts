import { rm } from 'node:fs/promises'
import semver from 'semver'
import { DocPalError, packageExport, parsePackageManifest, pluginIdProblem, type PluginManifest } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import { checkKernel } from './capabilities.ts'
import { discoveredPlugin } from './discovery.ts'
import { linkSdk, placePluginFolder } from './install-folder.ts'
import { refuseInUse, type PluginLifecycle, type PluginRuntime } from './lifecycle.ts'
import { readPluginArchive, type PluginArchive } from './plugin-archive.ts'
import { describeError, type Entry, type PluginEntry } from './plugin-entry.ts'
import { storedPackages } from './plugin-packages.ts'
import { bumpPluginGeneration } from './plugin-generation.ts'

/**
 * The id names the plugin's folder beside the others: refused with its own code, before the rest
 * of the manifest, so `node_modules` or `Field-Text` get a reason rather than a schema message.
 */
function refuseBadId(docpal: unknown): void {
  const id = docpal !== null && typeof docpal === 'object' && 'id' in docpal ? docpal.id : undefined
  if (typeof id !== 'string') return
  const problem = pluginIdProblem(id)
  if (problem) throw codes.KRN_ERR_PLUGIN_ID_INVALID(id.slice(0, 100), problem, { path: ['docpal', 'id'] })
}

/**
 * Install, update and uninstall of plugin tarballs. Unpacking and placing the folder belong to
 * plugin-archive.ts and install-folder.ts; this file decides what may happen to which plugin.
 */
export class PluginInstaller {
  constructor(
    private readonly rt: PluginRuntime,
    private readonly lifecycle: PluginLifecycle,
  ) {}

  /** Checks a tarball before anything is written: digest, paths, manifest, kernel range, entries. */
  async #check(data: Buffer, expectedSha256: string | undefined): Promise<{ archive: PluginArchive; manifest: PluginManifest; installDir: string }> {
    const { installDir } = this.rt
    if (!installDir) throw codes.KRN_ERR_CONFLICT('This server has no plugin install folder; installing plugins is switched off.')
    const archive = await readPluginArchive(data, this.rt.archiveLimits)
    if (expectedSha256 && expectedSha256.toLowerCase() !== archive.sha256) throw codes.KRN_ERR_PLUGIN_CHECKSUM(expectedSha256.toLowerCase(), archive.sha256)
    if (!('docpal' in archive.packageJson)) throw codes.KRN_ERR_PLUGIN_MANIFEST_INVALID('package.json', 'it has no "docpal" block, so it is not a DocPal plugin')
    refuseBadId(archive.packageJson['docpal'])
    const parsed = parsePackageManifest(archive.packageJson)
    if (!parsed.success) {
      throw codes.KRN_ERR_PLUGIN_MANIFEST_INVALID('package.json', parsed.error.issues.map((i) => `docpal.${i.path.join('.')}: ${i.message}`).join('; '))
    }
    checkKernel(parsed.data, this.rt.kernelVersion)
    for (const key of ['./server', './client']) {
      const target = packageExport(archive.packageJson['exports'], key)
      if (target === undefined) continue
      const rel = target.replace(/^\.\//, '')
      if (!archive.files.has(rel)) throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`its package.json exports ${key} as ${target}, which the archive does not contain`)
    }
    return { archive, manifest: parsed.data, installDir }
  }

  async #place(installDir: string, manifest: PluginManifest, archive: PluginArchive) {
    const placed = await placePluginFolder(installDir, manifest.id, archive.files, { sha256: archive.sha256, installedAt: new Date().toISOString() })
    await linkSdk(installDir)
    // The package.json just written is the one #check validated: no need to read it back.
    return { placed, entry: await this.lifecycle.entryOf(discoveredPlugin(placed.dir, archive.packageJson, manifest, manifest.id)) }
  }

  /** Unpacks a plugin tarball into the install folder and registers it, disabled. */
  async install(data: Buffer, opts: { sha256?: string }): Promise<PluginEntry> {
    const { archive, manifest, installDir } = await this.#check(data, opts.sha256)
    const { table } = this.rt
    // Ids are lowercase now; one known from before, in another case, would share a folder on some disks.
    const existing = table.entries.get(manifest.id) ?? [...table.entries.values()].find((e) => e.id.toLowerCase() === manifest.id)
    if (existing?.source === 'builtin') throw codes.KRN_ERR_PLUGIN_BUILTIN(existing.id)
    if (existing) throw codes.KRN_ERR_PLUGIN_EXISTS(existing.id, existing.manifest?.version ?? 'unknown')
    const { placed, entry } = await this.#place(installDir, manifest, archive)
    try {
      // The other server processes unpack the same tarball from here (issue 19).
      await storedPackages.install(this.rt.db, { id: entry.id, version: manifest.version, sha256: archive.sha256, archive: data })
    } catch (err) {
      await placed.rollback()
      throw err
    }
    await placed.commit()
    table.entries.set(entry.id, entry)
    table.order.push(entry.id)
    this.lifecycle.changed('installed', entry.id)
    this.rt.events.emit('plugin.installed', { pluginId: entry.id })
    return entry
  }

  /**
   * Replaces an installed plugin with a newer version. An enabled one is reloaded at once (its new
   * migrations run); if the new version fails to load, the old files and contributions come back.
   */
  async update(old: Entry, data: Buffer, opts: { sha256?: string }): Promise<PluginEntry> {
    const id = old.id
    if (old.source === 'builtin') throw codes.KRN_ERR_PLUGIN_BUILTIN(id)
    const { archive, manifest, installDir } = await this.#check(data, opts.sha256)
    if (manifest.id !== id) throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`it holds plugin '${manifest.id}', not '${id}'`)
    const before = old.manifest?.version ?? '0.0.0'
    if (!semver.gt(manifest.version, before)) throw codes.KRN_ERR_PLUGIN_NOT_NEWER(id, before, manifest.version)
    const wasEnabled = old.status === 'enabled'
    if (wasEnabled) await this.lifecycle.unload(id)
    const { placed, entry } = await this.#place(installDir, manifest, archive)
    this.rt.table.entries.set(id, entry)
    try {
      if (wasEnabled) await this.lifecycle.load(entry)
      await storedPackages.update(this.rt.db, { id, version: manifest.version, sha256: archive.sha256, archive: data })
    } catch (err) {
      if (wasEnabled) await this.lifecycle.unload(id)
      await placed.rollback()
      this.rt.table.entries.set(id, old)
      if (!wasEnabled) throw err
      await this.lifecycle.load(old).catch((e: unknown) => this.rt.table.fail(id, describeError(e)))
      this.lifecycle.changed('rolledBack', id)
      if (err instanceof DocPalError && err.status < 500) throw err
      throw codes.KRN_ERR_PLUGIN_LOAD_FAILED(id, `version ${manifest.version} did not load, ${before} stays: ${describeError(err)}`, { cause: err })
    }
    await placed.commit()
    this.rt.generation.advance(await bumpPluginGeneration(this.rt.db))
    this.lifecycle.changed('updated', id)
    this.rt.events.emit('plugin.updated', { pluginId: id })
    return entry
  }

  /**
   * Removes an installed plugin's files. Refused while anything uses it, enabled or not (a plugin
   * disabled with `force` still has columns). Its own tables and migration records stay, so
   * installing it again finds its data.
   */
  async uninstall(entry: Entry): Promise<void> {
    const id = entry.id
    if (entry.source === 'builtin') throw codes.KRN_ERR_PLUGIN_BUILTIN(id)
    const usage = await this.lifecycle.usage(entry.status === 'enabled' ? this.lifecycle.contributions(id) : await this.lifecycle.declared(entry))
    refuseInUse(id, 'uninstalled', this.rt.table.dependents(id, true), usage)
    if (entry.status === 'enabled') await this.lifecycle.unload(id)
    await storedPackages.uninstall(this.rt.db, id)
    this.rt.generation.advance(await bumpPluginGeneration(this.rt.db))
    await rm(entry.dir, { recursive: true, force: true })
    this.rt.table.entries.delete(id)
    this.rt.table.order = this.rt.table.order.filter((o) => o !== id)
    this.lifecycle.changed('uninstalled', id)
    this.rt.events.emit('plugin.uninstalled', { pluginId: id })
  }
}
