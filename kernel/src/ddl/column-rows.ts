import type { ColumnDataType } from '@docpal/plugin-sdk'
import type { Pipeline } from '../db/pipeline.ts'

/** A row of data_table_columns as a schema change writes it. */
export interface ColumnRow {
  readonly id: string
  readonly dataTableId: string
  readonly name: string
  readonly type: string
  readonly config: unknown
  readonly order: number
  readonly required: boolean
  readonly columnName: string | null
  readonly dataType: ColumnDataType | null
  readonly linkSide?: 'src' | 'dst' | null
}

// One constant statement per kind of write, whatever the number of columns: a 10-column table
// was 10 INSERTs, adding a column to it 10 UPDATEs of columns that had not changed (issue 14).
// The rows travel as one JSON parameter.
const INSERT =
  'insert into data_table_columns (id, data_table_id, name, type, config, "order", required, column_name, data_type, link_side) select r.id, r.data_table_id, r.name, r.type, coalesce(r.config, \'{}\'::jsonb), r."order", r.required, r.column_name, r.data_type, r.link_side from jsonb_to_recordset($1::jsonb) as r(id uuid, data_table_id uuid, name text, type text, config jsonb, "order" int, required boolean, column_name text, data_type text, link_side text)'
const UPDATE =
  'update data_table_columns c set name = r.name, type = r.type, config = coalesce(r.config, \'{}\'::jsonb), "order" = r."order", required = r.required, column_name = r.column_name, data_type = r.data_type, archived_at = null, updated_at = $2::timestamptz from jsonb_to_recordset($1::jsonb) as r(id uuid, name text, type text, config jsonb, "order" int, required boolean, column_name text, data_type text) where c.id = r.id'
const ARCHIVE = 'update data_table_columns set archived_at = $2::timestamptz, updated_at = $2::timestamptz where id = any($1::uuid[])'

const json = (rows: ReadonlyArray<ColumnRow>) =>
  JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      data_table_id: r.dataTableId,
      name: r.name,
      type: r.type,
      config: r.config ?? null,
      order: r.order,
      required: r.required,
      column_name: r.columnName,
      data_type: r.dataType,
      link_side: r.linkSide ?? null,
    })),
  )

/** New columns, one statement. */
export function insertColumns(pipe: Pipeline, rows: ReadonlyArray<ColumnRow>): void {
  if (rows.length) pipe.run(INSERT, [json(rows)])
}

/** Columns kept (and restored) whose definition changed, one statement: active again, as given. */
export function updateColumns(pipe: Pipeline, rows: ReadonlyArray<ColumnRow>, now: string): void {
  if (rows.length) pipe.run(UPDATE, [json(rows), now])
}

/** Columns archived, one statement. */
export function archiveColumns(pipe: Pipeline, ids: ReadonlyArray<string>, now: string): void {
  if (ids.length) pipe.run(ARCHIVE, [`{${ids.join(',')}}`, now])
}
