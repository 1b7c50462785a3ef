/**
 * The API's filter JSON (API.md "Filters and sorts") and pure helpers over it. Every helper returns
 * a new tree, so the builder can emit `update:modelValue` without mutating its prop.
 */
export interface FilterCondition {
  field: string
  op: string
  value?: unknown
}
export type FilterGroup = { and: FilterNode[] } | { or: FilterNode[] }
export type FilterNode = FilterGroup | FilterCondition
export type Junction = 'and' | 'or'

export const isGroup = (n: FilterNode): n is FilterGroup => 'and' in n || 'or' in n
export const junction = (g: FilterGroup): Junction => ('and' in g ? 'and' : 'or')
export const children = (g: FilterGroup): FilterNode[] => ('and' in g ? g.and : g.or)
export const makeGroup = (j: Junction, nodes: FilterNode[]): FilterGroup => (j === 'and' ? { and: nodes } : { or: nodes })

/** A value the user has not entered yet: the server would refuse it, so it is not sent. */
export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)
}

/**
 * The part of a tree the server can run: conditions still missing a value and groups left empty
 * are dropped, so a half-built filter filters by what is complete. `takesValue(field, op)` comes
 * from the field types' operator lists.
 */
export function completeFilter(g: FilterGroup | null, takesValue: (field: string, op: string) => boolean): FilterGroup | null {
  if (!g) return null
  const kept: FilterNode[] = []
  for (const n of children(g)) {
    if (isGroup(n)) {
      const sub = completeFilter(n, takesValue)
      if (sub) kept.push(sub)
    } else if (n.field && n.op && !(takesValue(n.field, n.op) && isBlank(n.value))) {
      kept.push(n)
    }
  }
  return kept.length ? makeGroup(junction(g), kept) : null
}

/** How many conditions a tree holds (shown on the filter button). */
export function countConditions(g: FilterGroup | null): number {
  if (!g) return 0
  return children(g).reduce((n, c) => n + (isGroup(c) ? countConditions(c) : 1), 0)
}
