import { and, inArray, isNotNull, or } from 'drizzle-orm'
import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { dataTableColumns } from '../db/schema.ts'
import { ident } from '../sql/ident.ts'
import { isSideColumn, storedTableName } from '../schema/names.ts'
import type { ColumnMeta, TableMeta } from '../schema/table-model.ts'

/**
 * Deletes archived columns for good: their metadata, then whatever physical storage no remaining
 * column (active or archived, of any table) still names. A converted column's archived copy
 * shares nothing, but a relation's two sides share one link table, so a relation is purged with
 * its other side (which removing either side archived too). Runs in the caller's transaction,
 * under the table's schema lock.
 */
export async function purgeArchived(tx: Executor, table: TableMeta, purge: ReadonlyArray<ColumnMeta>): Promise<string[]> {
  const links = purge.flatMap((c) => (c.linkSide && c.columnName ? [c.columnName] : []))
  // The other side of each purged relation, on this or another table.
  const sides = links.length
    ? await tx.orm
        .select({ id: dataTableColumns.id })
        .from(dataTableColumns)
        .where(and(inArray(dataTableColumns.columnName, links), isNotNull(dataTableColumns.linkSide), isNotNull(dataTableColumns.archivedAt)))
    : []
  const ids = [...new Set([...purge.map((c) => c.id), ...sides.map((s) => s.id)])]
  await tx.orm.delete(dataTableColumns).where(inArray(dataTableColumns.id, ids))

  const names = [...new Set(purge.flatMap((c) => [c.columnName, c.storedColumn]).filter((n): n is string => n !== null))]
  const stillNamed = names.length
    ? new Set(
        (
          await tx.orm
            .select({ c: dataTableColumns.columnName, s: dataTableColumns.storedColumn })
            .from(dataTableColumns)
            .where(or(inArray(dataTableColumns.columnName, names), inArray(dataTableColumns.storedColumn, names)))
        ).flatMap((r) => [r.c, r.s]),
      )
    : new Set<string | null>()
  const dropped: string[] = []
  for (const c of purge) {
    if (c.columnName && !stillNamed.has(c.columnName)) {
      await tx.query(c.linkSide ? sql`drop table if exists ${ident(c.columnName)}` : sql`alter table ${ident(table.tableName)} drop column if exists ${ident(c.columnName)}`)
      dropped.push(c.columnName)
    }
    if (c.storedColumn && !stillNamed.has(c.storedColumn)) {
      const owner = isSideColumn(c.storedColumn) ? storedTableName(table.tableName) : table.tableName
      await tx.query(sql`alter table if exists ${ident(owner)} drop column if exists ${ident(c.storedColumn)}`)
      dropped.push(c.storedColumn)
    }
  }
  return dropped
}

/** The table's attribute slots in use, PostgreSQL's dropped ones included (its ceiling is 1,600). */
export async function attributeSlots(tx: Executor, tableName: string): Promise<number> {
  const row = await tx.one<{ n: number }>(sql`select count(*)::int as n from pg_attribute where attrelid = to_regclass(${tableName}::text) and attnum > 0`)
  return row?.n ?? 0
}
