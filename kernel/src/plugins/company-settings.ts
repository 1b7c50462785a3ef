import type { z } from 'zod'
import { and, eq, sql } from 'drizzle-orm'
import type { Database, Executor } from '../db/executor.ts'
import { pluginCompanySettings } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import type { Logger } from '../logger.ts'
import { parseOrThrow } from '../validation.ts'
import { describeError } from './plugin-entry.ts'

type Listener = (companyId: string, value: unknown) => void | Promise<void>

/**
 * Settings of plugins that declare `settingsScope: 'company'`: one value per company, stored in
 * plugin_company_settings and read on demand (an instance may hold many companies), cached per
 * (plugin, company) until saved again or the plugin is disabled.
 */
export class CompanyPluginSettings {
  readonly #plugins = new Map<string, { schema: z.ZodType; values: Map<string, unknown>; listeners: Listener[] }>()

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  declare(id: string, schema: z.ZodType): void {
    this.#plugins.set(id, { schema, values: new Map(), listeners: [] })
  }

  unload(id: string): void {
    this.#plugins.delete(id)
  }

  has(id: string): boolean {
    return this.#plugins.has(id)
  }

  schema(id: string): z.ZodType | undefined {
    return this.#plugins.get(id)?.schema
  }

  /** The schema's defaults (what `ctx.settings()` answers a company-scoped plugin). */
  defaults(id: string): unknown {
    const parsed = this.#plugins.get(id)?.schema.safeParse({})
    return parsed?.success ? parsed.data : undefined
  }

  listen(id: string, fn: Listener): void {
    this.#plugins.get(id)?.listeners.push(fn)
  }

  #declared(id: string) {
    const p = this.#plugins.get(id)
    if (!p) throw codes.KRN_ERR_VALIDATION(`Plugin '${id}' has no settings per company.`, { path: ['settings'] })
    return p
  }

  /** The company's settings, parsed; none saved (or no longer fitting the schema): the schema's defaults. */
  async value(id: string, companyId: string): Promise<unknown> {
    const p = this.#declared(id)
    if (p.values.has(companyId)) return p.values.get(companyId)
    const [row] = await this.db.orm
      .select({ config: pluginCompanySettings.config })
      .from(pluginCompanySettings)
      .where(and(eq(pluginCompanySettings.pluginId, id), eq(pluginCompanySettings.companyId, companyId)))
    const stored = p.schema.safeParse(row?.config ?? {})
    let value: unknown = stored.success ? stored.data : undefined
    if (!stored.success) {
      this.logger.warn(`plugin '${id}': a company's stored settings no longer fit its schema; using its defaults`, { plugin: id, companyId })
      const defaults = p.schema.safeParse({})
      value = defaults.success ? defaults.data : undefined
    }
    // Only cached while still declared: a disable during the read must not leave a stale value.
    if (this.#plugins.get(id) === p) p.values.set(companyId, value)
    return value
  }

  /**
   * Validates and stores a company's settings; `alongside` runs in the same transaction (the
   * audit entry). After commit the plugin is told (a failing listener is logged).
   */
  async save(id: string, companyId: string, input: unknown, alongside?: (tx: Executor) => Promise<void>): Promise<unknown> {
    const p = this.#declared(id)
    const value = parseOrThrow(p.schema, input, ['settings'])
    await this.db.transaction(async (tx) => {
      await tx.orm
        .insert(pluginCompanySettings)
        .values({ pluginId: id, companyId, config: value })
        .onConflictDoUpdate({ target: [pluginCompanySettings.pluginId, pluginCompanySettings.companyId], set: { config: value, updatedAt: sql`now()` } })
      await alongside?.(tx)
    })
    p.values.set(companyId, value)
    await this.#tell(id, companyId, value, p.listeners)
    this.announce?.(id, companyId)
    return value
  }

  /** Told of each save (plugins/settings-changes.ts tells the other server processes). */
  announce: ((id: string, companyId: string) => void) | undefined

  /** Another server process saved a company's settings: read them again and tell the plugin. */
  async changedElsewhere(id: string, companyId: string): Promise<void> {
    const p = this.#plugins.get(id)
    if (!p) return
    p.values.delete(companyId)
    await this.#tell(id, companyId, await this.value(id, companyId), p.listeners)
  }

  /** Every cached company value forgotten (another process's saves may have been missed). */
  forgetAll(): void {
    for (const p of this.#plugins.values()) p.values.clear()
  }

  async #tell(id: string, companyId: string, value: unknown, listeners: ReadonlyArray<Listener>): Promise<void> {
    for (const fn of listeners) {
      try {
        await fn(companyId, value)
      } catch (err) {
        this.logger.error(`plugin '${id}' failed to apply a company's new settings`, { plugin: id, companyId, err: describeError(err) })
      }
    }
  }
}
