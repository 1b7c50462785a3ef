import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { isLockTimeout, lockWriteKeys } from '../db/advisory-locks.ts'
import { codes } from '../errors/codes.ts'

/**
 * Takes the per-table schema lock for this transaction if no other schema change holds it
 * (answers whether it did). DDL then waits at most `lock_timeout` for queries holding the table,
 * and is exempt from the pool's statement timeout: a retype or backfill of a large table may run
 * long, and stopping it half-way would only roll back the work done. One statement, so it can
 * share a round trip with the reads that follow it.
 */
export async function tryLockTableSchema(tx: Executor, tableId: string): Promise<boolean> {
  const row = await tx.one<{ ok: boolean }>(
    sql`select pg_try_advisory_xact_lock(hashtextextended(${tableId}, 0)) as ok, set_config('lock_timeout', '5s', true) as l, set_config('statement_timeout', '0', true) as s`,
  )
  return row?.ok === true
}

/** tryLockTableSchema, answering 409 at once if another schema change holds the lock. */
export async function lockTableSchema(tx: Executor, tableId: string, tableName: string): Promise<void> {
  if (!(await tryLockTableSchema(tx, tableId))) throw codes.KRN_ERR_DDL_CONCURRENT_CHANGE(tableName)
}

/**
 * Waits (up to the `lock_timeout` tryLockTableSchema set) for the record writes in flight on
 * these tables to commit, and keeps new ones out until this transaction ends: the key record
 * writes take SHARED (docpal_write_guard, migration 20261212010000). Taken after the schema lock
 * and before any DDL or backfill, so a backfill sees every write that raced it, and a write that
 * compiled the old metadata either committed before or is refused and run again (issue 19).
 */
export async function lockTableWrites(tx: Executor, tableIds: ReadonlyArray<string>, tableName: string): Promise<void> {
  try {
    await lockWriteKeys(tx, tableIds)
  } catch (err) {
    if (isLockTimeout(err)) throw codes.KRN_ERR_DDL_LOCK_TIMEOUT(tableName)
    throw err
  }
}

/**
 * lockTableWrites sent without waiting for its answer, `then` run behind it: a transaction's
 * statements run in the order they were sent, so each of `then`'s waits for the keys anyway, and
 * the change saves the round trip of waiting (~1.2 ms here, issue 14). Not getting the keys is the
 * change's failure, whichever of `then`'s statements the database refused after it.
 */
export async function behindTableWrites<T>(tx: Executor, tableIds: ReadonlyArray<string>, tableName: string, then: () => Promise<T>): Promise<T> {
  const keys = lockTableWrites(tx, tableIds, tableName)
  // Awaited below on both paths; this only keeps a failure from counting as unhandled meanwhile.
  keys.catch(() => undefined)
  try {
    const out = await then()
    await keys
    return out
  } catch (err) {
    await keys
    throw err
  }
}
