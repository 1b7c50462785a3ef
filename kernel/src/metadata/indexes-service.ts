import { sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Actor, KernelContext } from '../context.ts'
import { fieldIndexSql } from '../ddl/statements.ts'
import { lockTableSchema } from '../ddl/table-lock.ts'
import { codes } from '../errors/codes.ts'
import { SLOW_USES_TO_PROPOSE } from '../query/query-usage.ts'
import { indexName } from '../schema/names.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { parseOrThrow } from '../validation.ts'
import { schemaTransaction } from '../ddl/index-builds.ts'

export const IndexInput = z.strictObject({ field: z.string().min(1).max(255).describe('Column name or id') })

export interface IndexedField {
  readonly fieldId: string
  readonly field: string
  readonly index: string
}

export interface IndexProposal {
  readonly fieldId: string
  readonly field: string
  readonly filtered: number
  readonly sorted: number
  readonly slowQueries: number
  readonly meanSlowMs: number
  readonly reason: string
}

/**
 * Column indexes of a table: which columns have one (made for a view's sorts, filters and
 * grouping, or here), which ones are proposed from what ad-hoc queries filtered and sorted by
 * and how slow those were (`QueryUsage`), and creating one, by hand or automatically
 * (`autoIndex`). An index costs every write to the table a little: docs/benchmarks.md measures
 * how much, which is why proposing is the default and creating automatically a setting.
 */
/** The actor of indexes the server creates on its own (not a user id: the audit entry names no person). */
const AUTO_INDEX_USER = 'auto-index'

export class IndexesService {
  constructor(
    private readonly k: KernelContext,
    private readonly opts: { autoIndex: boolean },
  ) {}

  async list(actor: Actor, tableId: string): Promise<{ autoIndex: boolean; slowQueryMs: number; slowUsesToPropose: number; indexed: IndexedField[]; proposals: IndexProposal[] }> {
    const rt = await this.k.tables.get(actor.companyId, tableId)
    const indexed = await this.#indexed(rt)
    const have = new Set(indexed.map((i) => i.fieldId))
    const proposals: IndexProposal[] = []
    for (const u of this.k.usage.of(tableId)) {
      const c = rt.byId.get(u.fieldId)?.meta
      if (!c?.columnName || have.has(u.fieldId) || u.slow < SLOW_USES_TO_PROPOSE) continue
      const meanSlowMs = Math.round(u.slowMs / u.slow)
      const how = [u.filtered ? `filtered ${u.filtered}x` : '', u.sorted ? `sorted ${u.sorted}x` : ''].filter(Boolean).join(' and ')
      proposals.push({
        fieldId: u.fieldId,
        field: c.name,
        filtered: u.filtered,
        sorted: u.sorted,
        slowQueries: u.slow,
        meanSlowMs,
        reason: `'${c.name}' was ${how} with no index; ${u.slow} of those queries took ${this.k.usage.slowQueryMs} ms or more (mean ${meanSlowMs} ms).`,
      })
    }
    return { autoIndex: this.opts.autoIndex, slowQueryMs: this.k.usage.slowQueryMs, slowUsesToPropose: SLOW_USES_TO_PROPOSE, indexed, proposals }
  }

  /** Creates the index of one column (idempotent): `created` is false when it already had one. */
  async create(actor: Actor, tableId: string, body: unknown): Promise<IndexedField & { created: boolean; ms: number }> {
    const { field } = parseOrThrow(IndexInput, body)
    const rt = await this.k.tables.get(actor.companyId, tableId)
    const bound = rt.byId.get(field) ?? rt.byName.get(field)
    if (!bound) throw codes.KRN_ERR_VALIDATION(`Unknown column '${field}'.`, { path: ['field'] })
    const c = bound.meta
    if (!c.columnName || c.linkSide)
      throw codes.KRN_ERR_VALIDATION(`Column '${c.name}' is not stored in the table's own row (computed or a link), so it cannot be indexed.`, { path: ['field'] })
    const index = indexName(rt.meta.tableName, c.columnName)
    const t0 = performance.now()
    const created = await schemaTransaction(this.k.db, async (tx) => {
      await lockTableSchema(tx, rt.meta.id, rt.meta.tableName)
      const had = await tx.one<{ n: number }>(sql`select count(*)::int as n from pg_indexes where schemaname = current_schema() and indexname = ${index}`)
      if (had?.n) return false
      // Within the schema lock, like a view's indexes: writes to the table wait for the build.
      await tx.query(fieldIndexSql(rt.meta.tableName, c.columnName ?? ''))
      const metadata = { field: c.name, fieldId: c.id, auto: actor.userId === AUTO_INDEX_USER }
      await this.k.audit.write(tx, actor, { action: 'index.create', resourceType: 'table', resourceId: rt.meta.id, resourceName: rt.meta.name, tableId: rt.meta.id, metadata })
      return true
    })
    const ms = Math.round(performance.now() - t0)
    if (created) this.k.logger.info('column index created', { tableId, field: c.name, index, ms, userId: actor.userId })
    return { fieldId: c.id, field: c.name, index, created, ms }
  }

  /**
   * With auto-indexing on, QueryUsage's proposals are created as they arise, one at a time, in
   * the background; a failure (a schema change holding the table, say) is logged with the table
   * and column, and the proposal stays listed for a person to act on.
   */
  autoCreate(companyId: string, tableId: string, fieldId: string): void {
    if (!this.opts.autoIndex) return
    const actor: Actor = { companyId, userId: AUTO_INDEX_USER }
    this.#queue = this.#queue
      .then(() => this.create(actor, tableId, { field: fieldId }))
      .then(
        (r) => {
          if (r.created) this.k.logger.info('auto-index: created the index of a column slow queries used', { tableId, field: r.field, ms: r.ms })
        },
        (err: unknown) => this.k.logger.warn('auto-index: could not create a proposed index', { err: err instanceof Error ? err.message : String(err), tableId, fieldId }),
      )
  }

  #queue: Promise<void> = Promise.resolve()

  async #indexed(rt: TableRuntime): Promise<IndexedField[]> {
    const rows = await this.k.db.query<{ indexname: string }>(sql`select indexname from pg_indexes where schemaname = current_schema() and tablename = ${rt.meta.tableName}`)
    const names = new Set(rows.map((r) => r.indexname))
    const out: IndexedField[] = []
    for (const c of rt.meta.columns) {
      if (!c.columnName || c.linkSide) continue
      const index = indexName(rt.meta.tableName, c.columnName)
      if (names.has(index)) out.push({ fieldId: c.id, field: c.name, index })
    }
    return out
  }
}
