import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import semver from 'semver'
import type { z } from 'zod'
import { eq, inArray, and, isNull } from 'drizzle-orm'
import { CONTRIBUTION_KINDS, contributionsOf, DocPalError, packageExport, PluginManifestSchema, type AnyAction, type AnyTrigger, type AnyWidget, type ContributionKind, type Contributions, type AnyFieldType, type AnyFormulaFunction, type AnyRoute, type AnyViewType, type PluginContext, type PluginManifest, type ServerPlugin } from '@docpal/plugin-sdk'
import type { Database } from '../db/executor.ts'
import { dataTableColumns, dataTables, pluginMigrations, pluginState, views } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import { parseOrThrow } from '../validation.ts'
import type { EventBus } from '../events/bus.ts'
import type { HookRegistry } from '../hooks/registry.ts'
import type { Logger } from '../logger.ts'
import { ContributionRegistry } from './contribution-registry.ts'
import { discoveredPlugin, discoverPlugins, type DiscoveredPlugin } from './discovery.ts'
import { linkSdk, placePluginFolder, readInstallRecord } from './install-folder.ts'
import { readPluginArchive, type PluginArchive } from './plugin-archive.ts'
import { topoSort } from './topo-sort.ts'

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

type Entry = PluginEntry & { discovered?: DiscoveredPlugin }

export interface PluginRoute extends AnyRoute {
  readonly type: string
}

export interface Registries {
  readonly fieldTypes: ContributionRegistry<AnyFieldType>
  readonly viewTypes: ContributionRegistry<AnyViewType>
  readonly routes: ContributionRegistry<PluginRoute>
  readonly formulaFunctions: ContributionRegistry<AnyFormulaFunction>
  readonly widgets: ContributionRegistry<AnyWidget>
  readonly triggers: ContributionRegistry<AnyTrigger>
  readonly actions: ContributionRegistry<AnyAction>
}

type Usage = Array<{ kind: string; table: string; name: string; text: string }>

