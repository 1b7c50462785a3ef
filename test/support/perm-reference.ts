import { ALL_FIELDS, CUSTOM_ROLE, DEPENDS, TARGET_LOOKUP, type FieldName, type Row } from './perm-world.ts'

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

/** The Regions table's rules when it hides Code: from both roles rules may limit (member and the custom role). */
export const HIDE_CODE: Rule[] = [
  { role: 'member', actions: ['view'], hiddenFields: ['Code' as FieldName] },
  { role: CUSTOM_ROLE, actions: ['view'], hiddenFields: ['Code' as FieldName] },
]

const matches = (r: Rule, who: Caller) => (r.userId !== undefined ? r.userId === who.userId : r.role === who.role)
const bypasses = (who: Caller) => who.role === 'owner' || who.role === 'admin'

/** What the company's rules let `who` do with Deals and see of it. */
export interface Setting {
  /** Deals' own rules. */
  readonly rules: ReadonlyArray<Rule>
  /** The app's rules (actions only): they apply to each of its tables without rules of its own. */
  readonly appRules: ReadonlyArray<Rule>
  /** Regions has the HIDE_CODE rules (else none of its own). */
  readonly targetHidesCode: boolean
}

/**
 * Deals as `who` may use it: its own rules, else its app's, else the member default; a lookup of a
 * column hidden from them on Regions is hidden, and so is the relation into Regions (and what reads
 * it) when they may not view Regions at all.
 */
export function expectedAccess(s: Setting, who: Caller): Expected {
  const own = expectedOnDeals(s.rules.length ? s.rules : s.appRules, who)
  if (bypasses(who) || !own.actions.has('view')) return own
  const onRegions = s.targetHidesCode ? HIDE_CODE : s.appRules
  const seesRegions = onRegions.length === 0 || onRegions.some((r) => matches(r, who) && r.actions.includes('view'))
  const extra: FieldName[] = []
  if (!seesRegions) extra.push('Regions')
  else if (s.targetHidesCode && HIDE_CODE.some((r) => matches(r, who))) extra.push(TARGET_LOOKUP)
  if (extra.length === 0) return own
  const hidden = withDependents(new Set([...own.hidden, ...extra]))
  return { ...own, unrestricted: false, hidden, readOnly: new Set([...own.readOnly].filter((f) => !hidden.has(f))) }
}

function expectedOnDeals(rules: ReadonlyArray<Rule>, who: Caller): Expected {
  if (bypasses(who)) return { unrestricted: true, actions: ALL, readable: EVERY_ROW, editable: EVERY_ROW, deletable: EVERY_ROW, hidden: new Set(), readOnly: new Set() }
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
  const mine = rules.filter((r) => matches(r, who))
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
