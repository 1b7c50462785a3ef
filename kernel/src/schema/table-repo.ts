import { and, asc, eq } from 'drizzle-orm'
import type { ColumnDataType } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { dataTableColumns, dataTables } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import { isUuid } from '../validation.ts'
import type { ColumnMeta, TableMeta } from './table-model.ts'

/** Reads one table's metadata, or throws KRN_ERR_NOT_FOUND; company-scoped, so another company's id reads as unknown. */
export async function loadTable(ex: Executor, companyId: string, tableId: string): Promise<TableMeta> {
  const t = await findTable(ex, companyId, tableId)
  if (!t) throw codes.KRN_ERR_NOT_FOUND('Table', tableId)
  return t
}

/**
 * One table's metadata, or undefined when the company has no such table. Only "not found" is
 * undefined: a failing database throws, so it can never pass for a missing table.
 */
export async function findTable(ex: Executor, companyId: string, tableId: string): Promise<TableMeta | undefined> {
  if (!isUuid(tableId)) return undefined
  const [t] = await ex.orm
    .select()
    .from(dataTables)
    .where(and(eq(dataTables.id, tableId), eq(dataTables.companyId, companyId)))
  if (!t) return undefined
  const rows = await ex.orm.select().from(dataTableColumns).where(eq(dataTableColumns.dataTableId, tableId)).orderBy(asc(dataTableColumns.order), asc(dataTableColumns.createdAt))
  const cols: ColumnMeta[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    config: r.config,
    required: r.required,
    order: r.order,
    columnName: r.columnName,
    dataType: r.dataType as ColumnDataType | null,
    linkSide: r.linkSide as 'src' | 'dst' | null,
    storedColumn: r.storedColumn,
    storedSignature: r.storedSignature,
    archivedAt: r.archivedAt,
  }))
  return {
    id: t.id,
    companyId: t.companyId,
    appId: t.appId,
    name: t.name,
    description: t.description,
    tableName: t.tableName,
    version: t.version,
    createdBy: t.createdBy,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    columns: cols.filter((c) => !c.archivedAt),
    archived: cols.filter((c) => c.archivedAt),
    layouts: {
      defaultCardView: t.defaultCardView,
      defaultForm: t.defaultForm,
      defaultDetailDashboard: t.defaultDetailDashboard,
      userCardView: t.userCardView,
      form: t.form,
      detailView: t.detailView,
    },
  }
}
