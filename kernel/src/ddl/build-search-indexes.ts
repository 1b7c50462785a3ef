import type { Database } from '../db/executor.ts'
import type { Logger } from '../logger.ts'
import { trackIndexBuild } from './index-builds.ts'
import { dropSearchIndexSql, searchIndexSql } from './statements.ts'

/** Builds at least this long are logged. */
const SLOW_BUILD_MS = 1000

/** How a batch of search indexes is built. */
export interface SearchIndexBuild {
  /**
   * CONCURRENTLY on PostgreSQL, one after the other: writes to the table go on meanwhile (a schema
   * change's new column). Else plain builds, at once on PostgreSQL (each on a connection of its
   * own; their SHARE locks let each other and readers through, writers wait): one read of the
   * table per index instead of two and no wait for older transactions (an import's rebuild, 300k
   * rows here: 10.5 s for three CONCURRENTLY one after the other, 4.4 s plain and at once).
   */
  concurrently: boolean
  /** Said in the log line: what the indexes are built after. */
  after: string
}

/**
 * The trigram indexes of `columns`, built off the answer's path: after a schema change made them
 * searchable (a GIN build reads the whole table, ~30 ms per 100k rows here, which an added column
 * does not need to wait for) or after an import wrote without them. Until one exists, search reads
 * the rows, with the same answers. A build that fails (the column dropped or retyped in between)
 * leaves no invalid index behind and is logged with the table and column. PGlite has one
 * connection: plain builds, one after the other. Tracked, so schema changes wait for it
 * (index-builds.ts says why). Answers the columns indexed.
 */
export function buildSearchIndexes(db: Database, logger: Logger, tableName: string, columns: ReadonlyArray<string>, how: SearchIndexBuild): Promise<string[]> {
  return trackIndexBuild(db, build(db, logger, tableName, columns, how))
}

async function build(db: Database, logger: Logger, tableName: string, columns: ReadonlyArray<string>, how: SearchIndexBuild): Promise<string[]> {
  const postgres = db.driver === 'postgres'
  const concurrently = how.concurrently && postgres
  const one = async (column: string): Promise<boolean> => {
    try {
      await db.query(searchIndexSql(tableName, column, concurrently))
      return true
    } catch (err) {
      logger.warn('search index not built; search reads the rows of this column instead', {
        table: tableName,
        column,
        after: how.after,
        err: err instanceof Error ? err.message : String(err),
      })
      // A failed CONCURRENTLY build leaves an invalid index, which `if not exists` would keep forever.
      if (concurrently) {
        await db
          .query(dropSearchIndexSql(tableName, column))
          .catch((e: unknown) => logger.warn('invalid search index not dropped', { table: tableName, column, err: e instanceof Error ? e.message : String(e) }))
      }
      return false
    }
  }
  const t0 = performance.now()
  let ok: boolean[] = []
  if (postgres && !concurrently) ok = await Promise.all(columns.map(one))
  else for (const c of columns) ok.push(await one(c))
  const built = columns.filter((_, i) => ok[i])
  const ms = Math.round(performance.now() - t0)
  // Builds that take a while (after a large import: 12-15 s at 1M rows) explain a slow answer.
  if (ms >= SLOW_BUILD_MS) logger.info('search indexes built', { table: tableName, after: how.after, columns: built, ms })
  return built
}
