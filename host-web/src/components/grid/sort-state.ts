export interface SortItem { field: string; direction: 'asc' | 'desc' }

/**
 * A header click: cycles that column none -> asc -> desc -> none. A plain click makes it the only
 * sort; Shift+click keeps the other sorts, so the column becomes (or stays) a secondary sort.
 */
export function toggleSort(sort: ReadonlyArray<SortItem>, field: string, additive: boolean): SortItem[] {
  const current = sort.find((s) => s.field === field)
  const next: SortItem | null = !current ? { field, direction: 'asc' } : current.direction === 'asc' ? { field, direction: 'desc' } : null
  if (!additive) return next ? [next] : []
  if (!current) return [...sort, next!]
  return next ? sort.map((s) => (s.field === field ? next : s)) : sort.filter((s) => s.field !== field)
}
