import type { ColumnInfo, TableMeta } from '@docpal/plugin-sdk/client'

/** The gantt config as the server stores it (`src/shared/config.ts` is its schema). */
export interface GanttConfig {
  startFieldId?: string
  endFieldId?: string
  labelFieldId?: string
}

export const ordered = (t: TableMeta): ColumnInfo[] => [...t.columns].sort((a, b) => a.order - b.order)
export const dateColumns = (t: TableMeta): ColumnInfo[] => ordered(t).filter((c) => c.type === 'date')

/** The bar's text: the configured field, else the first field that is not a date. */
export function labelColumn(cfg: GanttConfig, t: TableMeta): ColumnInfo | undefined {
  return t.columns.find((c) => c.id === cfg.labelFieldId) ?? ordered(t).find((c) => c.type !== 'date') ?? ordered(t)[0]
}
