import type { Database } from '../db/executor.ts'
import { processChannel } from '../db/process-channel.ts'
import type { Logger } from '../logger.ts'
import type { TableCache } from './table-cache.ts'

/** The channel on which server processes sharing a PostgreSQL database announce schema changes. */
export const TABLES_CHANNEL = 'docpal_tables'

/**
 * Table metadata changed in one server process reaches the others (issue 19): after a schema
 * change commits, the process that made it announces the table, and every other process drops
 * its compiled tables (relations tie tables together, as the local invalidation assumes), so its
 * next request reads the new columns and maintains their stored values. PGlite: one process.
 */
export async function shareTableChanges(db: Database, tables: TableCache, logger: Logger): Promise<void> {
  const announce = await processChannel(
    db,
    logger,
    TABLES_CHANNEL,
    () => tables.clear(),
    () => tables.clear(),
  )
  if (announce) tables.onInvalidate = announce
}
