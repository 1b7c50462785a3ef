import type { ColumnInfo } from '@docpal/plugin-sdk/client'

/** Filters name a column by id (what the builder writes) or by name (what people and scripts write). */
export function findColumn(columns: ReadonlyArray<ColumnInfo>, field: string): ColumnInfo | undefined {
  return columns.find((c) => c.id === field) ?? columns.find((c) => c.name === field)
}

/** A readable operator label; an operator a plugin added without our translation shows its name. */
export function opLabel(op: string, translateOr: (key: string, fallback: string) => string): string {
  return translateOr(`grid.filter.ops.${op}`, op.replace(/_/g, ' '))
}
