import type { AnyFieldType, ColumnDataType } from '@docpal/plugin-sdk'
import { present } from '../errors/present.ts'

export interface ColumnMeta {
  readonly id: string
  readonly name: string
  readonly type: string
  readonly config: unknown
  readonly required: boolean
  readonly order: number
  /** Physical column (`f_<hex>`), null for computed fields. */
  readonly columnName: string | null
  readonly dataType: ColumnDataType | null
  /** Relation fields: which end of the link table (`columnName`) this column reads from. */
  readonly linkSide: 'src' | 'dst' | null
  /** Relations, lookups, aggregations: the column holding the maintained values (`m_<hex>` in the row, `mw_<hex>` in the side table). */
  readonly storedColumn: string | null
  readonly storedSignature: string | null
  readonly archivedAt: string | null
}

export interface TableMeta {
  readonly id: string
  readonly companyId: string
  readonly appId: string
  readonly name: string
  readonly description: string | null
  readonly tableName: string
  readonly version: number
  readonly createdBy: string | null
  readonly createdAt: string
  readonly updatedAt: string
  /** Active columns in display order. */
  readonly columns: ReadonlyArray<ColumnMeta>
  readonly archived: ReadonlyArray<ColumnMeta>
  readonly layouts: {
    readonly defaultCardView: unknown
    readonly defaultForm: unknown
    readonly defaultDetailDashboard: unknown
    readonly userCardView: unknown
    readonly form: unknown
    readonly detailView: unknown
  }
}

/** A column together with its field type, when the type's plugin is enabled. */
export interface BoundColumn {
  readonly meta: ColumnMeta
  readonly fieldType: AnyFieldType | undefined
}

/** Whether a field type's plugin is enabled; a column of a missing type is marked, not hidden. */
export type TypeAvailable = (type: string) => boolean

export function publicColumn(c: ColumnMeta, available: TypeAvailable = () => true) {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    config: c.config,
    required: c.required,
    order: c.order,
    ...(c.archivedAt ? { archivedAt: c.archivedAt } : {}),
    ...(available(c.type)
      ? {}
      : {
          available: false,
          unavailable: `Column '${c.name}' is a '${c.type}' field, and the plugin that provides '${c.type}' is disabled or not installed. Its data is kept; enable the plugin to use the column again.`,
        }),
  }
}

export function publicTable(t: TableMeta, opts: { archived?: boolean } = {}, available: TypeAvailable = () => true) {
  return {
    id: t.id,
    appId: t.appId,
    name: t.name,
    description: t.description,
    tableName: t.tableName,
    version: t.version,
    columns: t.columns.map((c) => publicColumn(c, available)),
    ...(opts.archived ? { archivedColumns: t.archived.map((c) => publicColumn(c, available)) } : {}),
    defaultCardView: t.layouts.defaultCardView,
    defaultForm: t.layouts.defaultForm,
    defaultDetailDashboard: t.layouts.defaultDetailDashboard,
    userCardView: t.layouts.userCardView,
    form: t.layouts.form,
    detailView: t.layouts.detailView,
    createdBy: t.createdBy,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  }
}

/** The physical column of a field that has one (every stored field; computed fields have none). */
export function physicalColumn(c: ColumnMeta): string {
  return present(c.columnName, `the physical column of field '${c.name}'`)
}
