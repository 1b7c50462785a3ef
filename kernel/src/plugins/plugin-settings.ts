import type { z } from 'zod'
import { eq } from 'drizzle-orm'
import type { Database } from '../db/executor.ts'
import { pluginState } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import type { EventBus } from '../events/bus.ts'
import type { Logger } from '../logger.ts'
import { parseOrThrow } from '../validation.ts'
import { describeError } from './plugin-entry.ts'

type Listener = (value: unknown) => void | Promise<void>

/** Enabled plugins' settings: schema, current value, and who listens for changes. */
export class PluginSettings {
  readonly #settings = new Map<string, { schema: z.ZodType; value: unknown; listeners: Listener[] }>()

  constructor(
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {}

  /** Told of each save (plugins/settings-changes.ts tells the other server processes). */
  announce: ((id: string) => void) | undefined

  /** Stored settings, parsed; ones a new version no longer accepts fall back to its defaults. */
  async load(id: string, schema: z.ZodType): Promise<void> {
    this.#settings.set(id, { schema, value: await this.#stored(id, schema), listeners: [] })
  }

  async #stored(id: string, schema: z.ZodType): Promise<unknown> {
    const [row] = await this.db.orm.select({ config: pluginState.config }).from(pluginState).where(eq(pluginState.id, id))
    const stored = schema.safeParse(row?.config ?? {})
    if (stored.success) return stored.data
    this.logger.warn(`plugin '${id}': stored settings no longer fit its schema; using its defaults`, { plugin: id, issues: stored.error.issues.map((i) => i.message) })
    const defaults = schema.safeParse({})
    return defaults.success ? defaults.data : undefined
  }

  /** Another server process saved the plugin's settings: read them again and tell the plugin when they differ. */
  async changedElsewhere(id: string): Promise<void> {
    const s = this.#settings.get(id)
    if (!s) return
    const value = await this.#stored(id, s.schema)
    // Both a request that found the settings behind and the notification come here: tell once.
    if (JSON.stringify(value) === JSON.stringify(s.value)) return
    s.value = value
    await this.#tell(id, s.value, s.listeners)
  }

  /** Every loaded plugin's settings read again (another process's saves may have been missed). */
  async reloadAll(): Promise<void> {
    for (const id of [...this.#settings.keys()]) await this.changedElsewhere(id)
  }

  async #tell(id: string, value: unknown, listeners: ReadonlyArray<Listener>): Promise<void> {
    for (const fn of listeners) {
      try {
        await fn(value)
      } catch (err) {
        this.logger.error(`plugin '${id}' failed to apply new settings`, { plugin: id, err: describeError(err) })
      }
    }
    this.events.emit('plugin.settingsChanged', { pluginId: id })
  }

  unload(id: string): void {
    this.#settings.delete(id)
  }

  has(id: string): boolean {
    return this.#settings.has(id)
  }

  value(id: string): unknown {
    return this.#settings.get(id)?.value
  }

  listen(id: string, fn: Listener): void {
    this.#settings.get(id)?.listeners.push(fn)
  }

  /** Schema and value of a loaded plugin's settings; `undefined` when it declares none. */
  of(id: string): { schema: z.ZodType; value: unknown } | undefined {
    const s = this.#settings.get(id)
    return s && { schema: s.schema, value: s.value }
  }

  /** Validates and stores new settings, then tells the plugin (a failing listener is logged). */
  async save(id: string, input: unknown): Promise<unknown> {
    const s = this.#settings.get(id)
    if (!s) throw codes.KRN_ERR_VALIDATION(`Plugin '${id}' has no settings.`, { path: ['settings'] })
    const value = parseOrThrow(s.schema, input, ['settings'])
    await this.db.orm
      .insert(pluginState)
      .values({ id, enabled: true, config: value })
      .onConflictDoUpdate({ target: pluginState.id, set: { config: value, updatedAt: new Date().toISOString() } })
    s.value = value
    await this.#tell(id, value, s.listeners)
    this.announce?.(id)
    return value
  }
}
