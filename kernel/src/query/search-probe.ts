import { sql, type SQL } from '@docpal/plugin-sdk'

/** Pages ending past this row (offset + limit) are not probed: the walk grows with the page's end. */
export const PROBE_MAX_END = 200

/** Rows of the order walked per row the page needs: a term in one row of 20 fills its page from the walk (a walk of 1,000 rows for a page of 50: ~3 ms on PostgreSQL, what a rare term pays extra). */
const PROBE_ROWS_PER_ROW = 20

/** How many rows of the order a probe walks for a page ending at row `end`. */
export function probeRows(end: number): number {
  return end * PROBE_ROWS_PER_ROW
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
