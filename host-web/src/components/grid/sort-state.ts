export interface SortItem {
  field: string
  direction: 'asc' | 'desc'
}

/**
 * A header click: cycles that column none -> asc -> desc -> none. A plain click makes it the only
 * sort; Shift+click keeps the other sorts, so the column becomes (or stays) a secondary sort.
 */
export function toggleSort(sort: ReadonlyArray<SortItem>, field: string, additive: boolean): SortItem[] {
  const current = sort.find((s) => s.field === field)
  if (!current) {
    const first: SortItem = { field, direction: 'asc' }
    return additive ? [...sort, first] : [first]
  }
  const next: SortItem | null = current.direction === 'asc' ? { field, direction: 'desc' } : null
  if (!additive) return next ? [next] : []
  return next ? sort.map((s) => (s.field === field ? next : s)) : sort.filter((s) => s.field !== field)
}
