import type { ColumnInfo } from '@docpal/plugin-sdk/client'

/** Filters name a column by id (what the builder writes) or by name (what people and scripts write). */
export function findColumn(columns: ReadonlyArray<ColumnInfo>, field: string): ColumnInfo | undefined {
  return columns.find((c) => c.id === field) ?? columns.find((c) => c.name === field)
}

/** A readable operator label; an operator a plugin added without our translation shows its name. */
export function opLabel(op: string, t: (k: string) => string, te: (k: string) => boolean): string {
  const key = `grid.filter.ops.${op}`
  return te(key) ? t(key) : op.replace(/_/g, ' ')
}
