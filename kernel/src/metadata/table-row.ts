import type { Executor } from '../db/executor.ts'
import { defaultLayouts, reconcileLayout } from '../layouts/default-layouts.ts'
import { isTitleType, type FieldTypeLookup } from '../schema/field-types.ts'
import type { TableMeta } from '../schema/table-model.ts'

/** What a table update may set besides its columns. */
export interface TablePatch {
  name?: string
  description?: string | null
  form?: unknown
  userCardView?: unknown
  detailView?: unknown
}

// A constant statement: the query builder spent more CPU building this than the database running it.
const REFRESH =
  'update data_tables set name = $1, description = $2, schema = $3::jsonb, default_card_view = $4::jsonb, default_form = $5::jsonb, default_detail_dashboard = $6::jsonb, user_card_view = $7::jsonb, form = $8::jsonb, detail_view = $9::jsonb, version = $10, updated_at = now() where id = $11 returning updated_at'
const INSERT = 'insert into data_tables (id, company_id, app_id, name, description, table_name, created_by) values ($1, $2, $3, $4, $5, $6, $7)'

const jsonb = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v))

/** The row of a new table (its layouts and version follow with refreshTableRow). */
export function insertTableRow(t: Pick<TableMeta, 'id' | 'companyId' | 'appId' | 'name' | 'description' | 'tableName' | 'createdBy'>): [string, unknown[]] {
  return [INSERT, [t.id, t.companyId, t.appId, t.name, t.description, t.tableName, t.createdBy]]
}

/**
 * Writes the layouts and the `schema` snapshot of `meta` (the table as its columns now are) with
 * `patch`, bumps the version, and answers the table as written, without reading it again.
 */
export async function refreshTableRow(tx: Executor, fieldTypes: FieldTypeLookup, meta: TableMeta, patch: TablePatch = {}, version = meta.version): Promise<TableMeta> {
  const layouts = {
    ...defaultLayouts(meta.columns, (type) => isTitleType(fieldTypes, type)),
    userCardView: reconcileLayout(patch.userCardView ?? meta.layouts.userCardView, meta.columns),
    form: reconcileLayout(patch.form ?? meta.layouts.form, meta.columns),
    detailView: reconcileLayout(patch.detailView ?? meta.layouts.detailView, meta.columns),
  }
  const name = patch.name ?? meta.name
  const description = patch.description !== undefined ? patch.description : meta.description
  const schema = meta.columns.map((c) => ({ id: c.id, name: c.name, type: c.type, config: c.config, required: c.required }))
  const [row] = await tx.run<{ updated_at: string }>(REFRESH, [
    name,
    description,
    jsonb(schema),
    jsonb(layouts.defaultCardView),
    jsonb(layouts.defaultForm),
    jsonb(layouts.defaultDetailDashboard),
    jsonb(layouts.userCardView),
    jsonb(layouts.form),
    jsonb(layouts.detailView),
    version + 1,
    meta.id,
  ])
  return { ...meta, name, description, version: version + 1, updatedAt: row?.updated_at ?? meta.updatedAt, layouts }
}