/** The in-use refusal: what depends on the plugin, the first ten named in the message. */
function refuseInUse(id: string, action: 'disabled' | 'uninstalled', dependents: string[], usage: Usage): void {
  if (!dependents.length && !usage.length) return
  const what = [...dependents.map((d) => `plugin '${d}' depends on it`), ...usage.map((u) => u.text)]
  throw codes.KRN_ERR_PLUGIN_IN_USE(id, action, what.slice(0, 10).join('; ') + (what.length > 10 ? `; and ${what.length - 10} more` : ''), { details: { dependents, usage } })
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * Discovers, orders, loads, enables and disables plugins at runtime. Every contribution is tagged
 * with its plugin id so that disabling removes exactly what the plugin added.
 */
export class PluginManager {
  readonly registries: Registries = {
    fieldTypes: new ContributionRegistry<AnyFieldType>('field type'),
    viewTypes: new ContributionRegistry<AnyViewType>('view type'),
    routes: new ContributionRegistry<PluginRoute>('route'),
    formulaFunctions: new ContributionRegistry<AnyFormulaFunction>('formula function'),
    widgets: new ContributionRegistry<AnyWidget>('widget'),
    triggers: new ContributionRegistry<AnyTrigger>('workflow trigger'),
    actions: new ContributionRegistry<AnyAction>('workflow action'),
  }
  readonly #entries = new Map<string, Entry>()
  readonly #disposers = new Map<string, Array<() => void | Promise<void>>>()
  /** Enabled plugins' settings: schema, current value, and who listens for changes. */
  readonly #settings = new Map<string, { schema: z.ZodType; value: unknown; listeners: Array<(v: unknown) => void | Promise<void>> }>()
  #order: string[] = []
  /** Serialises enable/disable so two admins cannot interleave them. */
  #queue: Promise<unknown> = Promise.resolve()
  /** Called after any change of what is enabled (caches keyed on contributions drop). */
  onChange: () => void = () => {}

  constructor(
    private readonly db: Database,
    private readonly hooks: HookRegistry,
    private readonly events: EventBus,
    private readonly logger: Logger,
    private readonly kernelVersion: string,
    /** Where tarballs are unpacked (`<data dir>/plugins`); none: installing is refused. */
    private readonly installDir?: string,
  ) {
    hooks.setPluginRank((id) => this.#order.indexOf(id))
  }

  list(): PluginEntry[] {
    return [...this.#entries.values()].map(({ discovered: _d, ...e }) => e)
  }

  #sourceOf(dir: string): PluginSource {
    return this.installDir !== undefined && dir.startsWith(this.installDir + sep) ? 'installed' : 'builtin'
  }

  async #entryOf(d: DiscoveredPlugin): Promise<Entry> {
    const source = this.#sourceOf(d.dir)
    const record = source === 'installed' ? await readInstallRecord(d.dir) : undefined
    return { id: d.manifest.id, manifest: d.manifest, dir: d.dir, clientEntry: d.clientEntry, source, sha256: record?.sha256, status: 'disabled', reason: undefined, discovered: d }
  }

  get(id: string): PluginEntry {
    const e = this.#entries.get(id)
    if (!e) throw codes.KRN_ERR_PLUGIN_NOT_FOUND(id)
    return e
  }

  isEnabled(id: string): boolean {
    return this.#entries.get(id)?.status === 'enabled'
  }

  /** What an enabled plugin contributes; for one not enabled, what its manifest declares. */
  contributions(id: string): Contributions {
    const entry = this.#entries.get(id)
    if (entry && entry.status !== 'enabled' && entry.manifest?.contributes) return { ...entry.manifest.contributes }
    const out = {} as Contributions
    for (const kind of Object.keys(CONTRIBUTION_KINDS) as ContributionKind[]) out[kind] = this.registries[kind].byPlugin(id).map((x) => x.type)
    return out
  }

  /** Discovers plugins in `dirs` and loads every one that is enabled (all are, until disabled). */
  async boot(dirs: ReadonlyArray<string>, packages: ReadonlyArray<string> = []): Promise<void> {
    const all = this.installDir && !dirs.includes(this.installDir) ? [...dirs, this.installDir] : dirs
    if (this.installDir && existsSync(this.installDir)) await linkSdk(this.installDir)
    const { found, problems } = await discoverPlugins(all, packages)
    for (const p of problems) {
      this.#entries.set(p.id, { id: p.id, manifest: undefined, dir: p.dir, clientEntry: undefined, source: this.#sourceOf(p.dir), sha256: undefined, status: 'failed', reason: `invalid manifest: ${p.reason}` })
    }
    for (const d of found) {
      if (this.#entries.has(d.manifest.id)) {
        this.logger.warn(`plugin '${d.manifest.id}' found twice; keeping ${this.#entries.get(d.manifest.id)!.dir}`)
        continue
      }
      this.#entries.set(d.manifest.id, await this.#entryOf(d))
    }
    const stored = new Map((await this.db.orm.select().from(pluginState)).map((r) => [r.id, r.enabled]))
    const deps = new Map<string, string[]>()
    for (const e of this.#entries.values()) if (e.manifest) deps.set(e.id, e.manifest.dependsOn)
    const { order, refused } = topoSort(deps)
    this.#order = order
    for (const [id, why] of refused) this.#fail(id, why)
    for (const id of order) {
      const entry = this.#entries.get(id)!
      if (stored.get(id) === false) continue
      const missing = entry.manifest!.dependsOn.filter((d) => !this.isEnabled(d))
      if (missing.length) {
        this.#fail(id, `its dependencies are not enabled: ${missing.join(', ')}`)
        continue
      }
      await this.#load(entry).catch((err: unknown) => this.#fail(id, describe(err)))
    }
    this.onChange()
  }

  #fail(id: string, reason: string): void {
    const entry = this.#entries.get(id)
    if (!entry) return
    entry.status = 'failed'
    entry.reason = reason
    this.logger.error(`plugin '${id}' failed: ${reason}`)
  }

  #checkKernel(manifest: PluginManifest): void {
    if (!semver.satisfies(this.kernelVersion, manifest.kernel, { includePrerelease: true })) {
      throw codes.KRN_ERR_PLUGIN_INCOMPATIBLE(manifest.id, manifest.kernel, this.kernelVersion)
    }
  }

  /** What a server half does must be declared, so the admin saw it before enabling. */
  #checkCapabilities(manifest: PluginManifest, server: ServerPlugin): void {
    const has = new Set(manifest.capabilities)
    const undeclared = [
      server.routes?.length && !has.has('routes') ? 'HTTP routes (capability "routes")' : '',
      server.migrations?.length && !has.has('database') ? 'its own database tables (capability "database")' : '',
      server.hooks?.length && !has.has('hooks') ? 'hooks on record changes (capability "hooks")' : '',
    ].filter(Boolean)
    if (undeclared.length) throw codes.KRN_ERR_PLUGIN_CAPABILITY(manifest.id, undeclared.join(' and '))
    // The admin approved what the manifest lists; a server half may not bring more.
    const declared = manifest.contributes
    if (!declared) return
    const actual = contributionsOf(server)
    const extra = (Object.keys(CONTRIBUTION_KINDS) as ContributionKind[]).flatMap((kind) => actual[kind].filter((t) => !declared[kind].includes(t)).map((t) => `${CONTRIBUTION_KINDS[kind]} '${t}'`))
    if (extra.length) throw codes.KRN_ERR_PLUGIN_UNDECLARED(manifest.id, extra.join(', '))
  }

  async #load(entry: Entry): Promise<void> {
    const manifest = entry.manifest!
    this.#checkKernel(manifest)
    const server = await this.#importServer(entry)
    if (server) this.#checkCapabilities(manifest, server)
    try {
      if (server) {
        await this.#migrate(manifest.id, server)
        for (const f of server.fieldTypes ?? []) this.registries.fieldTypes.add(manifest.id, f)
        for (const v of server.viewTypes ?? []) this.registries.viewTypes.add(manifest.id, v)
        for (const r of server.routes ?? []) this.registries.routes.add(manifest.id, { ...r, type: `${r.method} ${r.url}` })
        for (const f of server.formulaFunctions ?? []) this.registries.formulaFunctions.add(manifest.id, f)
        for (const w of server.widgets ?? []) this.registries.widgets.add(manifest.id, w)
        for (const t of server.triggers ?? []) this.registries.triggers.add(manifest.id, t)
        for (const a of server.actions ?? []) this.registries.actions.add(manifest.id, a)
        for (const h of server.hooks ?? []) this.hooks.add(manifest.id, h)
        if (server.settings) await this.#loadSettings(manifest.id, server.settings)
        await server.setup?.(this.#context(manifest.id))
      }
      entry.status = 'enabled'
      entry.reason = undefined
    } catch (err) {
      await this.#unload(manifest.id)
      throw err
    }
  }

  async #importServer(entry: Entry): Promise<ServerPlugin | undefined> {
    const file = entry.discovered?.serverEntry
    if (!file) return undefined
    // An updated plugin keeps its folder; a new URL makes the module cache load the new code.
    const url = pathToFileURL(file).href + (entry.sha256 ? `?v=${entry.sha256.slice(0, 16)}` : '')
    const mod = (await import(url)) as { default?: ServerPlugin }
    const server = mod.default
    if (!server || typeof server !== 'object' || server.pluginId !== entry.id) {
      throw new Error(`its server half must default-export defineServerPlugin(...) for id '${entry.id}'`)
    }
    return server
  }

  async #migrate(pluginId: string, server: ServerPlugin): Promise<void> {
    const migrations = [...(server.migrations ?? [])].sort((a, b) => a.id.localeCompare(b.id))
    if (!migrations.length) return
    await this.db.transaction(async (tx) => {
      const done = new Set((await tx.orm.select().from(pluginMigrations).where(eq(pluginMigrations.pluginId, pluginId))).map((r) => r.id))
      for (const m of migrations) {
        if (done.has(m.id)) continue
        await tx.exec(m.sql)
        await tx.orm.insert(pluginMigrations).values({ pluginId, id: m.id })
      }
    })
  }

  #context(pluginId: string): PluginContext {
    const logger = this.logger.child({ plugin: pluginId })
    return {
      pluginId,
      logger,
      on: (event, handler) => this.events.on(event, handler, pluginId),
      settings: () => this.#settings.get(pluginId)?.value,
      onSettingsChange: (fn) => this.#settings.get(pluginId)?.listeners.push(fn),
      onDispose: (fn) => {
        const list = this.#disposers.get(pluginId) ?? []
        list.push(fn)
        this.#disposers.set(pluginId, list)
      },
    }
  }

  /** Stored settings, parsed; ones a new version no longer accepts fall back to its defaults. */
  async #loadSettings(id: string, schema: z.ZodType): Promise<void> {
    const [row] = await this.db.orm.select({ config: pluginState.config }).from(pluginState).where(eq(pluginState.id, id))
    const stored = schema.safeParse(row?.config ?? {})
    let value: unknown = stored.success ? stored.data : undefined
    if (!stored.success) {
      this.logger.warn(`plugin '${id}': stored settings no longer fit its schema; using its defaults`, { issues: stored.error.issues.map((i) => i.message) })
      const defaults = schema.safeParse({})
      value = defaults.success ? defaults.data : undefined
    }
    this.#settings.set(id, { schema, value, listeners: [] })
  }

  /** Whether an enabled plugin declares settings (the admin panel offers its settings dialog). */
  hasSettings(id: string): boolean {
    return this.#settings.has(id)
  }

  /** An enabled plugin's settings schema and value; `undefined` when it has none. */
  settingsOf(id: string): { schema: z.ZodType; value: unknown } | undefined {
    const entry = this.get(id)
    if (entry.status !== 'enabled') throw codes.KRN_ERR_PLUGIN_NOT_ENABLED(id)
    const s = this.#settings.get(id)
    return s && { schema: s.schema, value: s.value }
  }

  /** Validates and stores new settings, then tells the plugin. */
  saveSettings(id: string, input: unknown): Promise<unknown> {
    return this.#serial(async () => {
      const current = this.settingsOf(id)
      if (!current) throw codes.KRN_ERR_VALIDATION(`Plugin '${id}' has no settings.`, { path: ['settings'] })
      const value = parseOrThrow(current.schema, input, ['settings'])
      await this.db.orm
        .insert(pluginState)
        .values({ id, enabled: true, config: value as Record<string, unknown> })
        .onConflictDoUpdate({ target: pluginState.id, set: { config: value as Record<string, unknown>, updatedAt: new Date().toISOString() } })
      const s = this.#settings.get(id)!
      s.value = value
      for (const fn of s.listeners) {
        try {
          await fn(value)
        } catch (err) {
          this.logger.error(`plugin '${id}' failed to apply new settings`, { err: describe(err) })
        }
      }
      this.events.emit('plugin.settingsChanged', { pluginId: id })
      return value
    })
  }

  async #unload(id: string): Promise<void> {
    this.#settings.delete(id)
    for (const kind of Object.keys(CONTRIBUTION_KINDS) as ContributionKind[]) this.registries[kind].removeByPlugin(id)
    this.hooks.removeByPlugin(id)
    this.events.offOwner(id)
    for (const fn of this.#disposers.get(id) ?? []) {
      try {
        await fn()
      } catch (err) {
        this.logger.error(`plugin '${id}' failed while disposing`, { err: describe(err) })
      }
    }
    this.#disposers.delete(id)
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn)
    this.#queue = run.catch(() => undefined)
    return run
  }

  enable(id: string): Promise<PluginEntry> {
    return this.#serial(async () => {
      const entry = this.#entries.get(id)
      if (!entry) throw codes.KRN_ERR_PLUGIN_NOT_FOUND(id)
      if (entry.status === 'enabled') return this.get(id)
      if (!entry.manifest) throw codes.KRN_ERR_PLUGIN_MANIFEST_INVALID(entry.dir, entry.reason ?? 'unreadable')
      const missing = entry.manifest.dependsOn.filter((d) => !this.isEnabled(d))
      if (missing.length) throw codes.KRN_ERR_PLUGIN_DEPENDENCY(id, `enable its dependencies first: ${missing.join(', ')}`, { details: { missing } })
      try {
        await this.#load(entry)
      } catch (err) {
        this.#fail(id, describe(err))
        // A refusal the kernel knows (an incompatible kernel range) keeps its own 4xx code.
        if (err instanceof DocPalError && err.status < 500) throw err
        throw codes.KRN_ERR_PLUGIN_LOAD_FAILED(id, describe(err), { cause: err })
      }
      await this.#saveState(id, true)
      this.onChange()
      this.events.emit('plugin.enabled', { pluginId: id })
      return this.get(id)
    })
  }

  /** `force` disables a plugin in use: its columns stay, unavailable, until it is enabled again. */
  disable(id: string, opts: { force?: boolean } = {}): Promise<PluginEntry> {
    return this.#serial(async () => {
      const entry = this.get(id)
      if (entry.status !== 'enabled') {
        entry.status = 'disabled'
        await this.#saveState(id, false)
        return entry
      }
      const dependents = [...this.#entries.values()].filter((e) => e.status === 'enabled' && e.manifest?.dependsOn.includes(id)).map((e) => e.id)
      const usage = opts.force ? [] : await this.#usage(this.contributions(id))
      refuseInUse(id, 'disabled', dependents, usage)
      await this.#unload(id)
      entry.status = 'disabled'
      entry.reason = undefined
      await this.#saveState(id, false)
      this.onChange()
      this.events.emit('plugin.disabled', { pluginId: id })
      return entry
    })
  }

  async #usage({ fieldTypes, viewTypes, formulaFunctions }: Pick<Contributions, 'fieldTypes' | 'viewTypes' | 'formulaFunctions'>): Promise<Usage> {
    const out: Usage = []
    if (fieldTypes.length) {
      const rows = await this.db.orm
        .select({ name: dataTableColumns.name, type: dataTableColumns.type, table: dataTables.name })
        .from(dataTableColumns)
        .innerJoin(dataTables, eq(dataTables.id, dataTableColumns.dataTableId))
        .where(and(inArray(dataTableColumns.type, fieldTypes), isNull(dataTableColumns.archivedAt)))
      for (const r of rows) out.push({ kind: 'column', table: r.table, name: r.name, text: `column '${r.name}' of table '${r.table}' is a ${r.type} field` })
    }
    const functions = new Set(formulaFunctions)
    if (functions.size) {
      const callers = this.registries.fieldTypes.keys().filter((t) => this.registries.fieldTypes.get(t)?.formulaFunctions)
      const rows = callers.length === 0 ? [] : await this.db.orm
        .select({ name: dataTableColumns.name, type: dataTableColumns.type, config: dataTableColumns.config, table: dataTables.name })
        .from(dataTableColumns)
        .innerJoin(dataTables, eq(dataTables.id, dataTableColumns.dataTableId))
        .where(and(inArray(dataTableColumns.type, callers), isNull(dataTableColumns.archivedAt)))
      for (const r of rows) {
        const called = this.registries.fieldTypes.get(r.type)?.formulaFunctions?.(r.config) ?? []
        for (const fn of called.filter((f) => functions.has(f))) out.push({ kind: 'formula', table: r.table, name: r.name, text: `column '${r.name}' of table '${r.table}' calls ${fn}` })
      }
    }
    if (viewTypes.length) {
      const rows = await this.db.orm
        .select({ name: views.name, type: views.type, table: dataTables.name })
        .from(views)
        .innerJoin(dataTables, eq(dataTables.id, views.dataTableId))
        .where(inArray(views.type, viewTypes))
      for (const r of rows) out.push({ kind: 'view', table: r.table, name: r.name, text: `view '${r.name}' of table '${r.table}' is a ${r.type} view` })
    }
    return out
  }

  /** Checks a tarball before anything is written: digest, paths, manifest, kernel range, entries. */
  async #check(data: Buffer, expectedSha256: string | undefined): Promise<{ archive: PluginArchive; manifest: PluginManifest }> {
    if (!this.installDir) throw codes.KRN_ERR_CONFLICT('This server has no plugin install folder; installing plugins is switched off.')
    const archive = await readPluginArchive(data)
    if (expectedSha256 && expectedSha256.toLowerCase() !== archive.sha256) throw codes.KRN_ERR_PLUGIN_CHECKSUM(expectedSha256.toLowerCase(), archive.sha256)
    if (!('docpal' in archive.packageJson)) throw codes.KRN_ERR_PLUGIN_MANIFEST_INVALID('package.json', 'it has no "docpal" block, so it is not a DocPal plugin')
    const parsed = PluginManifestSchema.safeParse(archive.packageJson['docpal'])
    if (!parsed.success) {
      throw codes.KRN_ERR_PLUGIN_MANIFEST_INVALID('package.json', parsed.error.issues.map((i) => `docpal.${i.path.join('.')}: ${i.message}`).join('; '))
    }
    this.#checkKernel(parsed.data)
    for (const key of ['./server', './client']) {
      const target = packageExport(archive.packageJson['exports'], key)
      if (target === undefined) continue
      const rel = target.replace(/^\.\//, '')
      if (!archive.files.has(rel)) throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`its package.json exports ${key} as ${target}, which the archive does not contain`)
    }
    return { archive, manifest: parsed.data }
  }

  async #place(manifest: PluginManifest, archive: PluginArchive) {
    const placed = await placePluginFolder(this.installDir!, manifest.id, archive.files, { sha256: archive.sha256, installedAt: new Date().toISOString() })
    await linkSdk(this.installDir!)
    // The package.json just written is the one #check validated: no need to read it back.
    return { placed, entry: await this.#entryOf(discoveredPlugin(placed.dir, archive.packageJson, manifest, manifest.id)) }
  }

  /** Unpacks a plugin tarball into the install folder and registers it, disabled. */
  install(data: Buffer, opts: { sha256?: string } = {}): Promise<PluginEntry> {
    return this.#serial(async () => {
      const { archive, manifest } = await this.#check(data, opts.sha256)
      const existing = this.#entries.get(manifest.id)
      if (existing?.source === 'builtin') throw codes.KRN_ERR_PLUGIN_BUILTIN(manifest.id)
      if (existing) throw codes.KRN_ERR_PLUGIN_EXISTS(manifest.id, existing.manifest?.version ?? 'unknown')
      const { placed, entry } = await this.#place(manifest, archive)
      await placed.commit()
      this.#entries.set(entry.id, entry)
      this.#order.push(entry.id)
      await this.#saveState(entry.id, false)
      this.onChange()
      this.events.emit('plugin.installed', { pluginId: entry.id })
      return this.get(entry.id)
    })
  }

  /**
   * Replaces an installed plugin with a newer version. An enabled one is reloaded at once (its new
   * migrations run); if the new version fails to load, the old files and contributions come back.
   */
  update(id: string, data: Buffer, opts: { sha256?: string } = {}): Promise<PluginEntry> {
    return this.#serial(async () => {
      const old = this.get(id) as Entry
      if (old.source === 'builtin') throw codes.KRN_ERR_PLUGIN_BUILTIN(id)
      const { archive, manifest } = await this.#check(data, opts.sha256)
      if (manifest.id !== id) throw codes.KRN_ERR_PLUGIN_ARCHIVE_INVALID(`it holds plugin '${manifest.id}', not '${id}'`)
      const before = old.manifest?.version ?? '0.0.0'
      if (!semver.gt(manifest.version, before)) throw codes.KRN_ERR_PLUGIN_NOT_NEWER(id, before, manifest.version)
      const wasEnabled = old.status === 'enabled'
      if (wasEnabled) await this.#unload(id)
      const { placed, entry } = await this.#place(manifest, archive)
      this.#entries.set(id, entry)
      if (wasEnabled) {
        try {
          await this.#load(entry)
        } catch (err) {
          await placed.rollback()
          this.#entries.set(id, old)
          await this.#load(old).catch((e: unknown) => this.#fail(id, describe(e)))
          this.onChange()
          if (err instanceof DocPalError && err.status < 500) throw err
          throw codes.KRN_ERR_PLUGIN_LOAD_FAILED(id, `version ${manifest.version} did not load, ${before} stays: ${describe(err)}`, { cause: err })
        }
      }
      await placed.commit()
      this.onChange()
      this.events.emit('plugin.updated', { pluginId: id })
      return this.get(id)
    })
  }

  /**
   * Removes an installed plugin's files. Refused while anything uses it, enabled or not (a plugin
   * disabled with `force` still has columns). Its own tables and migration records stay, so
   * installing it again finds its data.
   */
  uninstall(id: string): Promise<void> {
    return this.#serial(async () => {
      const entry = this.get(id) as Entry
      if (entry.source === 'builtin') throw codes.KRN_ERR_PLUGIN_BUILTIN(id)
      const dependents = [...this.#entries.values()].filter((e) => e.id !== id && e.manifest?.dependsOn.includes(id)).map((e) => e.id)
      const usage = await this.#usage(entry.status === 'enabled' ? this.contributions(id) : await this.#declared(entry))
      refuseInUse(id, 'uninstalled', dependents, usage)
      if (entry.status === 'enabled') await this.#unload(id)
      await rm(entry.dir, { recursive: true, force: true })
      await this.db.orm.delete(pluginState).where(eq(pluginState.id, id))
      this.#entries.delete(id)
      this.#order = this.#order.filter((o) => o !== id)
      this.onChange()
      this.events.emit('plugin.uninstalled', { pluginId: id })
    })
  }

  /** What a plugin that is not loaded would contribute, read from its server half. */
  async #declared(entry: Entry): Promise<Contributions> {
    if (entry.manifest?.contributes) return entry.manifest.contributes
    const server = await this.#importServer(entry).catch(() => undefined)
    return contributionsOf(server ?? {})
  }

  async #saveState(id: string, enabled: boolean): Promise<void> {
    await this.db.orm
      .insert(pluginState)
      .values({ id, enabled })
      .onConflictDoUpdate({ target: pluginState.id, set: { enabled, updatedAt: new Date().toISOString() } })
  }

  async stop(): Promise<void> {
    for (const id of [...this.#order].reverse()) if (this.isEnabled(id)) await this.#unload(id)
  }
}
