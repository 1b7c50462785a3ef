import type { KernelContext } from '../context.ts'
import { maintainTable } from '../db/maintain-table.ts'
import { afterIndexBuilds } from '../ddl/index-builds.ts'

/**
 * A refill rewrites every row of a table once; VACUUM (after the commit, it cannot run inside a
 * transaction) makes the old versions' space reusable, so repeated refills do not grow the table.
 */
export async function vacuumTables(k: Pick<KernelContext, 'db' | 'logger'>, tables: Iterable<string>): Promise<void> {
  for (const name of tables) await afterIndexBuilds(k.db, () => maintainTable(k.db, k.logger, name, { kind: 'vacuum' }, 'after a refill'))
}

/**
 * A column converted in place (ALTER ... TYPE) has lost its statistics; the planner wants them
 * back. A retype to text builds the column's search index after the answer too: the ANALYZE waits
 * for it (afterIndexBuilds says why).
 */
export async function analyzeColumns(k: Pick<KernelContext, 'db' | 'logger'>, table: string, columns: string[]): Promise<void> {
  await afterIndexBuilds(k.db, () => maintainTable(k.db, k.logger, table, { kind: 'analyze', columns }, 'after a conversion'))
}
