import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Database } from '../db/executor.ts'
import type { Logger } from '../logger.ts'
import type { TableCache } from './table-cache.ts'

/** The channel on which server processes sharing a PostgreSQL database announce schema changes. */
export const TABLES_CHANNEL = 'docpal_tables'

/**
 * Table metadata changed in one server process reaches the others (issue 19): after a schema
 * change commits, the process that made it sends `pg_notify('docpal_tables', '<process>:<table>')`,
 * and every other process drops its compiled tables (relations tie tables together, as the local
 * invalidation assumes), so its next request reads the new columns and maintains their stored
 * values. A connection that LISTENs again after a drop may have missed notifications: every
 * (re)subscription drops the cache too. PGlite has one process: nothing to announce or hear.
 */
export async function shareTableChanges(db: Database, tables: TableCache, logger: Logger): Promise<void> {
  if (!db.listen) return
  const self = randomUUID()
  tables.onInvalidate = (tableId) => {
    // After the commit and off the answer's path; a failure leaves other processes stale until
    // their next (re)subscription, so it is logged with the table.
    db.query(sql`select pg_notify(${TABLES_CHANNEL}, ${`${self}:${tableId}`})`).catch((err: unknown) =>
      logger.warn('table change: could not tell other server processes', { tableId, err: err instanceof Error ? err.message : String(err) }),
    )
  }
  await db.listen(
    TABLES_CHANNEL,
    (payload) => {
      if (!payload.startsWith(`${self}:`)) tables.clear()
    },
    () => tables.clear(),
  )
}
