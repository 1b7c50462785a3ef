import { api } from '../api.ts'
import type { TableMeta } from '../types.ts'

/**
 * Table metadata that field parts need about another table (a relation's target, a lookup's
 * source), fetched once per page: a grid of lookups would otherwise ask once per cell. Config
 * editors pass `fresh` to see columns added since.
 */
const cache = new Map<string, Promise<TableMeta>>()

export function fetchTable(id: string, opts: { fresh?: boolean } = {}): Promise<TableMeta> {
  let p = cache.get(id)
  if (!p || opts.fresh) {
    p = api.get<TableMeta>(`/api/tables/${id}`)
    cache.set(id, p)
    // A failed request is not remembered, so the next render tries again.
    p.catch(() => cache.get(id) === p && cache.delete(id))
  }
  return p
}

export const fetchAppTables = (appId: string): Promise<TableMeta[]> => api.get<TableMeta[]>(`/api/apps/${appId}/tables`)

/** Columns in the order the table shows them. */
export const orderedColumns = (t: TableMeta) => [...t.columns].sort((a, b) => a.order - b.order)
