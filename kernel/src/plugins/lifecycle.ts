import { existsSync } from 'node:fs'
import { sep } from 'node:path'
import { CONTRIBUTION_KINDS, contributionsOf, DocPalError, type ContributionKind, type Contributions, type PluginChangeReason, type PluginContext } from '@docpal/plugin-sdk'
import type { Database, Executor } from '../db/executor.ts'
import { pluginState } from '../db/schema.ts'
import type { PluginServices } from '../container/plugin-services.ts'
import { codes } from '../errors/codes.ts'
import { present } from '../errors/present.ts'
import type { EventBus } from '../events/bus.ts'
import type { HookRegistry } from '../hooks/registry.ts'
import type { Logger } from '../logger.ts'
import { findPluginUsage, type PluginUse } from '../schema/plugin-usage.ts'
import type { ArchiveLimits } from './archive-limits.ts'
import { checkCapabilities, checkKernel } from './capabilities.ts'
import { discoverPlugins, type DiscoveredPlugin } from './discovery.ts'
import { linkSdk, readInstallRecord } from './install-folder.ts'
import { describeError, type Entry, type PluginEntry, type PluginSource, type PluginTable } from './plugin-entry.ts'
import type { PluginSettings } from './plugin-settings.ts'
import type { CompanyPluginSettings } from './company-settings.ts'
import { addContributions, removeContributions, type Registries } from './registries.ts'
import { importServer, migratePlugin } from './server-half.ts'
import { topoSort } from './topo-sort.ts'
import type { AppliedGeneration } from './plugin-generation.ts'
import { commitPluginState } from './plugin-state-commit.ts'

/** What lifecycle and installer share. */
export interface PluginRuntime {
  readonly db: Database
  readonly hooks: HookRegistry
  readonly events: EventBus
  readonly logger: Logger
  readonly kernelVersion: string
  /** Where tarballs are unpacked (`<data dir>/plugins`); none: installing is refused. */
  readonly installDir: string | undefined
  /** How far an uploaded archive may unpack (host settings DOCPAL_PLUGIN_MAX_*). */
  readonly archiveLimits: ArchiveLimits
  readonly registries: Registries
  readonly table: PluginTable
  readonly settings: PluginSettings
  /** Settings of plugins that declare `settingsScope: 'company'`. */
  readonly companySettings: CompanyPluginSettings
  readonly services: PluginServices
  /** The plugin changes this process has applied (plugin-generation.ts). */
  readonly generation: AppliedGeneration
}

/** The in-use refusal: what depends on the plugin, the first ten named in the message. */
export function refuseInUse(id: string, action: 'disabled' | 'uninstalled', dependents: string[], usage: PluginUse[]): void {
  if (!dependents.length && !usage.length) return
  const what = [...dependents.map((d) => `plugin '${d}' depends on it`), ...usage.map((u) => u.text)]
  throw codes.KRN_ERR_PLUGIN_IN_USE(id, action, what.slice(0, 10).join('; ') + (what.length > 10 ? `; and ${what.length - 10} more` : ''), { details: { dependents, usage } })
}

/**
 * Boot, enable, disable and stop: loading a plugin's server half into the registries, hooks, DI
 * and settings, and taking exactly that out again. Every change ends with `plugins.changed`.
 */
export class PluginLifecycle {
  /** What each enabled plugin asked to run on disable (`ctx.onDispose`). */
  readonly #disposersOf = new Map<string, Array<() => void | Promise<void>>>()

  constructor(private readonly rt: PluginRuntime) {}

  changed(reason: PluginChangeReason, pluginId?: string): void {
    this.rt.events.emit('plugins.changed', { reason, pluginId })
  }

  sourceOf(dir: string): PluginSource {
    return this.rt.installDir !== undefined && dir.startsWith(this.rt.installDir + sep) ? 'installed' : 'builtin'
  }

  async entryOf(d: DiscoveredPlugin): Promise<Entry> {
    const source = this.sourceOf(d.dir)
    const record = source === 'installed' ? await readInstallRecord(d.dir) : undefined
    return { id: d.manifest.id, manifest: d.manifest, dir: d.dir, clientEntry: d.clientEntry, source, sha256: record?.sha256, status: 'disabled', reason: undefined, discovered: d }
  }

