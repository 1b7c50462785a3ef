import type { FilterGroup, FilterNode } from '../../filter/filter-tree.ts'

/**
 * A trigger's conditions (kernel/src/workflows/conditions.ts) split for the builder: the part in
 * the query filter grammar (the filter builder edits it), the fields whose change is required
 * (`{changed: field}`), and other change leaves the builder shows but does not edit (kept as they are).
 */
export interface ConditionParts {
  filter: FilterGroup | null
  changed: string[]
  other: unknown[]
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isChangeLeaf = (n: Record<string, unknown>) => 'changed' in n || 'changedFrom' in n || 'changedTo' in n || n['op'] === 'sameAs' || n['op'] === 'differsFrom'
/** Whether a tree holds change leaves anywhere (those the filter builder cannot show). */
const hasChangeLeaf = (n: unknown): boolean => isObj(n) && (isChangeLeaf(n) || (['and', 'or'] as const).some((k) => Array.isArray(n[k]) && (n[k] as unknown[]).some(hasChangeLeaf)))

export function splitConditions(c: unknown): ConditionParts {
  const parts: ConditionParts = { filter: null, changed: [], other: [] }
  if (!isObj(c)) return parts
  const top: unknown[] = Array.isArray(c['and']) ? (c['and'] as unknown[]) : [c]
  const rest: FilterNode[] = []
  for (const n of top) {
    if (isObj(n) && typeof n['changed'] === 'string' && Object.keys(n).length === 1) parts.changed.push(n['changed'])
    else if (hasChangeLeaf(n)) parts.other.push(n)
    else if (isObj(n)) rest.push(n as unknown as FilterNode)
  }
  // One group alone is the filter itself; several conditions are the AND they were written as.
  const only = rest.length === 1 ? rest[0] : undefined
  if (only && ('and' in only || 'or' in only)) parts.filter = only
  else if (rest.length) parts.filter = { and: rest }
  return parts
}

/** The conditions to save (undefined: none), `filter` already reduced to its complete part. */
export function joinConditions(p: ConditionParts): unknown {
  const all: unknown[] = [...(p.filter ? [p.filter] : []), ...p.changed.map((f) => ({ changed: f })), ...p.other]
  if (!all.length) return undefined
  return all.length === 1 && p.filter ? p.filter : { and: all }
}
