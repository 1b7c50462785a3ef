import { and, inArray, isNotNull } from 'drizzle-orm'
import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { dataTableColumns } from '../db/schema.ts'
import { ident } from '../sql/ident.ts'

/**
 * Before tables are dropped: their relations' link tables go too, and so do the fields of the
 * other side on tables that stay (they would link to nothing).
 */
export async function dropLinksOf(tx: Executor, tableIds: string[]): Promise<void> {
  if (!tableIds.length) return
  const rows = await tx.orm
    .selectDistinct({ lk: dataTableColumns.columnName })
    .from(dataTableColumns)
    .where(and(inArray(dataTableColumns.dataTableId, tableIds), isNotNull(dataTableColumns.linkSide)))
  const links = rows.map((r) => r.lk).filter((x): x is string => x !== null)
  if (!links.length) return
  for (const lk of links) await tx.query(sql`drop table if exists ${ident(lk)}`)
  await tx.orm.delete(dataTableColumns).where(inArray(dataTableColumns.columnName, links))
}
