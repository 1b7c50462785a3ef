import type { FilterNode } from '@docpal/plugin-sdk'

/** The API JSON form of a filter AST (fields as column ids): what a view stores. */
export function filterToJson(node: FilterNode | undefined): unknown {
  if (!node) return undefined
  switch (node.kind) {
    case 'and':
    case 'or':
      return { [node.kind]: node.children.map(filterToJson).filter((x) => x !== undefined) }
    case 'condition':
      return node.value === undefined ? { field: node.field, op: node.op } : { field: node.field, op: node.op, value: node.value }
    case 'predicate':
      return undefined
  }
}
