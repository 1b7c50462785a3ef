import type { FilterNode } from '@docpal/plugin-sdk'

/**
 * The columns a filter compares by value (column ids or system field names), at any depth: what
 * an index on the table can serve. A plugin's predicate names none (its SQL is its own).
 */
export function filterFields(node: FilterNode | undefined, out: Set<string> = new Set()): Set<string> {
  if (!node) return out
  if (node.kind === 'condition') out.add(node.field)
  else if (node.kind === 'and' || node.kind === 'or') for (const c of node.children) filterFields(c, out)
  return out
}
