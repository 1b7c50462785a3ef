import { tableFor } from './write-support.ts'
import { exportCell, type ExportCell } from './export-cell.ts'
import type { QueryAst } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { compileExport } from '../query/compile-export.ts'
import { resolveQuery, type ResolvedQuery } from '../query/resolve.ts'
import { buildQuery } from './list-query.ts'
import type { ListExtra } from './list-page.ts'

/**
 * Rows per batch read for an export: enough to amortise a round trip (and, on PGlite, a keyset
 * page's query); 1,000 was a third slower on a busy machine, where each round trip waits for a
 * core. A batch of 10-column rows is ~1 MB, and at most two are held (one read ahead).
 */
export const EXPORT_BATCH = 5_000

/** An export: the header (column names) and the rows in batches, read as they are consumed. */
export interface ExportRows {
  readonly header: string[]
  readonly batches: AsyncGenerator<ExportCell[][]>
}

function cellsOf(text: string): ExportCell[] {
  const values = JSON.parse(text) as unknown[]
  for (let i = 0; i < values.length; i++) values[i] = exportCell(values[i])
  return values as ExportCell[]
}

/**
 * The records of a list request (a table's, or a view's with `extra`: its filter, sort and
 * fields) for an export, values as the API answers them with `cellFormat=label`. The request is
 * validated, hooked and resolved once, before any row is read, so a bad filter is refused before
 * the file starts. PostgreSQL: one statement read through a cursor (one sort, one snapshot).
 * PGlite: keyset pages of the same statement, so other requests run between pages.
 */
export async function exportRows(k: KernelContext, actor: Actor, tableId: string, raw: Record<string, unknown>, extra: ListExtra = {}): Promise<ExportRows> {
  const rt = await tableFor(k, actor, tableId, 'view')
  const built = buildQuery(rt, { ...raw, limit: 1, offset: 0, count: 'none', cursor: undefined }, extra)
  let ast: QueryAst = built.ast
  if (k.hooks.has('query.beforeCompile')) ast = await k.hooks.waterfall('query.beforeCompile', ast, { ...actor, tableId, table: rt.info })
  const q = resolveQuery(rt, ast, built.trusted)
  const form = { searchBranches: k.db.driver === 'pglite', format: 'label' as const }
  const { header } = compileExport(rt, q, actor.userId, form)
  const db = k.db
  async function* batches(): AsyncGenerator<ExportCell[][]> {
    if (db.cursor) {
      for await (const rows of db.cursor<{ c: string }>(compileExport(rt, q, actor.userId, form).statement, EXPORT_BATCH)) yield rows.map((r) => cellsOf(r.c))
      return
    }
    let page: ResolvedQuery = q
    for (;;) {
      const rows = await db.query<{ c: string; k: string }>(compileExport(rt, page, actor.userId, { ...form, page: EXPORT_BATCH }).statement)
      if (rows.length) yield rows.map((r) => cellsOf(r.c))
      const last = rows.at(-1)
      if (!last || rows.length < EXPORT_BATCH) return
      page = { ...q, after: JSON.parse(last.k) as unknown[] }
    }
  }
  return { header, batches: batches() }
}
