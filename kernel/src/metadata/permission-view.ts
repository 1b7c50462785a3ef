import type { PermissionRule } from '../permissions/permission-model.ts'
import { filterToJson } from '../query/ast-json.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import type { FilterNode } from '@docpal/plugin-sdk'

/** A table rule as the API answers it: columns by name (ids of columns since removed stay ids). */
export interface RuleOut {
  id: string
  role?: string
  userId?: string
  actions: string[]
  readFilter?: unknown
  editFilter?: unknown
  deleteFilter?: unknown
  hiddenFields: string[]
  readOnlyFields: string[]
}

/** A stored filter with its column ids turned back into names. */
export function renameFields(node: FilterNode | undefined, nameOf: (id: string) => string): unknown {
  const walk = (n: FilterNode): FilterNode => {
    if (n.kind === 'and' || n.kind === 'or') return { kind: n.kind, children: n.children.map(walk) }
    if (n.kind === 'condition') return { ...n, field: nameOf(n.field) }
    return n
  }
  return node ? filterToJson(walk(node)) : undefined
}

export function ruleOut(r: PermissionRule, rt: TableRuntime): RuleOut {
  const nameOf = (id: string) => rt.byId.get(id)?.meta.name ?? id
  const out: RuleOut = { id: r.id, actions: [...r.actions], hiddenFields: r.hiddenFields.map(nameOf), readOnlyFields: r.readOnlyFields.map(nameOf) }
  if (r.role !== null) out.role = r.role
  if (r.userId !== null) out.userId = r.userId
  const read = renameFields(r.readFilter, nameOf)
  const edit = renameFields(r.editFilter, nameOf)
  const del = renameFields(r.deleteFilter, nameOf)
  if (read !== undefined) out.readFilter = read
  if (edit !== undefined) out.editFilter = edit
  if (del !== undefined) out.deleteFilter = del
  return out
}
