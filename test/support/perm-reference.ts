import { ALL_FIELDS, DEPENDS, TARGET_LOOKUP, type FieldName, type Row } from './perm-world.ts'

/**
 * The permission rules of issue 17 evaluated in JavaScript over the rows the owner reads: who
 * matches which rule, which rows they may read, edit and delete, which columns they see and may
 * write. The property test compares every answer the server gives a limited caller to this.
 */
export type Action = 'view' | 'create' | 'edit' | 'delete' | 'manage'
export type Atom =
  | { field: 'createdBy' | 'Assignee'; op: 'is_current_user' }
  | { field: 'Stage'; op: 'in'; value: string[] }
  | { field: 'Stage'; op: 'eq'; value: string }
  | { field: 'Amount' | 'Doubled'; op: 'gt' | 'lt'; value: number }
  | { field: 'Title' | 'Memo'; op: 'contains'; value: string }
  | { field: 'Memo' | 'Amount' | 'Stage'; op: 'is_empty' }
export type Filter = { and: Node[] } | { or: Node[] }
export type Node = Filter | Atom

export interface Rule {
  role?: string
  userId?: string
  actions: Action[]
  readFilter?: Filter
  editFilter?: Filter
  deleteFilter?: Filter
  hiddenFields?: FieldName[]
  readOnlyFields?: FieldName[]
}

export interface Caller {
  readonly userId: string
  readonly role: string
}

type RowTest = (row: Row) => boolean

export interface Expected {
  /** Owner and admin, or a table without rules: no rule limits them. */
  readonly unrestricted: boolean
  readonly actions: ReadonlySet<Action>
  readonly readable: RowTest
  readonly editable: RowTest
  readonly deletable: RowTest
  /** Hidden columns, computed ones that read a hidden column included. */
  readonly hidden: ReadonlySet<FieldName>
  /** Visible columns the caller may not write. */
  readonly readOnly: ReadonlySet<FieldName>
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : v === null || v === undefined ? null : Number(v))

/** One filter node over a row, as the server's SQL reads it (null never compares true). */
export function evalNode(n: Node, row: Row, userId: string): boolean {
  if ('and' in n) return n.and.every((c) => evalNode(c, row, userId))
  if ('or' in n) return n.or.some((c) => evalNode(c, row, userId))
  const raw = n.field === 'createdBy' ? row.createdBy : row.fields[n.field]
  // A user cell is answered as {id, name, avatar}.
  const v = raw !== null && typeof raw === 'object' && 'id' in raw ? (raw as { id: string }).id : raw
  switch (n.op) {
    case 'is_current_user':
      return v === userId
    case 'in':
      return typeof v === 'string' && n.value.includes(v)
    case 'eq':
      return v === n.value
    case 'gt':
    case 'lt': {
      const x = num(v)
      return x !== null && (n.op === 'gt' ? x > n.value : x < n.value)
    }
    case 'contains':
      return typeof v === 'string' && v.toLowerCase().includes(n.value.toLowerCase())
    case 'is_empty':
      return v === null || v === undefined || v === ''
  }
}

/** Columns every list names (a column is hidden only when every matching grant hides it). */
function common(lists: ReadonlyArray<ReadonlyArray<FieldName>>): Set<FieldName> {
  const [first, ...rest] = lists
  return new Set((first ?? []).filter((f) => rest.every((l) => l.includes(f))))
}

/** Adds every computed column that reads a hidden one. */
export function withDependents(hidden: ReadonlySet<FieldName>): Set<FieldName> {
  const out = new Set(hidden)
  for (const f of ALL_FIELDS) if ((DEPENDS[f] ?? []).some((d) => out.has(d))) out.add(f)
  return out
}

const any =
  (tests: ReadonlyArray<Filter | undefined>, userId: string): RowTest =>
  (row) =>
    tests.some((f) => f === undefined || evalNode(f, row, userId))

const ALL: ReadonlySet<Action> = new Set(['view', 'create', 'edit', 'delete', 'manage'])
const EVERY_ROW: RowTest = () => true

/**
 * `targetHidesCode`: a rule on the Regions table hides its Code column from the roles rules may
 * limit (member and the custom role), so the lookup of it is hidden from them whatever the Deals rules.
 */
export function expectedAccess(rules: ReadonlyArray<Rule>, who: Caller, targetHidesCode = false): Expected {
  const own = expectedOnDeals(rules, who)
  if (!targetHidesCode || who.role === 'owner' || who.role === 'admin' || own.hidden.has(TARGET_LOOKUP)) return own
  return { ...own, hidden: new Set([...own.hidden, TARGET_LOOKUP]), readOnly: new Set([...own.readOnly].filter((f) => f !== TARGET_LOOKUP)) }
}

function expectedOnDeals(rules: ReadonlyArray<Rule>, who: Caller): Expected {
  if (who.role === 'owner' || who.role === 'admin')
    return { unrestricted: true, actions: ALL, readable: EVERY_ROW, editable: EVERY_ROW, deletable: EVERY_ROW, hidden: new Set(), readOnly: new Set() }
  if (rules.length === 0)
    return {
      unrestricted: true,
      actions: new Set(['view', 'create', 'edit', 'delete']),
      readable: EVERY_ROW,
      editable: EVERY_ROW,
      deletable: EVERY_ROW,
      hidden: new Set(),
      readOnly: new Set(),
    }
  const mine = rules.filter((r) => (r.userId !== undefined ? r.userId === who.userId : r.role === who.role))
  const granting = (a: Action) => mine.filter((r) => r.actions.includes(a))
  const actions = new Set(mine.flatMap((r) => r.actions))
  const readable = any(
    granting('view').map((r) => r.readFilter),
    who.userId,
  )
  const editOwn = any(
    granting('edit').map((r) => r.editFilter ?? r.readFilter),
    who.userId,
  )
  const deleteOwn = any(
    granting('delete').map((r) => r.deleteFilter ?? r.editFilter ?? r.readFilter),
    who.userId,
  )
  const hidden = actions.has('view') ? withDependents(common(granting('view').map((r) => r.hiddenFields ?? []))) : new Set<FieldName>(ALL_FIELDS)
  const readOnly = common(granting('edit').map((r) => [...(r.readOnlyFields ?? []), ...(r.hiddenFields ?? [])]))
  return {
    unrestricted: false,
    actions,
    readable,
    editable: (row) => readable(row) && editOwn(row),
    deletable: (row) => readable(row) && deleteOwn(row),
    hidden,
    readOnly: new Set([...readOnly].filter((f) => !hidden.has(f))),
  }
}

/** The fields of a filter node (to tell whether a query names a hidden one). */
export function fieldsOf(n: Node | undefined): string[] {
  if (!n) return []
  if ('and' in n) return n.and.flatMap(fieldsOf)
  if ('or' in n) return n.or.flatMap(fieldsOf)
  return [n.field]
}
