import type { ColumnInfo, TableMeta, ViewInfo } from '@docpal/plugin-sdk/client'

/** The kanban config as the server stores it (`src/shared/config.ts` is its schema). */
export interface KanbanConfig {
  groupByFieldId?: string
  cardFields?: string[]
  hideEmptyColumn?: boolean
}

export interface SelectOption {
  id: string
  label: string
  color?: string | null
}

export const optionsOf = (c: ColumnInfo | undefined): SelectOption[] => (Array.isArray(c?.config['options']) ? (c.config['options'] as SelectOption[]) : [])
export const selectColumns = (t: TableMeta): ColumnInfo[] => ordered(t).filter((c) => c.type === 'single_select')
export const ordered = (t: TableMeta): ColumnInfo[] => [...t.columns].sort((a, b) => a.order - b.order)

/** The view's visible columns in its order (its field list, or every column). */
export function visibleColumns(view: ViewInfo, table: TableMeta): ColumnInfo[] {
  const ids = (view.queryConfig as { fields?: string[] | null }).fields
  const all = ordered(table)
  return ids ? ids.map((id) => all.find((c) => c.id === id)).filter((c): c is ColumnInfo => c !== undefined) : all
}

/**
 * What a card shows: a title (the first visible field other than the grouping one) and up to three
 * more fields, or the fields the config names.
 */
export function cardLayout(view: ViewInfo, table: TableMeta): { title: ColumnInfo | undefined; fields: ColumnInfo[] } {
  const cfg = view.config as KanbanConfig
  const shown = visibleColumns(view, table).filter((c) => c.id !== cfg.groupByFieldId)
  const title = shown[0]
  const byId = new Map(table.columns.map((c) => [c.id, c]))
  const fields = cfg.cardFields ? cfg.cardFields.map((id) => byId.get(id)).filter((c): c is ColumnInfo => c !== undefined && c.id !== title?.id) : shown.slice(1, 4)
  return { title, fields }
}
