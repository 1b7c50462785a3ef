import type { z } from 'zod'
import type { DependencyContainer } from 'tsyringe'
import type { Contributions } from '@docpal/plugin-sdk'
import type { Database, Executor } from '../db/executor.ts'
import { PluginServices } from '../container/plugin-services.ts'
import { codes } from '../errors/codes.ts'
import type { EventBus } from '../events/bus.ts'
import type { HookRegistry } from '../hooks/registry.ts'
import type { Logger } from '../logger.ts'
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive-limits.ts'
import { PluginInstaller } from './installer.ts'
import { PluginLifecycle, type PluginRuntime } from './lifecycle.ts'
import { PluginTable, type Entry, type PluginEntry } from './plugin-entry.ts'
import { PluginSettings } from './plugin-settings.ts'
import { CompanyPluginSettings } from './company-settings.ts'
import { createRegistries, type Registries } from './registries.ts'
import { shareSettingsChanges } from './settings-changes.ts'
import { GenerationCatchUp } from '../db/generation-catch-up.ts'
import { PluginFollower, sharePluginChanges } from './plugin-changes.ts'
import { AppliedGeneration, pluginGeneration, pluginGenerationForSchemaChange, PluginsBehind } from './plugin-generation.ts'
import { unpackAllStored } from './plugin-packages.ts'
import type { Announce } from '../db/process-channel.ts'

export type { PluginEntry, PluginSource, PluginStatus } from './plugin-entry.ts'
export type { PluginRoute, Registries } from './registries.ts'

export interface PluginManagerOptions {
  readonly db: Database
  readonly hooks: HookRegistry
  readonly events: EventBus
  readonly logger: Logger
  readonly kernelVersion: string
  /** Holds the kernel's services; each plugin gets a child of it. */
  readonly container: DependencyContainer
  /** Where tarballs are unpacked (`<data dir>/plugins`); none: installing is refused. */
  readonly installDir?: string | undefined
  /** How far an uploaded archive may unpack; unset fields keep `DEFAULT_ARCHIVE_LIMITS`. */
  readonly archiveLimits?: Partial<ArchiveLimits> | undefined
}

/**
 * The kernel's one door to plugins: what is known, enabled and contributed. Lifecycle, installer,
 * settings and DI live in their own files; this class serialises the changes (two admins cannot
 * interleave them) and announces each one as `plugins.changed` on the event bus.
 */
export class PluginManager {
  readonly registries: Registries = createRegistries()
  readonly #table: PluginTable
  readonly #settings: PluginSettings
  readonly #companySettings: CompanyPluginSettings
  readonly #services: PluginServices
  readonly #lifecycle: PluginLifecycle
  readonly #installer: PluginInstaller
  readonly #rt: PluginRuntime
  /** Tells the other server processes which plugin changed (PostgreSQL); unset: nobody to tell. */
  #announce: Announce | undefined
  #queue: Promise<unknown> = Promise.resolve()
  #follower: PluginFollower | undefined
  readonly #generation = new AppliedGeneration()

