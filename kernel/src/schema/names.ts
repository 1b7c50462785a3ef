import { randomBytes } from 'node:crypto'

const hex = (uuid: string) => uuid.replace(/-/g, '').toLowerCase()

/** `dt_<first 12 hex of company id>_<first 16 hex of table id>` (plan 1.2). */
export function physicalTableName(companyId: string, tableId: string): string {
  return `dt_${hex(companyId).slice(0, 12)}_${hex(tableId).slice(0, 16)}`
}

/**
 * Physical column names are random, never derived from what a user typed; a retype makes a
 * fresh column so the old values can stay archived beside it.
 */
export function newColumnName(): string {
  return `f_${randomBytes(8).toString('hex')}`
}

/**
 * `ms_<16 hex of the table>`: the side table holding a table's stored relation, lookup and
 * aggregation values (one row per record that has any), so scans of the table stay narrow.
 */
export function storedTableName(tableName: string): string {
  return `ms_${tableName.slice(-16)}`
}

// Fixed-width values (an aggregation's number or date) stay in the row: filtering and sorting on
// them is then as fast as on any column. Wide ones (relation JSON, lookup arrays) go to the side table.
const IN_ROW = new Set([
  'numeric',
  'bigint',
  'integer',
  'smallint',
  'double precision',
  'real',
  'boolean',
  'date',
  'timestamp with time zone',
  'timestamp without time zone',
  'uuid',
])

/** The column holding a field's stored values: `m_<hex>` in the row, `mw_<hex>` in the side table. */
export function storedColumnName(columnId: string, valueType: string): string {
  return `${IN_ROW.has(valueType) ? 'm' : 'mw'}_${hex(columnId).slice(0, 16)}`
}

export function isSideColumn(storedColumn: string): boolean {
  return storedColumn.startsWith('mw_')
}

export function indexName(tableName: string, suffix: string): string {
  return `ix_${tableName.slice(-16)}_${suffix}`
}
