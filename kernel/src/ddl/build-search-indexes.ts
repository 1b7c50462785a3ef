import type { Database } from '../db/executor.ts'
import type { Logger } from '../logger.ts'
import { trackIndexBuild } from './index-builds.ts'
import { dropSearchIndexSql, searchIndexSql } from './statements.ts'

/** Builds at least this long are logged. */
const SLOW_BUILD_MS = 1000

/**
 * The trigram indexes of `columns`, built off the answer's path: after a schema change made them
 * searchable (a GIN build reads the whole table, ~30 ms per 100k rows here, which an added column
 * does not need to wait for) or after an import wrote without them. Until one exists, search reads
 * the rows, with the same answers. A build that fails (the column dropped or retyped in between)
 * leaves no invalid index behind and is logged with the table and column. On PostgreSQL the
 * builds are CONCURRENTLY, one after the other (two of them on one table would wait for each
 * other), so writes to the table go on meanwhile; PGlite has one connection: plain builds. `after`
 * names what they follow, in the log. Tracked, so schema changes wait for it
 * (index-builds.ts says why). Answers the columns indexed.
 */
export function buildSearchIndexes(db: Database, logger: Logger, tableName: string, columns: ReadonlyArray<string>, after: string): Promise<string[]> {
  return trackIndexBuild(db, build(db, logger, tableName, columns, after))
}

async function build(db: Database, logger: Logger, tableName: string, columns: ReadonlyArray<string>, after: string): Promise<string[]> {
  const concurrently = db.driver === 'postgres'
  const built: string[] = []
  const t0 = performance.now()
  for (const column of columns) {
    try {
      await db.query(searchIndexSql(tableName, column, concurrently))
      built.push(column)
    } catch (err) {
      logger.warn('search index not built; search reads the rows of this column instead', {
        table: tableName,
        column,
        after,
        err: err instanceof Error ? err.message : String(err),
      })
      // A failed CONCURRENTLY build leaves an invalid index, which `if not exists` would keep forever.
      if (concurrently) {
        await db
          .query(dropSearchIndexSql(tableName, column))
          .catch((e: unknown) => logger.warn('invalid search index not dropped', { table: tableName, column, err: e instanceof Error ? e.message : String(e) }))
      }
    }
  }
  const ms = Math.round(performance.now() - t0)
  // Builds that take a while (after a large import: about half a minute at 1M rows) explain a slow answer.
  if (ms >= SLOW_BUILD_MS) logger.info('search indexes built', { table: tableName, after, columns: built, ms })
  return built
}
