import type { ColumnDataType } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import { isUuid } from '../validation.ts'
import type { ColumnMeta, TableMeta } from './table-model.ts'

/** Reads one table's metadata, or throws KRN_ERR_NOT_FOUND; company-scoped, so another company's id reads as unknown. */
export async function loadTable(ex: Executor, companyId: string, tableId: string): Promise<TableMeta> {
  const t = await findTable(ex, companyId, tableId)
  if (!t) throw codes.KRN_ERR_NOT_FOUND('Table', tableId)
  return t
}

// Constant statement texts, not the query builder: a schema change reads a table's metadata
// two or three times, and building the statements cost more CPU than running them (issue 14).
const TABLE_ROW =
  'select id, company_id, app_id, name, description, table_name, default_card_view, default_form, default_detail_dashboard, user_card_view, form, detail_view, version, created_by, created_at, updated_at from data_tables where id = $1'
const COLUMN_ROWS =
  'select id, name, type, config, required, "order", column_name, data_type, link_side, stored_column, stored_signature, archived_at from data_table_columns where data_table_id = $1 order by "order", created_at'

interface TableRow {
  id: string
  company_id: string
  app_id: string
  name: string
  description: string | null
  table_name: string
  default_card_view: unknown
  default_form: unknown
  default_detail_dashboard: unknown
  user_card_view: unknown
  form: unknown
  detail_view: unknown
  version: number
  created_by: string | null
  created_at: string
  updated_at: string
}

interface ColumnRow {
  id: string
  name: string
  type: string
  config: unknown
  required: boolean
  order: number
  column_name: string | null
  data_type: string | null
  link_side: string | null
  stored_column: string | null
  stored_signature: string | null
  archived_at: string | null
}

/**
 * One table's metadata, or undefined when the company has no such table. Only "not found" is
 * undefined: a failing database throws, so it can never pass for a missing table. The table row
 * and its columns are asked for at once (one round trip on PostgreSQL: pipelined in a
 * transaction, two pooled connections outside one); another company's table reads as missing.
 */
export async function findTable(ex: Executor, companyId: string, tableId: string): Promise<TableMeta | undefined> {
  if (!isUuid(tableId)) return undefined
  const [[t], rows] = await Promise.all([ex.run<TableRow>(TABLE_ROW, [tableId]), ex.run<ColumnRow>(COLUMN_ROWS, [tableId])])
  if (!t || t.company_id !== companyId) return undefined
  const cols: ColumnMeta[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    config: r.config,
    required: r.required,
    order: r.order,
    columnName: r.column_name,
    dataType: r.data_type as ColumnDataType | null,
    linkSide: r.link_side as 'src' | 'dst' | null,
    storedColumn: r.stored_column,
    storedSignature: r.stored_signature,
    archivedAt: r.archived_at,
  }))
  return {
    id: t.id,
    companyId: t.company_id,
    appId: t.app_id,
    name: t.name,
    description: t.description,
    tableName: t.table_name,
    version: t.version,
    createdBy: t.created_by,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    columns: cols.filter((c) => !c.archivedAt),
    archived: cols.filter((c) => c.archivedAt),
    layouts: {
      defaultCardView: t.default_card_view,
      defaultForm: t.default_form,
      defaultDetailDashboard: t.default_detail_dashboard,
      userCardView: t.user_card_view,
      form: t.form,
      detailView: t.detail_view,
    },
  }
}
