import { sql, type FilterNode, type QueryAst, type SQL } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import { ident } from '../sql/ident.ts'
import type { KeyBy, TableRuntime } from '../records/table-runtime.ts'
import type { TableScope } from '../records/scope.ts'

/**
 * Pure compilation of a validated QueryAst to one parameterised statement (Kysely's compiler):
 * identifiers come from the runtime (`ident`), values only ever as parameters.
 */
export function compileFilter(rt: TableRuntime, node: FilterNode, scope: TableScope = rt.scope()): SQL {
  switch (node.kind) {
    case 'and':
    case 'or': {
      if (node.children.length === 0) return node.kind === 'and' ? sql`true` : sql`false`
      const parts = node.children.map((c) => sql`(${compileFilter(rt, c, scope)})`)
      return sql.join(parts, node.kind === 'and' ? sql` and ` : sql` or `)
    }
    case 'condition': {
      const f = rt.resolve(node.field, ['filter'], scope)
      const op = f.fieldType.operators[node.op]
      if (!op) throw codes.KRN_ERR_QUERY_UNKNOWN_OPERATOR(node.op, f.label, Object.keys(f.fieldType.operators).join(', '))
      return op.build(f.expr, node.value, f.config, scope.at({ id: f.key, name: f.label }))
    }
    case 'predicate':
      return node.build((field) => rt.resolve(field, ['filter'], scope).expr)
  }
}

export interface SortKey {
  readonly expr: SQL
  readonly direction: 'asc' | 'desc'
}

/** The sort keys of a query: the group first, then the sorts, then `id` so pages are stable. */
export function sortKeys(rt: TableRuntime, ast: QueryAst, scope: TableScope = rt.scope()): SortKey[] {
  const keys: SortKey[] = []
  const keyOf = (field: string) => {
    const f = rt.resolve(field, ['sort'], scope)
    return f.fieldType.sortKey ? f.fieldType.sortKey(f.expr, f.config) : f.expr
  }
  if (ast.groupBy) keys.push({ expr: keyOf(ast.groupBy), direction: 'asc' })
  for (const s of ast.sort) keys.push({ expr: keyOf(s.field), direction: s.direction })
  if (keys.length === 0) keys.push({ expr: sql`t.created_at`, direction: 'asc' })
  keys.push({ expr: sql`t.id`, direction: keys[keys.length - 1]!.direction })
  return keys
}

function orderBy(keys: SortKey[]): SQL {
  return sql.join(keys.map((k) => (k.direction === 'asc' ? sql`${k.expr} asc` : sql`${k.expr} desc`)), sql`, `)
}

/**
 * Rows strictly after the cursor position, with PostgreSQL's default null placement (asc: nulls
 * last, desc: nulls first). Cursor values are text parameters; PostgreSQL types them from the
 * expression they are compared with.
 */
function after(keys: SortKey[], values: ReadonlyArray<unknown>): SQL {
  const build = (i: number): SQL => {
    const k = keys[i]!
    const v = values[i]
    const text = v === null ? null : String(v)
    let beyond: SQL
    let same: SQL
    if (text === null) {
      beyond = k.direction === 'asc' ? sql`false` : sql`${k.expr} is not null`
      same = sql`${k.expr} is null`
    } else {
      beyond = k.direction === 'asc' ? sql`(${k.expr} > ${text} or ${k.expr} is null)` : sql`${k.expr} < ${text}`
      same = sql`${k.expr} = ${text}`
    }
    if (i === keys.length - 1) return beyond
    return sql`(${beyond} or (${same} and ${build(i + 1)}))`
  }
  return build(0)
}

function where(rt: TableRuntime, ast: QueryAst, scope: TableScope): SQL {
  return ast.filter ? compileFilter(rt, ast.filter, scope) : sql`true`
}

export interface CompiledPage {
  readonly statement: SQL
  readonly keyCount: number
}

/**
 * One statement per page: the page as a JSON array (built by PostgreSQL, so no per-row work in
 * JavaScript), the exact count as a separate scalar subquery (never `count(*) over ()`, which
 * walks the whole sort index), the last row's sort key for the next cursor, and group counts.
 */
/** Column ids a query filters, sorts or groups on. */
function referenced(ast: QueryAst): Set<string> {
  const out = new Set<string>(ast.sort.map((s) => s.field))
  if (ast.groupBy) out.add(ast.groupBy)
  const walk = (n: FilterNode | undefined): void => {
    if (!n) return
    if (n.kind === 'condition') out.add(n.field)
    else if (n.kind === 'and' || n.kind === 'or') n.children.forEach(walk)
  }
  walk(ast.filter)
  return out
}

