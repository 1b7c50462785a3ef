import { ApiError, type ColumnInfo, type ViewInfo } from '@docpal/plugin-sdk/client'
import type { FilterGroup, FilterNode } from '../filter/filter-tree.ts'

export interface SortDraft {
  field: string
  direction: 'asc' | 'desc'
}

/** What the view editor edits; field references are column ids, as the server stores them. */
export interface ViewDraft {
  name: string
  description: string
  dataTableId: string
  type: string
  filter: FilterGroup | null
  sorts: SortDraft[]
  groupBy: string
  /** Every column in display order, with whether the view shows it. */
  fields: Array<{ id: string; visible: boolean }>
  config: Record<string, unknown>
}

type StoredQuery = { filter?: unknown; sort?: unknown; groupBy?: string; fields?: unknown }

/** A single stored condition is wrapped in a group, so the builder always starts from a group. */
function asGroup(filter: unknown): FilterGroup | null {
  if (!filter || typeof filter !== 'object') return null
  if ('and' in filter || 'or' in filter) return filter as FilterGroup
  return { and: [filter as FilterNode] }
}

/** Visible columns first in the view's order, then the hidden ones in table order. */
export function fieldList(columns: ReadonlyArray<ColumnInfo>, shown: ReadonlyArray<string> | undefined): ViewDraft['fields'] {
  const ordered = [...columns].sort((a, b) => a.order - b.order)
  if (!shown) return ordered.map((c) => ({ id: c.id, visible: true }))
  const known = shown.filter((id) => ordered.some((c) => c.id === id))
  return [...known.map((id) => ({ id, visible: true })), ...ordered.filter((c) => !known.includes(c.id)).map((c) => ({ id: c.id, visible: false }))]
}

export function draftFromView(v: ViewInfo & { description?: string | null }, columns: ReadonlyArray<ColumnInfo>): ViewDraft {
  const q = v.queryConfig as StoredQuery
  return {
    name: v.name,
    description: v.description ?? '',
    dataTableId: v.dataTableId,
    type: v.type,
    filter: asGroup(q.filter),
    sorts: Array.isArray(q.sort) ? (q.sort as SortDraft[]).map((s) => ({ field: s.field, direction: s.direction })) : [],
    groupBy: q.groupBy ?? '',
    fields: fieldList(columns, Array.isArray(q.fields) ? (q.fields as string[]) : undefined),
    config: { ...v.config },
  }
}

/**
 * The stored query. Every key is sent, cleared ones as null or '', because the server merges a
 * partial query into the stored one. Showing every column in table order stores no field list, so
 * columns added later appear in the view too.
 */
export function queryConfigOf(d: ViewDraft, columns: ReadonlyArray<ColumnInfo>): Record<string, unknown> {
  const natural = fieldList(columns, undefined).map((f) => f.id)
  const shown = d.fields.filter((f) => f.visible).map((f) => f.id)
  const everything = shown.length === natural.length && shown.every((id, i) => id === natural[i])
  return {
    filter: d.filter,
    sort: d.sorts.filter((s) => s.field),
    groupBy: d.groupBy,
    fields: everything ? null : shown,
  }
}

/** Which editor section a server error belongs to, from its path (`["queryConfig", "sort", 0]`). */
export function errorSection(err: unknown): { section: string; message: string } | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null
  const [first, second] = err.path
  const section = first === 'queryConfig' && typeof second === 'string' ? `queryConfig.${second}` : String(first ?? '')
  return { section, message: err.message }
}
