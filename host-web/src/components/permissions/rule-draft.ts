import { completeFilter, type FilterGroup } from '../filter/filter-tree.ts'
import type { Action, Grant, TableRule } from '../../services/permission-types.ts'

export type FieldAccess = 'visible' | 'readOnly' | 'hidden'
export type Grantee = 'role' | 'user'

/** A rule as the editor holds it: whom it is for, what it grants, its row filters and field matrix row. */
export interface RuleDraft {
  /** Stable while editing (v-for key); the server's id when the rule came from it. */
  key: string
  id?: string
  who: Grantee
  role: string
  userId: string
  actions: Action[]
  readFilter: FilterGroup | null
  editFilter: FilterGroup | null
  deleteFilter: FilterGroup | null
  /** Field name to its access; fields left out are visible. */
  fields: Record<string, FieldAccess>
}

export const TABLE_ACTIONS: readonly Action[] = ['view', 'create', 'edit', 'delete', 'manage']
export const VIEW_ACTIONS: readonly Action[] = ['view', 'manage']

let seq = 0
const nextKey = () => `rule-${++seq}`

const asGroup = (f: unknown): FilterGroup | null => (f && typeof f === 'object' && ('and' in f || 'or' in f) ? (f as FilterGroup) : null)

export function newRule(role = 'member'): RuleDraft {
  return { key: nextKey(), who: 'role', role, userId: '', actions: ['view'], readFilter: null, editFilter: null, deleteFilter: null, fields: {} }
}

export function toDraft(rule: TableRule | Grant): RuleDraft {
  const r = rule as TableRule
  const fields: Record<string, FieldAccess> = {}
  for (const f of r.readOnlyFields ?? []) fields[f] = 'readOnly'
  for (const f of r.hiddenFields ?? []) fields[f] = 'hidden'
  return {
    key: nextKey(),
    ...(r.id ? { id: r.id } : {}),
    who: r.userId ? 'user' : 'role',
    role: r.role ?? '',
    userId: r.userId ?? '',
    actions: [...r.actions],
    readFilter: asGroup(r.readFilter),
    editFilter: asGroup(r.editFilter),
    deleteFilter: asGroup(r.deleteFilter),
    fields,
  }
}

const grantee = (d: RuleDraft) => (d.who === 'user' ? { userId: d.userId } : { role: d.role })

/** The grant part only (app and view rules: whom, and which actions). */
export function toGrant(d: RuleDraft): Grant {
  return { ...(d.id ? { id: d.id } : {}), ...grantee(d), actions: d.actions }
}

/**
 * The rule as PUT sends it. Half-built filter conditions are dropped (as the grid's filter does);
 * an edit or delete filter left empty is left out, so it falls back to the one before it.
 */
export function toTableRule(d: RuleDraft, takesValue: (field: string, op: string) => boolean): TableRule {
  const filter = (g: FilterGroup | null) => completeFilter(g, takesValue) ?? undefined
  const readFilter = filter(d.readFilter)
  const editFilter = filter(d.editFilter)
  const deleteFilter = filter(d.deleteFilter)
  const pick = (a: FieldAccess) =>
    Object.entries(d.fields)
      .filter(([, v]) => v === a)
      .map(([k]) => k)
  return {
    ...toGrant(d),
    ...(readFilter ? { readFilter } : {}),
    ...(editFilter ? { editFilter } : {}),
    ...(deleteFilter ? { deleteFilter } : {}),
    hiddenFields: pick('hidden'),
    readOnlyFields: pick('readOnly'),
  }
}

/** A rule the server would refuse for want of a grantee. */
export const missingGrantee = (d: RuleDraft): boolean => (d.who === 'user' ? !d.userId : !d.role)
