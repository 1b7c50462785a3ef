import { sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import { ident } from '../sql/ident.ts'

/**
 * A refill rewrites every row of a table once; VACUUM (after the commit, it cannot run inside a
 * transaction) makes the old versions' space reusable, so repeated refills do not grow the table.
 */
export async function vacuumTables(k: Pick<KernelContext, 'db' | 'logger'>, tables: Iterable<string>): Promise<void> {
  for (const name of tables)
    await k.db.query(sql`vacuum (analyze) ${ident(name)}`).catch((err: unknown) => k.logger.warn('vacuum after a refill failed', { table: name, err: String(err) }))
}

/** A column converted in place (ALTER ... TYPE) has lost its statistics; the planner wants them back. */
export async function analyzeColumns(k: Pick<KernelContext, 'db' | 'logger'>, table: string, columns: string[]): Promise<void> {
  await k.db
    .query(sql`analyze ${ident(table)} (${sql.join(columns.map(ident), sql`, `)})`)
    .catch((err: unknown) => k.logger.warn('analyze after a conversion failed', { table, err: String(err) }))
}