/**
 * Joins the grouped form of each listed column that has one (`left join (<grouped>) gN`) and makes
 * the scope read the field from it, instead of a subquery per row. `rows` limits it to some ids.
 */
function groupedOf(rt: TableRuntime, id: string, scope: TableScope, rows?: SQL): { sql: SQL; empty: SQL } | undefined {
  const c = rt.byId.get(id)
  // Stored values are read from the row itself.
  if (!c || c.meta.storedColumn) return undefined
  return c.fieldType?.grouped?.(c.meta.config, scope.at(c.meta), rows)
}

function groupedJoins(rt: TableRuntime, columnIds: Iterable<string>, scope: TableScope, rows?: SQL): SQL {
  const joins: SQL[] = []
  for (const id of columnIds) {
    const g = groupedOf(rt, id, scope, rows)
    if (!g) continue
    const alias = ident(scope.nextAlias())
    joins.push(sql` left join (${g.sql}) ${alias} on ${alias}.id = t.id`)
    scope.overrides.set(id, sql`coalesce(${alias}.v, ${g.empty})`)
  }
  return sql.join(joins, sql``)
}

export function compilePage(rt: TableRuntime, ast: QueryAst, keyBy: KeyBy, userId = ''): CompiledPage {
  const scope = rt.scope(userId)
  // Grouped fields without stored values that the query filters or sorts on are computed once for
  // the table, not per row.
  const joins = groupedJoins(rt, referenced(ast), scope)
  const w = where(rt, ast, scope)
  const keys = sortKeys(rt, ast, scope)
  const pageWhere = ast.after ? sql`(${w}) and ${after(keys, ast.after)}` : w
  const keyJson = sql`json_build_array(${sql.join(keys.map((k) => sql`(${k.expr})::text`), sql`, `)})`
  const offset = ast.after ? 0 : ast.offset
  // Two phases: pick the page's ids in order first, then render only those rows. PostgreSQL does
  // not always postpone the select list past a sort, and rendering every filtered row (computed
  // fields included) before a top-N sort is what made unindexed sorts slow.
  const ids = sql`select q.id, q.k, row_number() over () as o from (select t.id, ${keyJson} as k from ${rt.physical} t${rt.storedJoin}${joins} where ${pageWhere} order by ${orderBy(keys)} limit ${ast.limit} offset ${offset}) q`
  // Fields with a grouped form render from one join over the page's own ids, not a subquery per row.
  const render = rt.scope(userId)
  const renderJoins = groupedJoins(rt, ast.fields ?? rt.meta.columns.map((c) => c.id), render, sql`select i.id from i`)
  const page = sql`select ${rt.recordJson(keyBy, ast.fields, render)} as r, i.k, i.o from i join ${rt.physical} t on t.id = i.id${rt.storedJoin}${renderJoins}`
  const total = ast.count === 'exact' ? sql`(select count(*) from ${rt.physical} t${rt.storedJoin}${joins} where ${w})::int` : sql`null::int`
  let groups = sql`null::json`
  if (ast.groupBy) {
    const g = rt.resolve(ast.groupBy, ['groupBy'], scope)
    groups = sql`(select coalesce(json_agg(json_build_object('value', x.g, 'count', x.n) order by x.o nulls first), '[]'::json) from (select ${g.expr} as g, min(${g.fieldType.sortKey ? g.fieldType.sortKey(g.expr, g.config) : g.expr}) as o, count(*)::int as n from ${rt.physical} t${rt.storedJoin}${joins} where ${w} group by 1) x)`
  }
  // The page runs once (a materialised CTE); records, cursor key and row count read it.
  const statement = sql`with i as materialized (${ids}), p as materialized (${page}) select coalesce((select json_agg(p.r order by p.o) from p), '[]'::json)::text as records, (select i.k from i order by i.o desc limit 1)::text as last_key, (select count(*) from i)::int as n, ${total} as total, ${groups}::text as groups`
  return { statement, keyCount: keys.length }
}

/** For `count=estimate`: the planner's row estimate of the filtered table. */
export function compileCountEstimate(rt: TableRuntime, ast: QueryAst, userId = ''): SQL {
  return sql`explain (format json) select 1 from ${rt.physical} t${rt.storedJoin} where ${where(rt, ast, rt.scope(userId))}`
}