  constructor(opts: PluginManagerOptions) {
    this.#table = new PluginTable(opts.logger)
    this.#settings = new PluginSettings(opts.db, opts.events, opts.logger)
    this.#companySettings = new CompanyPluginSettings(opts.db, opts.logger)
    this.#services = new PluginServices(opts.container, opts.logger)
    const rt: PluginRuntime = {
      ...opts,
      installDir: opts.installDir,
      archiveLimits: { ...DEFAULT_ARCHIVE_LIMITS, ...opts.archiveLimits },
      registries: this.registries,
      table: this.#table,
      settings: this.#settings,
      companySettings: this.#companySettings,
      services: this.#services,
      generation: this.#generation,
    }
    this.#rt = rt
    this.#lifecycle = new PluginLifecycle(rt)
    this.#installer = new PluginInstaller(rt, this.#lifecycle)
    opts.hooks.setPluginRank((id) => this.#table.order.indexOf(id))
  }

  /** Settings saved in other server processes on the same PostgreSQL reach this one's plugins. */
  readonly #settingsGeneration = new GenerationCatchUp(async () => {
    this.#companySettings.forgetAll()
    await this.#settings.reloadAll()
  })

  /** Resolves once plugin settings here are as new as `plugin_settings_generation` = `n` (read by a request after it arrived). */
  settingsAtLeast(n: number): Promise<void> {
    return this.#settingsGeneration.atLeast(n)
  }

  shareSettingsChanges(db: Database, logger: Logger): Promise<void> {
    return shareSettingsChanges(db, logger, this.#settings, this.#companySettings)
  }

  /** Plugin installs, updates, enables, disables and uninstalls made in other server processes reach this one, and this one's reach them. */
  async sharePluginChanges(db: Database, logger: Logger): Promise<void> {
    this.#follower = new PluginFollower(this.#rt, this.#lifecycle)
    this.#announce = await sharePluginChanges(db, logger, this.#follower, (fn) => this.#serial(fn))
  }

  list(): PluginEntry[] {
    return [...this.#table.entries.values()].map(({ discovered: _d, ...e }) => e)
  }

  get(id: string): PluginEntry {
    return this.#entry(id)
  }

  #entry(id: string): Entry {
    const e = this.#table.entries.get(id)
    if (!e) throw codes.KRN_ERR_PLUGIN_NOT_FOUND(id)
    return e
  }

  isEnabled(id: string): boolean {
    return this.#table.isEnabled(id)
  }

  /** What an enabled plugin contributes; for one not enabled, what its manifest declares. */
  contributions(id: string): Contributions {
    return this.#lifecycle.contributions(id)
  }

  /** An enabled plugin's DI container (kernel services, its deps); undefined once disabled. */
  containerOf(id: string): DependencyContainer | undefined {
    return this.#services.containerOf(id)
  }

  /** Discovers plugins in `dirs` and loads every one that is enabled (all are, until disabled). */
  async boot(dirs: ReadonlyArray<string>, packages: ReadonlyArray<string> = []): Promise<void> {
    const { db, installDir, archiveLimits, logger } = this.#rt
    // The packages installed through any process, unpacked here before discovery finds them.
    if (installDir) await unpackAllStored(db, installDir, archiveLimits, logger)
    // Read before the states boot loads: a change committed meanwhile makes the next check sync.
    this.#generation.set(await pluginGeneration(db))
    await this.#lifecycle.boot(dirs, packages)
  }

  /**
   * In a schema change's transaction, before it plans: waits for a plugin change under way (in
   * any process) and throws PluginsBehind when one committed that this process has not applied
   * yet (plugin-generation.ts); the caller syncs and plans again.
   */
  async assertCurrent(tx: Executor): Promise<void> {
    const n = await pluginGenerationForSchemaChange(tx)
    if (!this.#generation.is(n)) throw new PluginsBehind(n)
  }

  /** Resolves once the plugin changes up to generation `n` (read by a request after it arrived) are applied here. */
  async pluginsAtLeast(n: number): Promise<void> {
    if (!this.#generation.covers(n)) await this.sync()
  }

  /** Applies the plugin changes other processes committed that this one has not heard of yet. */
  sync(): Promise<void> {
    return this.#serial(async () => {
      const n = await pluginGeneration(this.#rt.db)
      if (this.#generation.is(n)) return
      await this.#follower?.applyAll()
      this.#generation.set(n)
    })
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn)
    this.#queue = run.catch(() => undefined)
    return run
  }

  /** A plugin change, serialised, then announced to the other processes once it has committed. */
  async #change<T>(id: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.#serial(fn)
    } finally {
      // Also after a refusal or failure: whatever did commit is read from the database by the others.
      this.#announce?.(JSON.stringify({ id }))
    }
  }

  enable(id: string): Promise<PluginEntry> {
    return this.#change(id, () => this.#lifecycle.enable(id))
  }

  /** `force` disables a plugin in use: its columns stay, unavailable, until it is enabled again. */
  disable(id: string, opts: { force?: boolean } = {}): Promise<PluginEntry> {
    return this.#change(id, () => this.#lifecycle.disable(this.#entry(id), opts))
  }

  /** Unpacks a plugin tarball into the install folder and registers it, disabled. */
  async install(data: Buffer, opts: { sha256?: string } = {}): Promise<PluginEntry> {
    const entry = await this.#serial(() => this.#installer.install(data, opts))
    this.#announce?.(JSON.stringify({ id: entry.id }))
    return entry
  }

  /** Replaces an installed plugin with a newer version (see installer.ts). */
  update(id: string, data: Buffer, opts: { sha256?: string } = {}): Promise<PluginEntry> {
    return this.#change(id, () => this.#installer.update(this.#entry(id), data, opts))
  }

  /** Removes an installed plugin's files; refused while anything uses it. */
  uninstall(id: string): Promise<void> {
    return this.#change(id, () => this.#installer.uninstall(this.#entry(id)))
  }

  /** Whether an enabled plugin declares settings (the admin panel offers its settings dialog). */
  hasSettings(id: string): boolean {
    return this.#settings.has(id)
  }

  /** An enabled plugin's settings schema and value; `undefined` when it has none. */
  settingsOf(id: string): { schema: z.ZodType; value: unknown } | undefined {
    if (this.#entry(id).status !== 'enabled') throw codes.KRN_ERR_PLUGIN_NOT_ENABLED(id)
    return this.#settings.of(id)
  }

  /** Validates and stores new settings, then tells the plugin. */
  saveSettings(id: string, input: unknown): Promise<unknown> {
    return this.#serial(async () => {
      if (this.#entry(id).status !== 'enabled') throw codes.KRN_ERR_PLUGIN_NOT_ENABLED(id)
      return this.#settings.save(id, input)
    })
  }

  /** Whether an enabled plugin keeps its settings per company (`settingsScope: 'company'`). */
  hasCompanySettings(id: string): boolean {
    return this.#companySettings.has(id)
  }

  /** A company's settings of an enabled plugin that keeps them per company: schema and value. */
  async companySettingsOf(id: string, companyId: string): Promise<{ schema: z.ZodType; value: unknown }> {
    if (this.#entry(id).status !== 'enabled') throw codes.KRN_ERR_PLUGIN_NOT_ENABLED(id)
    const value = await this.#companySettings.value(id, companyId)
    const schema = this.#companySettings.schema(id)
    if (!schema) throw codes.KRN_ERR_PLUGIN_NOT_ENABLED(id)
    return { schema, value }
  }

  /** Validates and stores a company's settings (`alongside` in the same transaction: the audit entry), then tells the plugin. */
  saveCompanySettings(id: string, companyId: string, input: unknown, alongside?: (tx: Executor) => Promise<void>): Promise<unknown> {
    return this.#serial(async () => {
      if (this.#entry(id).status !== 'enabled') throw codes.KRN_ERR_PLUGIN_NOT_ENABLED(id)
      return this.#companySettings.save(id, companyId, input, alongside)
    })
  }

  async stop(): Promise<void> {
    await this.#lifecycle.stop()
  }
}
