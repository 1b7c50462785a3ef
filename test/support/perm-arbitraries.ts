import fc from 'fast-check'
import type { Action, Atom, Filter, Node, Rule } from './perm-reference.ts'
import { ALL_FIELDS, CUSTOM_ROLE, FRUITS, RULE_FIELDS, STAGES, type FieldName } from './perm-world.ts'

/** Random rule sets and random queries for the permissions property test. */

const fruit = fc.constantFrom(...FRUITS)
const amount = fc.integer({ min: 1000, max: 1900 })

/** Conditions a rule's row filter uses: mine (createdBy, a user field), select, number, text. */
const ruleAtom: fc.Arbitrary<Atom> = fc.oneof(
  fc.constant<Atom>({ field: 'createdBy', op: 'is_current_user' }),
  fc.constant<Atom>({ field: 'Assignee', op: 'is_current_user' }),
  fc.subarray([...STAGES], { minLength: 1 }).map((value): Atom => ({ field: 'Stage', op: 'in', value })),
  fc.tuple(fc.constantFrom('gt' as const, 'lt' as const), amount).map(([op, value]): Atom => ({ field: 'Amount', op, value })),
  fruit.map((value): Atom => ({ field: 'Title', op: 'contains', value })),
)

/** A filter of atoms, nested and/or up to depth 2. */
function filterOf(atom: fc.Arbitrary<Atom>): fc.Arbitrary<Filter> {
  const group = (node: fc.Arbitrary<Node>) =>
    fc.tuple(fc.boolean(), fc.array(node, { minLength: 1, maxLength: 3 })).map(([isAnd, nodes]): Filter => (isAnd ? { and: nodes } : { or: nodes }))
  return group(fc.oneof({ weight: 3, arbitrary: atom }, { weight: 1, arbitrary: group(atom) }))
}

const fields = (from: ReadonlyArray<FieldName>) => fc.subarray([...from], { maxLength: 3 })
const ACTIONS: Action[] = ['view', 'create', 'edit', 'delete', 'manage']

/** One rule for one of the grantees (a role of the limited people, or one of them by id). */
export function ruleArb(grantees: ReadonlyArray<{ role?: string; userId?: string }>): fc.Arbitrary<Rule> {
  return fc
    .record(
      {
        // Roles more often than single people: each rule then binds more of the callers.
        who: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...grantees.slice(0, 2)) }, { weight: 2, arbitrary: fc.constantFrom(...grantees) }),
        // View in most rules: a rule set where nobody may view is a short run.
        actions: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.subarray(ACTIONS.slice(1))).map(([p, rest]): Action[] => (p < 0.85 ? ['view', ...rest] : rest)),
        readFilter: filterOf(ruleAtom),
        editFilter: filterOf(ruleAtom),
        deleteFilter: filterOf(ruleAtom),
        hiddenFields: fields(RULE_FIELDS),
        readOnlyFields: fields(RULE_FIELDS),
      },
      { requiredKeys: ['who', 'actions'] },
    )
    .map(({ who, ...rest }) => ({ ...who, ...rest }))
}

export function rulesArb(people: ReadonlyArray<{ userId: string }>): fc.Arbitrary<Rule[]> {
  const grantees = [{ role: 'member' }, { role: CUSTOM_ROLE }, ...people.map((p) => ({ userId: p.userId }))]
  // No rules at all (members do everything) now and then; mostly one to three.
  return fc.oneof({ weight: 1, arbitrary: fc.constant<Rule[]>([]) }, { weight: 8, arbitrary: fc.array(ruleArb(grantees), { minLength: 1, maxLength: 3 }) })
}

/** App rules: grants only (role or person, actions), for the tables of the app without rules of their own. */
export function appRulesArb(people: ReadonlyArray<{ userId: string }>): fc.Arbitrary<Rule[]> {
  const grantees = [{ role: 'member' }, { role: CUSTOM_ROLE }, ...people.map((p) => ({ userId: p.userId }))]
  const rule = fc.record({ who: fc.constantFrom(...grantees), actions: fc.subarray(ACTIONS) }).map(({ who, actions }): Rule => ({ ...who, actions }))
  return fc.oneof({ weight: 2, arbitrary: fc.constant<Rule[]>([]) }, { weight: 1, arbitrary: fc.array(rule, { minLength: 1, maxLength: 2 }) })
}

/** Conditions a caller's query uses: any column, hidden ones included (those must answer 400). */
const queryAtom: fc.Arbitrary<Atom> = fc.oneof(
  ruleAtom,
  fruit.map((value): Atom => ({ field: 'Memo', op: 'contains', value })),
  fc.constantFrom('Memo' as const, 'Amount' as const, 'Stage' as const).map((field): Atom => ({ field, op: 'is_empty' })),
  fc.constantFrom(...STAGES).map((value): Atom => ({ field: 'Stage', op: 'eq', value })),
  fc.tuple(fc.constantFrom('gt' as const, 'lt' as const), fc.integer({ min: 2000, max: 3800 })).map(([op, value]): Atom => ({ field: 'Doubled', op, value })),
)

export type SortField = FieldName | 'createdAt'
export interface Query {
  readonly filter?: Filter
  readonly sort?: Array<{ field: SortField; direction: 'asc' | 'desc' }>
  readonly search?: string
  readonly fields?: FieldName[]
  readonly limit: number
  readonly offset: number
  readonly count: boolean
  /** Name columns by id in the request (and answer with `fieldKey=id`): hidden ones stay unknown by id too. */
  readonly byId?: boolean
}

const SORTABLE: SortField[] = ['Title', 'Memo', 'Amount', 'Stage', 'Doubled', 'createdAt']

export const queryArb: fc.Arbitrary<Query> = fc.record(
  {
    filter: filterOf(queryAtom),
    sort: fc.array(fc.record({ field: fc.constantFrom(...SORTABLE), direction: fc.constantFrom('asc' as const, 'desc' as const) }), { minLength: 1, maxLength: 2 }),
    search: fruit,
    fields: fc.subarray([...ALL_FIELDS], { minLength: 1 }),
    limit: fc.integer({ min: 1, max: 20 }),
    offset: fc.integer({ min: 0, max: 12 }),
    count: fc.boolean(),
    byId: fc.boolean(),
  },
  { requiredKeys: ['limit', 'offset', 'count'] },
)

/** What a caller does: a page (GET or POST query), a walk by cursor, a record by id, an export, a summary, the grouped view. */
export type Probe =
  | { kind: 'page'; how: 'get' | 'post'; query: Query }
  | { kind: 'cursor'; query: Query }
  | { kind: 'record'; rowIndex: number }
  | { kind: 'export'; query: Query }
  | { kind: 'summary'; query: Query; of: FieldName }
  | { kind: 'group'; query: Query }
  | { kind: 'meta' }

export const probeArb: fc.Arbitrary<Probe> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('page' as const), how: fc.constantFrom('get' as const, 'post' as const), query: queryArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cursor' as const), query: queryArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('record' as const), rowIndex: fc.nat({ max: 10_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('export' as const), query: queryArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('summary' as const), query: queryArb, of: fc.constantFrom<FieldName>('Amount', 'Doubled', 'Title', 'Memo') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('group' as const), query: queryArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'meta' as const }) },
)
