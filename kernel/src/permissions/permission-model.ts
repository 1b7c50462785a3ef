import type { FilterNode } from '@docpal/plugin-sdk'

/** What a grant allows on a resource. `manage`: change its permissions (and, on a table, its views). */
export const ACTIONS = ['view', 'create', 'edit', 'delete', 'manage'] as const
export type Action = (typeof ACTIONS)[number]

/** Views (and dashboards) are seen or managed; records belong to their table. */
export const VIEW_ACTIONS = ['view', 'manage'] as const

export type ResourceType = 'app' | 'table' | 'view'

/** A grant as stored: filters keep column ids, so renaming a column keeps its rules. */
export interface PermissionRule {
  readonly id: string
  readonly resourceType: ResourceType
  readonly resourceId: string
  readonly role: string | null
  readonly userId: string | null
  readonly actions: ReadonlyArray<Action>
  readonly readFilter: FilterNode | undefined
  readonly editFilter: FilterNode | undefined
  readonly deleteFilter: FilterNode | undefined
  readonly hiddenFields: ReadonlyArray<string>
  readonly readOnlyFields: ReadonlyArray<string>
}

/** Who asks, as rules see them: a person with a role in the request's company. */
export interface Grantee {
  readonly userId: string
  readonly role: string
}

/** The row rules that apply: undefined where the caller is not limited. */
export interface RowScopes {
  readonly read: FilterNode | undefined
  /** What a new record must satisfy: a creating grant's edit filter (its read filter when it has none). */
  readonly create: FilterNode | undefined
  readonly edit: FilterNode | undefined
  readonly delete: FilterNode | undefined
}

/** What one caller may do with one table: the merge of every rule that matches them. */
export interface TableAccess {
  /** No rule limits the caller (owner, admin, or a table and app without rules). */
  readonly unrestricted: boolean
  readonly actions: ReadonlySet<Action>
  readonly rows: RowScopes
  /** Column ids never sent to the caller, nor usable by them in any way. */
  readonly hidden: ReadonlySet<string>
  /** Column ids the caller sees but may not write. */
  readonly readOnly: ReadonlySet<string>
  /** The matching rules' ids (a cache key: two callers with the same rules get the same access). */
  readonly ruleIds: ReadonlyArray<string>
}

export const FULL_ACCESS: TableAccess = Object.freeze({
  unrestricted: true,
  actions: new Set<Action>(ACTIONS),
  rows: Object.freeze({ read: undefined, create: undefined, edit: undefined, delete: undefined }),
  hidden: new Set<string>(),
  readOnly: new Set<string>(),
  ruleIds: Object.freeze([]),
})

/** What members get where no rule speaks: work with records, never manage. */
export const MEMBER_DEFAULT: TableAccess = Object.freeze({
  ...FULL_ACCESS,
  unrestricted: false,
  actions: new Set<Action>(['view', 'create', 'edit', 'delete']),
})

export function matches(rule: PermissionRule, who: Grantee): boolean {
  return rule.userId !== null ? rule.userId === who.userId : rule.role === who.role
}

const or = (nodes: ReadonlyArray<FilterNode | undefined>): FilterNode | undefined => {
  // One unlimited grant makes the union unlimited.
  if (nodes.some((n) => n === undefined)) return undefined
  // No grant at all admits no row (an empty `or` compiles to false).
  const present = nodes as FilterNode[]
  return present.length === 1 ? present[0] : { kind: 'or', children: present }
}

const and = (a: FilterNode | undefined, b: FilterNode | undefined): FilterNode | undefined => (a === undefined ? b : b === undefined ? a : { kind: 'and', children: [a, b] })

/** Columns every one of `lists` names (a field is hidden only when each matching grant hides it). */
function common(lists: ReadonlyArray<ReadonlyArray<string>>): Set<string> {
  const [first, ...rest] = lists
  if (!first) return new Set()
  return new Set(first.filter((id) => rest.every((l) => l.includes(id))))
}

/**
 * The caller's access to a table from the rules that match them (the table's own, or else its
 * app's). Actions are united. A row is readable when a grant with `view` admits it, editable when
 * one with `edit` admits it under its edit filter (its read filter when it has none), deletable
 * likewise; editing and deleting never reach rows the caller cannot read.
 */
export function mergeRules(rules: ReadonlyArray<PermissionRule>): TableAccess {
  const actions = new Set<Action>(rules.flatMap((r) => r.actions))
  const granting = (a: Action) => rules.filter((r) => r.actions.includes(a))
  const read = or(granting('view').map((r) => r.readFilter))
  const editOwn = (r: PermissionRule) => r.editFilter ?? r.readFilter
  const edit = and(read, or(granting('edit').map(editOwn)))
  const del = and(read, or(granting('delete').map((r) => r.deleteFilter ?? editOwn(r))))
  const viewers = granting('view')
  return Object.freeze({
    unrestricted: false,
    actions,
    rows: Object.freeze({ read, create: or(granting('create').map(editOwn)), edit, delete: del }),
    hidden: common(viewers.map((r) => r.hiddenFields)),
    // A field is writable when one editing grant leaves it writable (and visible).
    readOnly: common(granting('edit').map((r) => [...r.readOnlyFields, ...r.hiddenFields])),
    ruleIds: Object.freeze(rules.map((r) => r.id)),
  })
}
