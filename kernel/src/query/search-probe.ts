import { sql, type SQL } from '@docpal/plugin-sdk'
import type { FieldBinding } from '../schema/table-runtime.ts'
import type { ResolvedQuery } from './resolve.ts'

/** Pages ending past this row (offset + limit) are not probed: the walk grows with the page's end. */
export const PROBE_MAX_END = 200

/** Rows of the order walked per row the page needs: a term in one row of 20 fills its page from the walk (a walk of 1,000 rows for a page of 50: ~3 ms on PostgreSQL, what a rare term pays extra). */
const PROBE_ROWS_PER_ROW = 20

/** How many rows of the order a probe walks for a page ending at row `end`. */
export function probeRows(end: number): number {
  return end * PROBE_ROWS_PER_ROW
}

/** The physical column a sort key reads as stored (no sort expression of its type, not computed, linked or maintained): what an index can hand out in order. */
function storedSortColumn(f: FieldBinding): string | undefined {
  if (f.fieldType.sortKey) return undefined
  if (!f.column) return f.systemColumn
  const c = f.column
  return c.columnName && !c.linkSide && !c.storedColumn && !f.fieldType.expression ? c.columnName : undefined
}

/**
 * Whether the page's order can be walked, as the conditions the walk runs under: none for the
 * default order (its index is made with the table); for a sort led by a stored column, that a
 * valid btree leads with that column, asked in the statement itself, because views, row rules and
 * index proposals make such indexes without a new table version, so no cached runtime can know.
 * Without one the walk never runs (a one-time filter: walking would sort the whole table first).
 * `undefined`: the order cannot be walked (a computed field or a type's sort expression leads).
 */
export function walkConditions(tableName: string, q: ResolvedQuery): SQL[] | undefined {
  const lead = q.sort[0]
  if (!lead) return []
  const column = storedSortColumn(lead.field)
  if (!column) return undefined
  return [
    sql`exists (select from pg_index x join pg_class c on c.oid = x.indexrelid join pg_am m on m.oid = c.relam join pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[0] where x.indrelid = ${tableName}::regclass and a.attname = ${column} and m.amname = 'btree' and x.indisvalid and x.indpred is null)`,
  ]
}

/**
 * The page's ids (`i`) for a quick search compiled to branches (search.ts), which collect every
 * matching id before the page is picked: a common term (a select label on a third of 1M rows) is
 * seconds. `probe` is the page picked with the search as one `OR` over only the next rows of the
 * page's order (an index walk); when those rows hold the whole page, it is the page, because they
 * are a prefix of the order: no row past them can come before. Otherwise (a rare term) `full`
 * runs, the branch form; the two are gated on the probe's row count in one statement, so a rare
 * term pays the walk (a few ms) and a common one never runs the branches.
 */
export function probedIds(probe: SQL, full: SQL, limit: number): SQL {
  return sql`pr as materialized (${probe}), i as materialized (select * from pr where (select count(*) from pr) = ${limit} union all select * from (${full}) f where (select count(*) from pr) < ${limit})`
}
