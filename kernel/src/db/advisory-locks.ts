import { arrayLiteral, sql } from '@docpal/plugin-sdk'
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
  await tx.query(sql`select pg_advisory_xact_lock(hashtextextended(i::text, 19)) from unnest(${arrayLiteral([...tableIds].sort())}::uuid[]) as i`)
}
