import { sql } from 'drizzle-orm'
import type { Database, Executor } from './executor.ts'
import type { Logger } from '../logger.ts'

/** Whether pg_trgm is installed in this database (quick search's indexes need it). */
export async function hasTrigram(ex: Executor): Promise<boolean> {
  const row = await ex.one<{ on: boolean }>(sql`select exists (select 1 from pg_extension where extname = 'pg_trgm') as on`)
  return row?.on === true
}

/**
 * Installs pg_trgm at boot: it ships with PostgreSQL (contrib, a trusted extension since 13: the
 * database owner may create it) and with PGlite (loaded when the database opens). Where it cannot
 * be installed (a role without CREATE on the database, a server built without contrib) DocPal
 * still starts and quick search still answers, reading the table instead of an index: a warning
 * says so, rather than a boot failure over an optimisation.
 */
export async function enableTrigram(db: Database, logger: Logger): Promise<boolean> {
  if (await hasTrigram(db)) return true
  try {
    await db.exec('create extension if not exists pg_trgm')
  } catch (err) {
    // Two processes booting together may race on the create; the second finds it installed.
    if (await hasTrigram(db)) return true
    logger.warn('pg_trgm could not be installed: quick search works without its indexes (slower on large tables)', { error: (err as Error).message })
    return false
  }
  return true
}
