import type { FilterNode, QueryAst, SortNode } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { compileCountEstimate, compilePage } from '../query/compile.ts'
import { resolveQuery, sortKeyCount } from '../query/resolve.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { buildQuery } from './list-query.ts'
import { withTable } from './write-support.ts'
import { present } from '../errors/present.ts'

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
  return withTable(k, actor, tableId, async (rt) => {
    const built = buildQuery(rt, raw, extra)
    let ast: QueryAst = built.ast
    if (k.hooks.has('query.beforeCompile')) ast = await k.hooks.waterfall('query.beforeCompile', ast, { ...actor, tableId, table: rt.info })
    const signature = JSON.stringify([ast.sort, ast.groupBy ?? null])
    const after = built.params.cursor ? decodeCursor(built.params.cursor, signature, sortKeyCount(ast)) : undefined
    const q = resolveQuery(rt, after ? { ...ast, after } : ast)
    const { statement } = compilePage(rt, q, built.params.fieldKey, actor.userId)
    const row = present(
      await k.db.one<{ records: string; last_key: string | null; n: number; total: number | null; groups: string | null }>(statement),
      'the page row (an aggregate query always returns one)',
    )
    let total = row.total
    if (q.count === 'estimate') {
      const plan = await k.db.one<{ 'QUERY PLAN': unknown }>(compileCountEstimate(rt, q, actor.userId))
      const parsed = plan?.['QUERY PLAN']
      const doc = (typeof parsed === 'string' ? JSON.parse(parsed) : parsed) as Array<{ Plan: { 'Plan Rows': number } }>
      total = Math.round(doc[0]?.Plan['Plan Rows'] ?? 0)
      // Below this the exact count is as cheap as the estimate and never wrong.
      if (total < EXACT_BELOW) {
        const exact = await k.db.one<{ total: number }>(compilePage(rt, { ...q, count: 'exact', limit: 1, offset: 0, after: undefined }, 'id', actor.userId).statement)
        total = exact?.total ?? total
      }
    }
    let out = `{"records":${row.records}`
    if (total !== null) out += `,"total":${total}${q.count === 'estimate' && total >= EXACT_BELOW ? ',"totalIsEstimate":true' : ''}`
    out += `,"limit":${q.limit},"offset":${q.after ? 0 : q.offset}`
    if (row.n === q.limit && row.last_key) out += `,"nextCursor":${JSON.stringify(encodeCursor(JSON.parse(row.last_key) as unknown[], signature))}`
    if (row.groups) out += `,"groups":${row.groups}`
    return out + '}'
  })
}