  /** What an enabled plugin contributes (itself and through extension points); else what it declares. */
  contributions(id: string): Contributions {
    const entry = this.rt.table.entries.get(id)
    if (entry && entry.status !== 'enabled' && entry.manifest?.contributes) return { ...entry.manifest.contributes }
    const through = this.rt.services.contributed(id)
    const out = {} as Contributions
    for (const kind of Object.keys(CONTRIBUTION_KINDS) as ContributionKind[]) out[kind] = [...this.rt.registries[kind].byPlugin(id).map((x) => x.type), ...(through[kind] ?? [])]
    return out
  }

  /** Discovers plugins in `dirs` and loads every one that is enabled (all are, until disabled). */
  async boot(dirs: ReadonlyArray<string>, packages: ReadonlyArray<string>): Promise<void> {
    const { installDir, table } = this.rt
    const all = installDir && !dirs.includes(installDir) ? [...dirs, installDir] : dirs
    if (installDir && existsSync(installDir)) await linkSdk(installDir)
    const { found, problems } = await discoverPlugins(all, packages)
    for (const p of problems) {
      table.entries.set(p.id, {
        id: p.id,
        manifest: undefined,
        dir: p.dir,
        clientEntry: undefined,
        source: this.sourceOf(p.dir),
        sha256: undefined,
        status: 'failed',
        reason: p.reason,
      })
      this.rt.logger.error(`plugin '${p.id}' in ${p.dir} cannot load: ${p.reason}`, { plugin: p.id })
    }
    for (const d of found) {
      const seen = table.entries.get(d.manifest.id)
      if (seen) {
        this.rt.logger.warn(`plugin '${d.manifest.id}' found twice; keeping ${seen.dir}`, { plugin: d.manifest.id })
        continue
      }
      table.entries.set(d.manifest.id, await this.entryOf(d))
    }
    const stored = new Map((await this.rt.db.orm.select().from(pluginState)).map((r) => [r.id, r.enabled]))
    const deps = new Map<string, string[]>()
    for (const e of table.entries.values()) if (e.manifest) deps.set(e.id, e.manifest.dependsOn)
    const { order, refused } = topoSort(deps)
    table.order = order
    for (const [id, why] of refused) table.fail(id, why)
    for (const id of order) {
      // topoSort orders the ids of `deps`: entries of the table with a manifest.
      const entry = present(table.entries.get(id), `the entry of plugin '${id}'`)
      if (stored.get(id) === false) continue
      const missing = present(deps.get(id), `the dependencies of plugin '${id}'`).filter((d) => !table.isEnabled(d))
      if (missing.length) {
        table.fail(id, `its dependencies are not enabled: ${missing.join(', ')}`)
        continue
      }
      await this.load(entry).catch((err: unknown) => table.fail(id, describeError(err)))
    }
    this.changed('boot')
  }

  async load(entry: Entry): Promise<void> {
    const manifest = entry.manifest
    if (!manifest) throw codes.KRN_ERR_PLUGIN_MANIFEST_INVALID(entry.dir, entry.reason ?? 'unreadable')
    checkKernel(manifest, this.rt.kernelVersion)
    const server = await importServer(entry)
    if (server) checkCapabilities(manifest, server)
    try {
      if (server) {
        await migratePlugin(this.rt.db, manifest.id, server)
        addContributions(this.rt.registries, manifest.id, server)
        for (const h of server.hooks ?? []) this.rt.hooks.add(manifest.id, h)
        if (server.settings && server.settingsScope === 'company') this.rt.companySettings.declare(manifest.id, server.settings)
        else if (server.settings) await this.rt.settings.load(manifest.id, server.settings)
        const deps = this.rt.services.open(manifest.id, manifest.dependsOn, server.deps ?? {})
        await server.setup?.(this.#context(manifest.id), deps)
      }
      entry.status = 'enabled'
      entry.reason = undefined
    } catch (err) {
      await this.unload(manifest.id)
      throw err
    }
  }

  #context(pluginId: string): PluginContext {
    const { events, settings, companySettings, services } = this.rt
    return {
      pluginId,
      logger: this.rt.logger.child({ plugin: pluginId }),
      on: (event, handler) => events.on(event, handler, pluginId),
      settings: () => (companySettings.has(pluginId) ? companySettings.defaults(pluginId) : settings.value(pluginId)),
      onSettingsChange: (fn) => settings.listen(pluginId, fn),
      companySettings: (companyId) => companySettings.value(pluginId, companyId),
      onCompanySettingsChange: (fn) => companySettings.listen(pluginId, fn),
      onDispose: (fn) => {
        const list = this.#disposersOf.get(pluginId) ?? []
        list.push(fn)
        this.#disposersOf.set(pluginId, list)
      },
      provide: (ref, impl) => services.provide(pluginId, ref, impl),
    }
  }

