import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import { buildSearchIndexes } from '../ddl/build-search-indexes.ts'
import { afterIndexBuilds } from '../ddl/index-builds.ts'
import { dropSearchIndexSql, searchIndexName } from '../ddl/statements.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { ident } from '../sql/ident.ts'

/**
 * Rows from which an import into an empty table writes without the table's search indexes.
 * Below it, keeping them costs little; above it, a COPY into a table with trigram (GIN) indexes
 * keeps PostgreSQL busy with each row's trigrams (raw COPY here: ~23k rows/s with three of them,
 * ~90k without, and one build per index at the end reads the table once; docs/benchmarks.md).
 */
export const DEFER_SEARCH_INDEXES_FROM = 20_000

/**
 * Runs `write` (an import whose chunks commit on their own) without the table's search indexes
 * when it is large (`expectedRows`, the file's row count or a bound on it) and the table holds no
 * row yet, then builds them again, whether the import succeeded or not. Meanwhile a quick search
 * reads the rows of those columns: the same answers, slower, as right after a table is created.
 * Only an empty table: rebuilding the index of rows already there would cost more than writing
 * the new ones into it. On PostgreSQL the builds run after the import's answer, CONCURRENTLY (one
 * after the other; writes to the table go on), as a new column's do: the import is done when its
 * rows are in (1M rows here: 26-30k rows/s upload to done, against 18-25k when it waited for plain
 * builds at once, which also held writes to the table). On PGlite the answer waits for them.
 */
export async function withoutSearchIndexes<T>(k: Pick<KernelContext, 'db' | 'logger'>, rt: TableRuntime, expectedRows: number | undefined, write: () => Promise<T>): Promise<T> {
  if (expectedRows === undefined || expectedRows < DEFER_SEARCH_INDEXES_FROM) return write()
  const table = rt.meta.tableName
  // Wait for the builds of a table just created (its search indexes are built after its answer).
  const columns = await afterIndexBuilds(k.db, () => deferrable(k, rt))
  if (!columns.length) return write()
  const postgres = k.db.driver === 'postgres'
  const dropped: string[] = []
  try {
    for (const c of columns) {
      await k.db.query(dropSearchIndexSql(table, c, postgres))
      dropped.push(c)
    }
    return await write()
  } finally {
    const rebuilt = buildSearchIndexes(k.db, k.logger, table, dropped, 'import')
    // PostgreSQL: after the answer, CONCURRENTLY, so the rows are the user's (read, edited, searched
    // by a scan) while the indexes come back. PGlite: its one connection would be the build's anyway.
    if (!postgres) await rebuilt
    else
      rebuilt.catch((err: unknown) =>
        k.logger.error('search indexes not rebuilt after an import', { table, columns: dropped, err: err instanceof Error ? err.message : String(err) }),
      )
  }
}

/** The physical columns whose search index exists, when the table holds no row; else none. */
async function deferrable(k: Pick<KernelContext, 'db'>, rt: TableRuntime): Promise<string[]> {
  const table = rt.meta.tableName
  const names = new Map<string, string>()
  for (const c of rt.columns) if (c.columnName) names.set(searchIndexName(table, c.columnName), c.columnName)
  if (!names.size) return []
  const [row] = await k.db.query<{ empty: boolean; indexes: string[] }>(
    sql`select not exists (select 1 from ${ident(table)}) as empty,
      array(select indexname::text from pg_indexes where schemaname = current_schema() and tablename = ${table} and indexname = any(${arrayLiteral([...names.keys()])}::text[])) as indexes`,
  )
  if (!row?.empty) return []
  return row.indexes.map((n) => names.get(n)).filter((c): c is string => c !== undefined)
}
