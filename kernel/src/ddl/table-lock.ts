import { sql } from 'drizzle-orm'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'

/**
 * Takes the per-table schema lock for this transaction, or answers 409 at once if another schema
 * change holds it. DDL then waits at most `lock_timeout` for queries holding the table, and is
 * exempt from the pool's statement timeout: a retype or backfill of a large table may run long,
 * and stopping it half-way would only roll back the work done.
 */
export async function lockTableSchema(tx: Executor, tableId: string, tableName: string): Promise<void> {
  const row = await tx.one<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(hashtextextended(${tableId}, 0)) as ok`)
  if (!row?.ok) throw codes.KRN_ERR_DDL_CONCURRENT_CHANGE(tableName)
  await tx.query(sql`set local lock_timeout = '5s'`)
  await tx.query(sql`set local statement_timeout = 0`)
}
