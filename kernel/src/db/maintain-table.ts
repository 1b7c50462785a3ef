import { sql } from '@docpal/plugin-sdk'
import type { Logger } from '../logger.ts'
import { codes } from '../errors/codes.ts'
import { ident, maintenanceTarget } from '../sql/ident.ts'
import type { Database } from './executor.ts'

/** What a maintenance statement does to a table: `VACUUM (ANALYZE)`, or `ANALYZE` (of some columns, when given). */
export type Maintenance = { readonly kind: 'vacuum' } | { readonly kind: 'analyze'; readonly columns?: ReadonlyArray<string> }

/**
 * One table's VACUUM or ANALYZE, outside any transaction (VACUUM cannot run in one). Maintenance
 * never fails its caller: the write it follows has committed, and a table left unvacuumed only
 * costs speed. A failure is logged with the table, the statement and `why` (what asked for it),
 * and the answer says whether it ran. `table`: a generated name (data, link and side tables) or
 * one of the kernel's own tables.
 */
export async function maintainTable(db: Database, logger: Logger, table: string, m: Maintenance, why: string): Promise<boolean> {
  try {
    const target = maintenanceTarget(table)
    if (!target) throw codes.KRN_ERR_SQL_IDENTIFIER(table)
    const statement =
      m.kind === 'vacuum' ? sql`vacuum (analyze) ${target}` : m.columns?.length ? sql`analyze ${target} (${sql.join(m.columns.map(ident), sql`, `)})` : sql`analyze ${target}`
    await db.query(statement)
    return true
  } catch (err) {
    logger.warn(`${m.kind} failed; the table keeps working, only its statistics or free space lag`, { table, why, err: err instanceof Error ? err.message : String(err) })
    return false
  }
}
