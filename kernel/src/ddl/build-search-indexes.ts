import type { Database } from '../db/executor.ts'
import type { Logger } from '../logger.ts'
import { trackIndexBuild } from './index-builds.ts'
import { dropSearchIndexSql, searchIndexSql } from './statements.ts'

/**
 * The trigram indexes of columns a schema change made searchable, built after its commit and off
 * the answer's path: a GIN build reads the whole table (~30 ms per 100k rows here, for a column
 * that is still empty), which an added column does not need to wait for. Until it exists, search
 * reads the rows, with the same answers. On PostgreSQL the build is CONCURRENTLY, so writes to the
 * table go on meanwhile; a build that fails (the column dropped or retyped in between) leaves no
 * invalid index behind and is logged with the table and column. PGlite has one connection: a plain
 * build. Answers the columns indexed.
 */
export function buildSearchIndexes(db: Database, logger: Logger, tableName: string, columns: ReadonlyArray<string>): Promise<string[]> {
  // Tracked: schema changes wait for it (index-builds.ts says why).
  return trackIndexBuild(db, build(db, logger, tableName, columns))
}

async function build(db: Database, logger: Logger, tableName: string, columns: ReadonlyArray<string>): Promise<string[]> {
  const built: string[] = []
  for (const column of columns) {
    try {
      await db.query(searchIndexSql(tableName, column, db.driver === 'postgres'))
      built.push(column)
    } catch (err) {
      logger.warn('search index not built; search reads the rows of this column instead', { table: tableName, column, err: err instanceof Error ? err.message : String(err) })
      // A failed CONCURRENTLY build leaves an invalid index, which `if not exists` would keep forever.
      await db
        .query(dropSearchIndexSql(tableName, column))
        .catch((e: unknown) => logger.warn('invalid search index not dropped', { table: tableName, column, err: e instanceof Error ? e.message : String(e) }))
    }
  }
  return built
}
