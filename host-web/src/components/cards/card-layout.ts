import type { ColumnInfo, TableMeta } from '@docpal/plugin-sdk/client'

/** Plan 1.4's card view as the kernel generates it (`defaultCardView`, column ids). */
export interface CardLayout {
  titleField: string | null
  subtitleField: string | null
  fields: string[]
  layout: 'grid' | 'list'
}

export interface ResolvedCardLayout {
  title?: ColumnInfo
  subtitle?: ColumnInfo
  fields: ColumnInfo[]
  layout: 'grid' | 'list'
}

/**
 * The table's card layout resolved to columns. A table without one (or with stale ids) still gets
 * cards: the first column as title and the rest as fields.
 */
export function resolveCardLayout(table: TableMeta): ResolvedCardLayout {
  const cols = [...table.columns].sort((a, b) => a.order - b.order)
  // GET /api/tables/:id answers the layouts at the top level; a user's edit wins over the generated one.
  const json = table as unknown as Record<string, unknown>
  const raw = (json['userCardView'] ?? json['defaultCardView'] ?? table.layouts?.['defaultCardView'] ?? {}) as Partial<CardLayout>
  const byId = (id: string | null | undefined) => (id ? cols.find((c) => c.id === id) : undefined)
  const title = byId(raw.titleField) ?? cols[0]
  const subtitle = byId(raw.subtitleField)
  const listed = Array.isArray(raw.fields) ? raw.fields.map(byId).filter((c): c is ColumnInfo => !!c) : cols
  return { title, subtitle, fields: listed.filter((c) => c !== title && c !== subtitle), layout: raw.layout === 'list' ? 'list' : 'grid' }
}
