import type { CountMode, FilterNode, OperatorDefinition, PredicateNode, QueryAst } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { FieldBinding, Restriction, TableRuntime } from '../schema/table-runtime.ts'
import { resolveSearch, type ResolvedSearch } from './search.ts'

/** A condition with its field bound and its operator looked up. */
export interface ResolvedCondition {
  readonly kind: 'condition'
  readonly field: FieldBinding
  readonly op: OperatorDefinition<unknown>
  readonly value: unknown
}

export interface ResolvedGroup {
  readonly kind: 'and' | 'or'
  readonly children: ReadonlyArray<ResolvedFilter>
}

/** Plugin code building its own predicate; it names fields when it runs, so they bind then. */
export interface ResolvedPredicate {
  readonly kind: 'predicate'
  readonly build: PredicateNode['build']
}

export type ResolvedFilter = ResolvedCondition | ResolvedGroup | ResolvedPredicate

export interface ResolvedSort {
  readonly field: FieldBinding
  readonly direction: 'asc' | 'desc'
}

/**
 * A QueryAst with every field reference bound to the table (once) and every operator looked up:
 * the compiler's input. Deeply frozen; the compiler reads it and builds SQL, nothing else.
 */
export interface ResolvedQuery {
  readonly tableId: string
  /** Column ids to return; undefined: all active columns. */
  readonly fields: ReadonlyArray<string> | undefined
  readonly filter: ResolvedFilter | undefined
  /** Quick search, ANDed with the filter. */
  readonly search: ResolvedSearch | undefined
  /** The caller's read rule (their permissions), ANDed with everything else; undefined: every row. */
  readonly rows: ResolvedFilter | undefined
  readonly sort: ReadonlyArray<ResolvedSort>
  readonly groupBy: FieldBinding | undefined
  /** Column ids the query filters, sorts or groups on (those with a grouped form are joined once). */
  readonly referenced: ReadonlyArray<string>
  readonly limit: number
  readonly offset: number
  readonly after: ReadonlyArray<unknown> | undefined
  readonly count: CountMode
}

/** A filter AST with its fields bound by `bind` and its operators looked up. */
function bindFilter(n: FilterNode, bind: (field: string, path: Array<string | number>) => FieldBinding): ResolvedFilter {
  switch (n.kind) {
    case 'and':
    case 'or':
      return Object.freeze({ kind: n.kind, children: Object.freeze(n.children.map((c) => bindFilter(c, bind))) })
    case 'condition': {
      const field = bind(n.field, ['filter'])
      const op = Object.hasOwn(field.fieldType.operators, n.op) ? field.fieldType.operators[n.op] : undefined
      if (!op) throw codes.KRN_ERR_QUERY_UNKNOWN_OPERATOR(n.op, field.label, Object.keys(field.fieldType.operators).join(', '))
      return Object.freeze({ kind: 'condition', field, op, value: n.value })
    }
    case 'predicate':
      return Object.freeze({ kind: 'predicate', build: n.build })
  }
}

const SCOPES = new WeakMap<Restriction, Map<RowAction, ResolvedFilter | undefined>>()
export type RowAction = 'read' | 'create' | 'edit' | 'delete'

/**
 * The caller's row rule for `action` on a restricted runtime, bound against the whole table (a
 * rule may test a column the caller cannot see); undefined: every row. Bound once per runtime.
 */
export function rowScope(rt: TableRuntime, action: RowAction): ResolvedFilter | undefined {
  const r = rt.restriction
  if (!r) return undefined
  let cache = SCOPES.get(r)
  if (!cache) SCOPES.set(r, (cache = new Map<RowAction, ResolvedFilter | undefined>()))
  if (cache.has(action)) return cache.get(action)
  const node = r.rows[action]
  const bound = node ? bindFilter(node, (field, path) => r.full.field(field, path)) : undefined
  cache.set(action, bound)
  return bound
}

/**
 * Binds a (validated, possibly hook-transformed) QueryAst to the table. Unknown fields and
 * operators are refused here, so compiling a ResolvedQuery cannot fail on a name.
 */
export function resolveQuery(rt: TableRuntime, ast: QueryAst, trusted?: FilterNode): ResolvedQuery {
  const referenced = new Set<string>()
  const bind = (field: string, path: Array<string | number>): FieldBinding => {
    const f = rt.field(field, path)
    referenced.add(f.key)
    return f
  }
  const walk = (n: FilterNode): ResolvedFilter => bindFilter(n, bind)
  // Sorts, group, filter: the order in which grouped joins take their aliases.
  const sort = Object.freeze(ast.sort.map((s) => Object.freeze({ field: bind(s.field, ['sort']), direction: s.direction })))
  const groupBy = ast.groupBy === undefined ? undefined : bind(ast.groupBy, ['groupBy'])
  const own = ast.filter ? walk(ast.filter) : undefined
  // A view's own filter, over the whole table (it may test a column hidden from the caller).
  const view = trusted ? bindFilter(trusted, (field, path) => (rt.restriction?.full ?? rt).field(field, path)) : undefined
  const filter = view && own ? Object.freeze({ kind: 'and' as const, children: Object.freeze([view, own]) }) : (view ?? own)
  return Object.freeze({
    tableId: ast.tableId,
    fields: ast.fields ? Object.freeze([...ast.fields]) : undefined,
    filter,
    search: resolveSearch(rt, ast.search),
    rows: rowScope(rt, 'read'),
    sort,
    groupBy,
    referenced: Object.freeze([...referenced]),
    limit: ast.limit,
    offset: ast.offset,
    after: ast.after ? Object.freeze([...ast.after]) : undefined,
    count: ast.count,
  })
}

/** How many keys a page's cursor holds: the group, the sorts, then created_at when unsorted, then id. */
export function sortKeyCount(ast: Pick<QueryAst, 'groupBy' | 'sort'>): number {
  const keys = (ast.groupBy ? 1 : 0) + ast.sort.length
  return (keys === 0 ? 1 : keys) + 1
}
