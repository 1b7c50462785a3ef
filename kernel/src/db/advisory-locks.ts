import { arrayLiteral, sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from './executor.ts'

/** PostgreSQL's `lock_not_available`: a lock wait ran past the transaction's `lock_timeout`. */
export function isLockTimeout(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '55P03'
}

/**
 * The write keys of these tables EXCLUSIVE for the rest of the transaction, in one sorted order:
 * record writes take the same keys SHARED (docpal_write_guard, migration 20261212010000), so this
 * waits (up to `lock_timeout`) for the writes in flight and keeps new ones out until the commit.
 * Schema changes (ddl/table-lock.ts) and plugin enables/disables (plugins/plugin-state-commit.ts).
 */
export async function lockWriteKeys(tx: Executor, tableIds: ReadonlyArray<string>): Promise<void> {
  await tx.query(sql`select pg_advisory_xact_lock(${writeKey(sql`i`)}) from unnest(${arrayLiteral([...tableIds].sort())}::uuid[]) as i`)
}

/**
 * The advisory key of a table's record writes, from its id as a uuid expression: one spelling for
 * the schema changes that take it EXCLUSIVE and the writes that take it SHARED (the migration's
 * docpal_write_guard spells it the same way in SQL).
 */
export function writeKey(tableId: SQL): SQL {
  return sql`hashtextextended(${tableId}::text, 19)`
}
