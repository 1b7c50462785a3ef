import type { FilterNode, QueryAst, SortNode } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { compileCount, compileCountEstimate, compileCursorCheck, compilePage, type CompileOptions } from '../query/compile.ts'
import { resolveQuery, sortKeyCount, type ResolvedQuery } from '../query/resolve.ts'
import { rowReadSearchFields, valueSearchedFields } from '../query/search.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { buildQuery } from './list-query.ts'
import { withTable } from './write-support.ts'
import { readGuardExpr } from './write-guard.ts'
import { present } from '../errors/present.ts'
import { codes } from '../errors/codes.ts'
import { isDataException } from '../db/pg-code.ts'

const EXACT_BELOW = 10_000

/** What a view adds to a list request. */
export interface ListExtra {
  filter?: FilterNode
  sort?: ReadonlyArray<SortNode>
  groupBy?: string
  fields?: ReadonlyArray<string>
}

/**
 * A page of records as the API's JSON text: parse the request into a QueryAst, let
 * `query.beforeCompile` hooks transform it, resolve it against the table once, compile, run.
 */
export async function listPage(k: KernelContext, actor: Actor, tableId: string, raw: unknown, extra: ListExtra = {}): Promise<string> {
  return withTable(k, actor, tableId, 'view', async (rt) => {
    const built = buildQuery(rt, raw, extra)
    let ast: QueryAst = built.ast
    if (k.hooks.has('query.beforeCompile')) ast = await k.hooks.waterfall('query.beforeCompile', ast, { ...actor, tableId, table: rt.info })
    const signature = JSON.stringify([ast.sort, ast.groupBy ?? null])
    const after = built.params.cursor ? decodeCursor(built.params.cursor, signature, sortKeyCount(ast)) : undefined
    const q = resolveQuery(rt, after ? { ...ast, after } : ast, built.trusted)
    // PostgreSQL: the count runs beside the page on a second pooled connection (the page and
    // the count each scan the filtered rows; side by side they cost the slower one, not the sum).
    // PGlite has one connection, so there the count stays inside the page's statement.
    const apart = k.db.driver === 'postgres'
    // PGlite's planner reads the whole table for an OR of trigram tests even when each has its
    // index; one branch per field makes it use them (docs/benchmarks.md, "Quick search").
    const form = { searchBranches: k.db.driver === 'pglite' }
    const { statement } = compilePage(rt, q, built.params.fieldKey, actor.userId, { ...form, countApart: apart, cellFormat: built.params.cellFormat, guard: readGuardExpr(rt) })
    const t0 = performance.now()
    const [row, counted] = await Promise.all([
      k.db.one<{ records: string; last_key: string | null; n: number; total: number | null; groups: string | null }>(statement),
      q.count === 'estimate' ? estimateTotal(k, rt, q, actor.userId, form) : q.count === 'exact' && apart ? exactTotal(k, rt, q, actor.userId, form) : undefined,
    ]).catch((err: unknown) => cursorRefusal(k, rt, q, actor.userId, err))
    // The evidence for index proposals: what this query filtered and sorted by, and how long it took.
    k.usage.observe(
      actor.companyId,
      ast,
      performance.now() - t0,
      (id) => rt.byId.has(id),
      q.search ? rowReadSearchFields(rt) : undefined,
      q.search ? valueSearchedFields(q.search, rt.scope(actor.userId)) : undefined,
    )
    const page = present(row, 'the page row (an aggregate query always returns one)')
    const total = counted ?? page.total
    let out = `{"records":${page.records}`
    if (total !== null) out += `,"total":${total}${q.count === 'estimate' && total >= EXACT_BELOW ? ',"totalIsEstimate":true' : ''}`
    out += `,"limit":${q.limit},"offset":${q.after ? 0 : q.offset}`
    if (page.n === q.limit && page.last_key) out += `,"nextCursor":${JSON.stringify(encodeCursor(JSON.parse(page.last_key) as unknown[], signature))}`
    if (page.groups) out += `,"groups":${page.groups}`
    return out + '}'
  })
}

/**
 * A page that failed on a value the database could not hold: when the cursor's values are that
 * value, a 400 on `cursor` (a cursor is opaque: its values are not echoed); anything else as it was.
 */
async function cursorRefusal(k: KernelContext, rt: TableRuntime, q: ResolvedQuery, userId: string, err: unknown): Promise<never> {
  const check = isDataException(err) ? compileCursorCheck(rt, q, userId) : undefined
  if (check) {
    try {
      await k.db.one(check)
    } catch (e) {
      if (isDataException(e)) throw codes.KRN_ERR_QUERY_BAD_CURSOR({ path: ['cursor'] })
      throw e
    }
  }
  throw err
}

async function exactTotal(k: KernelContext, rt: TableRuntime, q: ResolvedQuery, userId: string, form: CompileOptions): Promise<number> {
  return present(await k.db.one<{ total: number }>(compileCount(rt, q, userId, form)), 'the count row (an aggregate query always returns one)').total
}

/** The planner's estimate; below EXACT_BELOW the exact count, which is as cheap there and never wrong. */
async function estimateTotal(k: KernelContext, rt: TableRuntime, q: ResolvedQuery, userId: string, form: CompileOptions): Promise<number> {
  const plan = await k.db.one<{ 'QUERY PLAN': unknown }>(compileCountEstimate(rt, q, userId, form))
  const parsed = plan?.['QUERY PLAN']
  const doc = (typeof parsed === 'string' ? JSON.parse(parsed) : parsed) as Array<{ Plan: { 'Plan Rows': number } }>
  const estimate = Math.round(doc[0]?.Plan['Plan Rows'] ?? 0)
  return estimate < EXACT_BELOW ? exactTotal(k, rt, q, userId, form) : estimate
}
