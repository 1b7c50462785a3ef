import type { ColumnInfo, TableMeta, ViewInfo } from '@docpal/plugin-sdk/client'

/** The calendar config as the server stores it (`src/shared/config.ts` is its schema). */
export interface CalendarConfig {
  dateFieldId?: string
  endDateFieldId?: string
  mode?: 'month' | 'week'
  colorFieldId?: string
}

export const ordered = (t: TableMeta): ColumnInfo[] => [...t.columns].sort((a, b) => a.order - b.order)
export const dateColumns = (t: TableMeta): ColumnInfo[] => ordered(t).filter((c) => c.type === 'date')
export const selectColumns = (t: TableMeta): ColumnInfo[] => ordered(t).filter((c) => c.type === 'single_select')

/** What an entry is called: the first visible field that is not one of the calendar's dates. */
export function titleColumn(view: ViewInfo, table: TableMeta): ColumnInfo | undefined {
  const cfg = view.config as CalendarConfig
  const ids = (view.queryConfig as { fields?: string[] | null }).fields
  const shown = ids
    ? ordered(table)
        .filter((c) => ids.includes(c.id))
        .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))
    : ordered(table)
  return shown.find((c) => c.id !== cfg.dateFieldId && c.id !== cfg.endDateFieldId) ?? shown[0]
}
