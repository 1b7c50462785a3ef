import { sql } from 'drizzle-orm'
import type { Executor } from '../db/executor.ts'

/** What applying a schema plan needs to know of the database besides the table's metadata. */
export interface DdlFacts {
  /** The table's attribute slots in use, PostgreSQL's dropped ones included (its ceiling is 1,600); 0 before it exists. */
  readonly slots: number
  /** Whether pg_trgm is installed (search indexes need it). */
  readonly trigram: boolean
}

/** DdlFacts in one statement, so it can share the round trip of the lock and the metadata read. */
export async function ddlFacts(tx: Executor, tableId: string): Promise<DdlFacts> {
  const row = await tx.one<DdlFacts>(
    sql`select (select count(*)::int from pg_attribute where attrelid = to_regclass((select table_name from data_tables where id = ${tableId})) and attnum > 0) as slots, exists (select 1 from pg_extension where extname = 'pg_trgm') as trigram`,
  )
  return { slots: row?.slots ?? 0, trigram: row?.trigram === true }
}
