import type { ColumnInfo, TableMeta, ViewInfo } from '@docpal/plugin-sdk/client'

/** The table view's config as the server stores it (`src/shared/config.ts` is its schema). */
export interface TableViewConfig {
  hiddenFields?: string[]
  columnWidths?: Record<string, number>
  rowHeight?: 'short' | 'medium' | 'tall'
  summary?: Record<string, 'count' | 'empty' | 'sum' | 'avg' | 'min' | 'max'>
}

export const ROW_HEIGHTS = { short: 36, medium: 56, tall: 88 } as const

/** The columns the view shows, in its order: its visible-field list, or every column. */
export function visibleColumns(view: ViewInfo, table: TableMeta): ColumnInfo[] {
  const hidden = new Set((view.config as TableViewConfig).hiddenFields ?? [])
  const ids = (view.queryConfig as { fields?: string[] | null }).fields
  const all = [...table.columns].sort((a, b) => a.order - b.order)
  const chosen = ids ? ids.map((id) => all.find((c) => c.id === id)).filter((c): c is ColumnInfo => c !== undefined) : all
  return chosen.filter((c) => !hidden.has(c.id))
}
