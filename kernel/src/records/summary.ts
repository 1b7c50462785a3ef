import { z } from 'zod'
import type { QueryAst } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { present } from '../errors/present.ts'
import { compileSummary, SUMMARY_KINDS, summaryKindsOf, summaryTypeOf, type SummaryColumn, type SummaryKind } from '../query/compile-summary.ts'
import { resolveQuery } from '../query/resolve.ts'
import { parseOrThrow } from '../validation.ts'
import { buildQuery } from './list-query.ts'
import type { ListExtra } from './list-page.ts'
import { withTable } from './write-support.ts'

/** json_build_object takes at most 100 arguments: two per summary. */
export const MAX_SUMMARIES = 50

export const SummaryBody = z.strictObject({
  filter: z.unknown().optional(),
  search: z.string().max(1_000).optional(),
  summaries: z
    .record(z.string().min(1).max(100), z.enum(SUMMARY_KINDS))
    .refine((s) => Object.keys(s).length <= MAX_SUMMARIES, { error: `at most ${MAX_SUMMARIES} columns per request` })
    .describe('What to compute per column (name or id): count (rows with a value), empty, sum, avg, min, max'),
})

export interface SummaryOutcome {
  /** Rows the filter and search match. */
  readonly total: number
  /** Each asked summary under the key it was asked by; null where no row has a value. */
  readonly summaries: Record<string, unknown>
  /** What each column of the table can show, by column id (a grid offers these in its menus). */
  readonly kinds: Record<string, ReadonlyArray<SummaryKind>>
}

/**
 * The grid's summary row: aggregates over every row the filter and search match (a view adds
 * its own filter with `extra`), in one statement through the query pipeline, so
 * `query.beforeCompile` hooks (row-level rules) apply as they do to pages.
 */
export async function summarise(k: KernelContext, actor: Actor, tableId: string, body: unknown, extra: ListExtra = {}): Promise<SummaryOutcome> {
  const input = parseOrThrow(SummaryBody, body ?? {})
  return withTable(k, actor, tableId, 'view', async (rt) => {
    const built = buildQuery(rt, { filter: input.filter, search: input.search, limit: 1 }, { ...(extra.filter ? { filter: extra.filter } : {}) })
    let ast: QueryAst = built.ast
    if (k.hooks.has('query.beforeCompile')) ast = await k.hooks.waterfall('query.beforeCompile', ast, { ...actor, tableId, table: rt.info })
    const q = resolveQuery(rt, ast, built.trusted)
    const columns: SummaryColumn[] = Object.entries(input.summaries).map(([key, kind]) => {
      const path = ['summaries', key]
      const field = rt.field(key, path)
      const allowed = summaryKindsOf(summaryTypeOf(field, rt, actor.userId))
      if (!allowed.includes(kind)) throw codes.KRN_ERR_VALIDATION(`Column '${field.label}' cannot show '${kind}'; it can show ${allowed.join(', ')}.`, { path })
      return { key, field, kind }
    })
    const row = await k.db.one<{ total: number; summaries: string }>(compileSummary(rt, q, columns, actor.userId, { searchBranches: k.db.driver === 'pglite' }))
    const r = present(row, 'the summary row (an aggregate query always returns one)')
    const kinds: Record<string, ReadonlyArray<SummaryKind>> = {}
    for (const b of rt.byId.values()) if (b.fieldType) kinds[b.meta.id] = summaryKindsOf(summaryTypeOf(rt.field(b.meta.id, []), rt, actor.userId))
    return { total: r.total, summaries: JSON.parse(r.summaries) as Record<string, unknown>, kinds }
  })
}
