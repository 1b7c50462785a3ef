import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { Database } from '../../db/executor.ts'
import type { Logger } from '../../logger.ts'
import type { TableCache } from '../../schema/table-cache.ts'
import { loadTable } from '../../schema/table-repo.ts'
import { syncStored } from './stored-sync.ts'

/**
 * After a boot or a plugin change: tables with a field that could be stored but is not (a
 * database from before stored values, a field type just enabled) or with stored values of a type
 * no longer available (not maintained while it is off, so dropped) are synced, one group of
 * related tables per transaction.
 */
export async function sweepStored(db: Database, tables: TableCache, groupedTypes: ReadonlyArray<string>, logger: Logger): Promise<void> {
  const types = sql`${arrayLiteral([...groupedTypes])}::text[]`
  const rows = await db.query<{ id: string; company_id: string }>(
    sql`select distinct c.data_table_id as id, t.company_id from data_table_columns c join data_tables t on t.id = c.data_table_id where c.archived_at is null and ((c.stored_column is null and c.type = any(${types})) or (c.stored_column is not null and not (c.type = any(${types}))))`,
  )
  const done = new Set<string>()
  for (const r of rows) {
    if (done.has(r.id)) continue
    try {
      await db.transaction(async (tx) => {
        const graph = await tables.graph(tx, await loadTable(tx, r.company_id, r.id))
        for (const id of graph.keys()) done.add(id)
        await syncStored(tx, r.company_id, graph, (g) => tables.envOf(g))
      })
    } catch (err) {
      // The fields stay computed on read: slower, still right.
      logger.warn('could not store the values of a table', { tableId: r.id, err: String(err), q: (err as { query?: string }).query ?? '' })
    }
  }
  if (done.size) tables.clear()
}
