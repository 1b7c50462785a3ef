import { sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Actor, KernelContext } from '../context.ts'
import { fieldIndexSql, searchIndexSql } from '../ddl/statements.ts'
import { hasTrigram } from '../db/trigram.ts'
import { lockTableSchema } from '../ddl/table-lock.ts'
import { codes } from '../errors/codes.ts'
import { SLOW_USES_TO_PROPOSE } from '../query/query-usage.ts'
import { indexName } from '../schema/names.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { parseOrThrow } from '../validation.ts'
import { schemaTransaction } from '../ddl/index-builds.ts'

/** `sort`: a btree for filters and sorts. `search`: trigrams for quick search and `contains` over a text column. */
export const IndexKind = z.enum(['sort', 'search'])
export type IndexKind = z.infer<typeof IndexKind>

export const IndexInput = z.strictObject({
  field: z.string().min(1).max(255).describe('Column name or id'),
  kind: IndexKind.default('sort').describe("'sort' (filters and sorts, the default) or 'search' (quick search of a text column)"),
})

export interface IndexedField {
  readonly fieldId: string
  readonly field: string
  readonly index: string
  readonly kind: IndexKind
}

export interface IndexProposal {
  readonly fieldId: string
  readonly field: string
  readonly kind: IndexKind
  readonly filtered: number
  readonly sorted: number
  readonly searched: number
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
    const have = new Set(indexed.map((i) => `${i.kind}:${i.fieldId}`))
    const proposals: IndexProposal[] = []
    for (const u of this.k.usage.of(tableId)) {
      const c = rt.byId.get(u.fieldId)?.meta
      if (!c?.columnName || u.slow < SLOW_USES_TO_PROPOSE) continue
      const meanSlowMs = Math.round(u.slowMs / u.slow)
      const base = { fieldId: u.fieldId, field: c.name, filtered: u.filtered, sorted: u.sorted, searched: u.searched, slowQueries: u.slow, meanSlowMs }
      const slow = `${u.slow} of those queries took ${this.k.usage.slowQueryMs} ms or more (mean ${meanSlowMs} ms).`
      if ((u.filtered || u.sorted) && !have.has(`sort:${u.fieldId}`)) {
        const how = [u.filtered ? `filtered ${u.filtered}x` : '', u.sorted ? `sorted ${u.sorted}x` : ''].filter(Boolean).join(' and ')
        proposals.push({ ...base, kind: 'sort', reason: `'${c.name}' was ${how} with no index; ${slow}` })
      }
      if (u.searched && !have.has(`search:${u.fieldId}`))
        proposals.push({ ...base, kind: 'search', reason: `Quick search read '${c.name}' row by row ${u.searched}x (no search index); ${slow}` })
    }
    return { autoIndex: this.opts.autoIndex, slowQueryMs: this.k.usage.slowQueryMs, slowUsesToPropose: SLOW_USES_TO_PROPOSE, indexed, proposals }
  }

  /** Creates the index of one column (idempotent): `created` is false when it already had one. */
  async create(actor: Actor, tableId: string, body: unknown): Promise<IndexedField & { created: boolean; ms: number }> {
    const { field, kind } = parseOrThrow(IndexInput, body)
    const rt = await this.k.tables.get(actor.companyId, tableId)
    const bound = rt.byId.get(field) ?? rt.byName.get(field)
    if (!bound) throw codes.KRN_ERR_VALIDATION(`Unknown column '${field}'.`, { path: ['field'] })
    const c = bound.meta
    if (!c.columnName || c.linkSide)
      throw codes.KRN_ERR_VALIDATION(`Column '${c.name}' is not stored in the table's own row (computed or a link), so it cannot be indexed.`, { path: ['field'] })
    if (kind === 'search') await this.#checkSearchable(c)
    const index = indexName(rt.meta.tableName, kind === 'search' ? `${c.columnName}_trgm` : c.columnName)
    const t0 = performance.now()
    const created = await schemaTransaction(this.k.db, async (tx) => {
      await lockTableSchema(tx, rt.meta.id, rt.meta.tableName)
      const had = await tx.one<{ n: number }>(sql`select count(*)::int as n from pg_indexes where schemaname = current_schema() and indexname = ${index}`)
      if (had?.n) return false
      // Within the schema lock, like a view's indexes: writes to the table wait for the build.
      await tx.query(kind === 'search' ? searchIndexSql(rt.meta.tableName, c.columnName ?? '') : fieldIndexSql(rt.meta.tableName, c.columnName ?? ''))
      const metadata = { field: c.name, fieldId: c.id, kind, auto: actor.userId === AUTO_INDEX_USER }
      await this.k.audit.write(tx, actor, { action: 'index.create', resourceType: 'table', resourceId: rt.meta.id, resourceName: rt.meta.name, tableId: rt.meta.id, metadata })
      return true
    })
    const ms = Math.round(performance.now() - t0)
    if (created) this.k.logger.info('column index created', { tableId, field: c.name, kind, index, ms, userId: actor.userId })
    return { fieldId: c.id, field: c.name, index, kind, created, ms }
  }

  /**
   * With auto-indexing on, QueryUsage's proposals are created as they arise, one at a time, in
   * the background; a failure (a schema change holding the table, say) is logged with the table
   * and column, and the proposal stays listed for a person to act on.
   */
  autoCreate(companyId: string, tableId: string, fieldId: string): void {
    if (!this.opts.autoIndex) return
    const actor: Actor = { companyId, userId: AUTO_INDEX_USER }
    const u = this.k.usage.of(tableId).find((x) => x.fieldId === fieldId)
    // The kinds the column's usage earned; without a record of it (forgotten meanwhile), a sort index as before.
    if (!u || u.filtered || u.sorted) this.#enqueue(actor, tableId, fieldId, 'sort')
    if (u?.searched) this.#enqueue(actor, tableId, fieldId, 'search')
  }

  #enqueue(actor: Actor, tableId: string, fieldId: string, kind: IndexKind): void {
    this.#queue = this.#queue
      .then(() => this.create(actor, tableId, { field: fieldId, kind }))
      .then(
        (r) => {
          if (r.created) this.k.logger.info('auto-index: created the index of a column slow queries used', { tableId, field: r.field, ms: r.ms })
        },
        (err: unknown) => this.k.logger.warn('auto-index: could not create a proposed index', { err: err instanceof Error ? err.message : String(err), tableId, fieldId, kind }),
      )
  }

  #queue: Promise<void> = Promise.resolve()

  async #indexed(rt: TableRuntime): Promise<IndexedField[]> {
    const rows = await this.k.db.query<{ indexname: string }>(sql`select indexname from pg_indexes where schemaname = current_schema() and tablename = ${rt.meta.tableName}`)
    const names = new Set(rows.map((r) => r.indexname))
    const out: IndexedField[] = []
    for (const b of rt.byId.values()) {
      const c = b.meta
      if (!c.columnName || c.linkSide) continue
      const index = indexName(rt.meta.tableName, c.columnName)
      if (names.has(index)) out.push({ fieldId: c.id, field: c.name, index, kind: 'sort' })
      // Text types with their own search index (text, e-mail, URL) have it from the start: listed are the ones made here.
      const trigram = indexName(rt.meta.tableName, `${c.columnName}_trgm`)
      if (names.has(trigram) && !b.fieldType?.traits?.searchIndex) out.push({ fieldId: c.id, field: c.name, index: trigram, kind: 'search' })
    }
    return out
  }

  /** A search index takes a column stored as text, in a database that has pg_trgm. */
  async #checkSearchable(c: { name: string; dataType: string | null }): Promise<void> {
    if (c.dataType !== 'text') throw codes.KRN_ERR_VALIDATION(`Column '${c.name}' is not stored as text, so it cannot have a search index.`, { path: ['kind'] })
    if (!(await hasTrigram(this.k.db)))
      throw codes.KRN_ERR_VALIDATION('Search indexes need the pg_trgm extension, which this database does not have (docs/search.md).', { path: ['kind'] })
  }
}