  async unload(id: string): Promise<void> {
    this.rt.settings.unload(id)
    this.rt.companySettings.unload(id)
    removeContributions(this.rt.registries, id)
    this.rt.hooks.removeByPlugin(id)
    this.rt.events.offOwner(id)
    for (const fn of this.#disposersOf.get(id) ?? []) {
      try {
        await fn()
      } catch (err) {
        this.rt.logger.error(`plugin '${id}' failed while disposing`, { plugin: id, err: describeError(err) })
      }
    }
    this.#disposersOf.delete(id)
    await this.rt.services.close(id)
  }

  async enable(id: string): Promise<PluginEntry> {
    const { table } = this.rt
    const entry = table.entries.get(id)
    if (!entry) throw codes.KRN_ERR_PLUGIN_NOT_FOUND(id)
    if (entry.status === 'enabled') return entry
    if (!entry.manifest) throw codes.KRN_ERR_PLUGIN_MANIFEST_INVALID(entry.dir, entry.reason ?? 'unreadable')
    const missing = entry.manifest.dependsOn.filter((d) => !table.isEnabled(d))
    if (missing.length) throw codes.KRN_ERR_PLUGIN_DEPENDENCY(id, `enable its dependencies first: ${missing.join(', ')}`, { details: { missing } })
    try {
      await this.load(entry)
    } catch (err) {
      table.fail(id, describeError(err))
      // A refusal the kernel knows (an incompatible kernel range) keeps its own 4xx code.
      if (err instanceof DocPalError && err.status < 500) throw err
      throw codes.KRN_ERR_PLUGIN_LOAD_FAILED(id, describeError(err), { cause: err })
    }
    const generation = await commitPluginState(this.rt.db, id, true, this.contributions(id).fieldTypes).catch(async (err: unknown) => {
      await this.unload(id)
      entry.status = 'disabled'
      throw err
    })
    this.rt.generation.advance(generation)
    this.changed('enabled', id)
    this.rt.events.emit('plugin.enabled', { pluginId: id })
    return entry
  }

  /** `force` disables a plugin in use: its columns stay, unavailable, until it is enabled again. */
  async disable(entry: PluginEntry, opts: { force?: boolean }): Promise<PluginEntry> {
    const id = entry.id
    if (entry.status !== 'enabled') {
      entry.status = 'disabled'
      this.rt.generation.advance(await commitPluginState(this.rt.db, id, false, []))
      return entry
    }
    const contributed = this.contributions(id)
    const dependents = this.rt.table.dependents(id)
    if (opts.force) refuseInUse(id, 'disabled', dependents, [])
    // In use is asked under the plugins lock: a column another process is creating now is seen.
    const inUse = async (tx: Executor) => refuseInUse(id, 'disabled', dependents, await findPluginUsage(tx, this.rt.registries.fieldTypes, contributed))
    const generation = await commitPluginState(this.rt.db, id, false, contributed.fieldTypes, opts.force ? undefined : inUse)
    await this.unload(id)
    entry.status = 'disabled'
    entry.reason = undefined
    this.rt.generation.advance(generation)
    this.changed('disabled', id)
    this.rt.events.emit('plugin.disabled', { pluginId: id })
    return entry
  }

  usage(c: Contributions): Promise<PluginUse[]> {
    return findPluginUsage(this.rt.db, this.rt.registries.fieldTypes, c)
  }

  /** What a plugin that is not loaded would contribute, read from its server half. */
  async declared(entry: Entry): Promise<Contributions> {
    if (entry.manifest?.contributes) return entry.manifest.contributes
    const server = await importServer(entry).catch((err: unknown) => {
      // Uninstalling a plugin whose code does not load: nothing of it can be in use by its types.
      this.rt.logger.warn(`plugin '${entry.id}': its server half does not load, so it declares nothing`, { plugin: entry.id, err: describeError(err) })
      return undefined
    })
    return contributionsOf(server ?? {})
  }

  async stop(): Promise<void> {
    for (const id of [...this.rt.table.order].reverse()) if (this.rt.table.isEnabled(id)) await this.unload(id)
  }
}
