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

export function indexName(tableName: string, suffix: string): string {
  return `ix_${tableName.slice(-16)}_${suffix}`
}
