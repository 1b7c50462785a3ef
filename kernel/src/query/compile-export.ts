import { sql, type SQL } from '@docpal/plugin-sdk'
import type { CellFormat, TableRuntime } from '../schema/table-runtime.ts'
import { after, groupedJoins, orderBy, sortKeys, where, type CompileOptions } from './compile.ts'
import type { ResolvedQuery } from './resolve.ts'

// json_build_array takes at most 100 arguments, so wide rows are built from chunks.
const CHUNK = 90

export interface CompiledExport {
  /** Column names, in the order of each row's cells. */
  readonly header: string[]
  /** Rows of `c` (the cells as a JSON array, text) and, when paged, `k` (the sort key, JSON text). */
  readonly statement: SQL
}

/**
 * Every row of a query for an export, in its order, in one statement: each row's cells as one
 * JSON array (so JavaScript parses one value per row, not a record object with its id and
 * timestamps). Fields with a grouped form are joined once for the whole table, as the query reads
 * all of it. With `page` the statement is one keyset page (`q.after` the last row's key): where
 * no cursor can be held open (PGlite).
 */
export function compileExport(rt: TableRuntime, q: ResolvedQuery, userId = '', opts: CompileOptions & { format?: CellFormat; page?: number } = {}): CompiledExport {
  const shown = q.fields ? rt.columns.filter((c) => q.fields?.includes(c.id)) : rt.columns
  const { joins, scope } = groupedJoins(rt, new Set([...q.referenced, ...shown.map((c) => c.id)]), rt.scope(userId))
  const header: string[] = []
  const cells: SQL[] = []
  for (const c of shown) {
    const value = rt.cell(c, scope, opts.format)
    if (!value) continue
    header.push(c.name)
    cells.push(value)
  }
  const chunks: SQL[] = []
  for (let i = 0; i < cells.length; i += CHUNK) chunks.push(sql`jsonb_build_array(${sql.join(cells.slice(i, i + CHUNK), sql`, `)})`)
  const row = cells.length <= CHUNK ? sql`json_build_array(${sql.join(cells, sql`, `)})` : sql.join(chunks, sql` || `)
  const keys = sortKeys(q, scope)
  const w = where(rt, q, scope, opts)
  const from = sql`from ${rt.physical} t${rt.storedJoin}${joins}`
  if (opts.page === undefined) return { header, statement: sql`select (${row})::text as c ${from} where ${w} order by ${orderBy(keys)}` }
  const keyJson = sql`json_build_array(${sql.join(
    keys.map((k) => sql`(${k.expr})::text`),
    sql`, `,
  )})::text`
  const pageWhere = q.after ? sql`(${w}) and ${after(keys, q.after)}` : w
  return { header, statement: sql`select (${row})::text as c, ${keyJson} as k ${from} where ${pageWhere} order by ${orderBy(keys)} limit ${opts.page}` }
}
