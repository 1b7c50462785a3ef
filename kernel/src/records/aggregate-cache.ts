import { randomBytes } from 'node:crypto'
import type { SQL } from '@docpal/plugin-sdk'
import { sql } from '@docpal/plugin-sdk'
import { compile, type Database } from '../db/executor.ts'
import type { EventBus } from '../events/bus.ts'
import type { Logger } from '../logger.ts'
import { ident } from '../sql/ident.ts'

interface Cached {
  readonly table: string
  readonly companyId: string
  readonly builtAt: number
}

/** What a cache table is built from: the table, a grouped field's `(id, v)` over it, its empty value. */
export interface GroupedSource {
  readonly physical: SQL
  readonly grouped: SQL
  readonly empty: SQL
}

/**
 * Whole-table values of grouped fields (aggregations, lookups) that a query filters or sorts on,
 * kept in unlogged tables of `(id, v)` with a row for every record (empty ones included) and an
 * index on `v`, so a sorted page walks the index and joins only its rows. Computing a sum across a
 * relation for 100k rows costs ~300 ms; the cached page a few ms. An entry is dropped when any
 * record of its company changes in this process, and after `ttlMs` in any case (writes made by
 * other server processes: until then a record they created is missing from such filters and
 * sorts). Only fragments without bind parameters are cached (CREATE TABLE AS takes none).
 */
export class AggregateCache {
  readonly #entries = new Map<string, Cached>()
  readonly #building = new Map<string, Promise<string>>()
  /** Replaced tables, dropped once queries that may still read them are done. */
  readonly #retired: Array<{ table: string; at: number }> = []
  readonly #prefix = `dp_cache_${randomBytes(3).toString('hex')}_`
  #generation = 0

  constructor(
    private readonly db: Database,
    events: EventBus,
    private readonly logger: Logger,
    private readonly ttlMs = 60_000,
  ) {
    const drop = (p: { companyId: string }) => this.invalidate(p.companyId)
    events.on('record.created', drop)
    events.on('record.updated', drop)
    events.on('record.deleted', drop)
    events.on('records.bulkCreated', drop)
    events.on('table.schemaChanged', drop)
    events.on('table.deleted', drop)
  }

  invalidate(companyId: string): void {
    this.#generation++
    for (const [key, c] of this.#entries) {
      if (c.companyId !== companyId) continue
      this.#entries.delete(key)
      this.#retired.push({ table: c.table, at: Date.now() })
    }
  }

  /**
   * The cache table holding `(id, v)` of `grouped` for `key`, built now if missing or stale;
   * undefined when the fragment cannot be cached.
   */
  async tableFor(key: string, companyId: string, source: GroupedSource): Promise<string | undefined> {
    const hit = this.#entries.get(key)
    if (hit && Date.now() - hit.builtAt < this.ttlMs) return hit.table
    if (compile(sql`${source.grouped}${source.empty}`).params.length > 0) return undefined
    let pending = this.#building.get(key)
    if (!pending) {
      pending = this.#build(key, companyId, source).finally(() => this.#building.delete(key))
      this.#building.set(key, pending)
    }
    return pending
  }

  async #build(key: string, companyId: string, { physical, grouped, empty }: GroupedSource): Promise<string> {
    await this.#dropRetired()
    const generation = this.#generation
    const table = `${this.#prefix}${randomBytes(6).toString('hex')}`
    const builtAt = Date.now()
    await this.db.query(sql`create unlogged table ${ident(table)} as select t.id, coalesce(g.v, ${empty}) as v from ${physical} t left join (${grouped}) g on g.id = t.id`)
    await this.db.query(sql`alter table ${ident(table)} add primary key (id)`)
    // Lookups and relations hold json, which has no btree order: those are joined, not walked.
    await this.db.query(sql`create index on ${ident(table)} (v)`).catch(() => undefined)
    await this.db.query(sql`analyze ${ident(table)}`)
    const old = this.#entries.get(key)
    if (old) this.#retired.push({ table: old.table, at: Date.now() })
    // A write while building may not be in the table: serve it to this query, keep it for none.
    if (generation === this.#generation) this.#entries.set(key, { table, companyId, builtAt })
    else this.#retired.push({ table, at: Date.now() })
    return table
  }

  async #dropRetired(olderThanMs = 30_000): Promise<void> {
    const now = Date.now()
    for (let i = this.#retired.length - 1; i >= 0; i--) {
      const r = this.#retired[i]!
      if (now - r.at < olderThanMs) continue
      this.#retired.splice(i, 1)
      await this.db.query(sql`drop table if exists ${ident(r.table)}`).catch((err: unknown) => this.logger.warn('could not drop a cache table', { table: r.table, err: String(err) }))
    }
  }

  /** Drops every table this process made (server stop). */
  async close(): Promise<void> {
    for (const c of this.#entries.values()) this.#retired.push({ table: c.table, at: 0 })
    this.#entries.clear()
    await this.#dropRetired(-Infinity)
  }
}
