import { sql, type SQL } from '@docpal/plugin-sdk'
import { ident } from '../sql/ident.ts'
import type { TableScope } from '../schema/scope.ts'
import { valueOf, type CellFormat, type FieldBinding, type KeyBy, type TableRuntime } from '../schema/table-runtime.ts'
import { rowScope, type ResolvedFilter, type ResolvedQuery, type RowAction } from './resolve.ts'
import { present } from '../errors/present.ts'
import { codes } from '../errors/codes.ts'
import { compileSearch } from './search.ts'
import { PROBE_MAX_END, probedIds, probeRows, walkConditions } from './search-probe.ts'

/**
 * Pure compilation of a resolved, frozen query to one parameterised statement (Kysely's
 * compiler): same input, same SQL and parameters; nothing it is given is changed. Identifiers
 * come from the schema (`ident`), values only ever as parameters.
 */
export function compileFilter(rt: TableRuntime, node: ResolvedFilter, scope: TableScope): SQL {
  switch (node.kind) {
    case 'and':
    case 'or': {
      if (node.children.length === 0) return node.kind === 'and' ? sql`true` : sql`false`
      const parts = node.children.map((c) => sql`(${compileFilter(rt, c, scope)})`)
      return sql.join(parts, node.kind === 'and' ? sql` and ` : sql` or `)
    }
    case 'condition': {
      const f = node.field
      return node.op.build(valueOf(f, scope), node.value, f.config, scope.at({ id: f.key, name: f.label }))
    }
    case 'predicate':
      // Plugin code names its fields as it runs: they bind here, against the same schema.
      return node.build((field) => valueOf(rt.field(field, ['filter']), scope))
  }
}

export interface SortKey {
  readonly expr: SQL
  readonly direction: 'asc' | 'desc'
  /** Never null (`id`, `created_at`, `updated_at`): an ascending cursor on it is a range (see `afterRange`). */
  readonly notNull?: boolean
}

/** System fields whose columns are `not null` (createTableSql). */
const NOT_NULL_SYSTEM: ReadonlySet<string> = new Set(['id', 'createdAt', 'updatedAt'])

/** The sort keys of a query: the group first, then the sorts, then `id` so pages are stable. */
export function sortKeys(q: ResolvedQuery, scope: TableScope): SortKey[] {
  const keys: SortKey[] = []
  const keyOf = (f: FieldBinding) => {
    const expr = valueOf(f, scope)
    return f.fieldType.sortKey ? f.fieldType.sortKey(expr, f.config) : expr
  }
  if (q.groupBy) keys.push({ expr: keyOf(q.groupBy), direction: 'asc' })
  for (const s of q.sort) keys.push({ expr: keyOf(s.field), direction: s.direction, notNull: !s.field.column && NOT_NULL_SYSTEM.has(s.field.key) })
  if (keys.length === 0) keys.push({ expr: sql`t.created_at`, direction: 'asc', notNull: true })
  keys.push({ expr: sql`t.id`, direction: keys.at(-1)?.direction ?? 'asc', notNull: true })
  return keys
}

export function orderBy(keys: SortKey[]): SQL {
  return sql.join(
    keys.map((k) => (k.direction === 'asc' ? sql`${k.expr} asc` : sql`${k.expr} desc`)),
    sql`, `,
  )
}

/**
 * Rows strictly after the cursor position, with PostgreSQL's default null placement (asc: nulls
 * last, desc: nulls first). Cursor values are text parameters; PostgreSQL types them from the
 * expression they are compared with.
 */
/** A cursor holds the sort values of the last row: scalars only; anything else is a forged cursor. */
function cursorText(v: unknown): string | null {
  if (v === null) return null
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  throw codes.KRN_ERR_QUERY_BAD_CURSOR()
}

export function after(keys: SortKey[], values: ReadonlyArray<unknown>): SQL {
  const build = (i: number): SQL => {
    const k = present(keys[i], 'a sort key')
    const text = cursorText(values[i])
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

/**
 * The rows after a cursor as a range an index scans from, where that is exact: one sort and `id`
 * (or the default order) and no empty value can follow the cursor (descending: empties come
 * first; or a column never empty). `after`'s OR is not a range, so an index scan of the order
 * starts at its beginning and filters out every row before the cursor: what a deep cursor costs a
 * search's walk (search-probe.ts), and what a deep cursor cost a plain page (300k rows, cursor at
 * row 240,000: 31 -> 3.4 ms in the default order). A search's own page keeps the exact test: next
 * to its set of ids (the branches) PostgreSQL planned a nested loop over the range re-reading that
 * set per row (past a 30 s timeout on 300k rows).
 */
export function afterRange(keys: SortKey[], values: ReadonlyArray<unknown>): SQL | undefined {
  const [lead, tail] = keys
  if (!lead || !tail || keys.length !== 2) return undefined
  const from = cursorText(values[0])
  const last = cursorText(values[1])
  if (from === null || last === null || (lead.direction === 'asc' && !lead.notNull)) return undefined
  return sql`(${lead.expr}, ${tail.expr}) ${lead.direction === 'asc' ? sql`>` : sql`<`} (${from}, ${last})`
}

/** Choices of form that depend on the database, not on the query. */
export interface CompileOptions {
  /** Quick search as one branch per field even when every field is indexed (see compileSearch). */
  readonly searchBranches?: boolean
}

/** The caller's row rule, the filter and the quick search, ANDed. */
export function where(rt: TableRuntime, q: ResolvedQuery, scope: TableScope, opts: CompileOptions = {}): SQL {
  return wheres(rt, q, scope, opts).chosen
}

/** `where`, and the same with the search as one `OR` when it compiled to branches (search-probe.ts). */
function wheres(rt: TableRuntime, q: ResolvedQuery, scope: TableScope, opts: CompileOptions): { chosen: SQL; or: SQL | undefined } {
  const parts: SQL[] = []
  if (q.rows) parts.push(compileFilter(rt, q.rows, scope))
  if (q.filter) parts.push(compileFilter(rt, q.filter, scope))
  if (!q.search) return { chosen: and(parts), or: undefined }
  const search = compileSearch(q.search, scope, sql`${rt.physical} t${rt.storedJoin}`, opts.searchBranches)
  return { chosen: and([...parts, search.chosen]), or: search.or && and([...parts, search.or]) }
}

function and(parts: SQL[]): SQL {
  if (parts.length === 0) return sql`true`
  return parts.length === 1
    ? (parts[0] as SQL)
    : sql.join(
        parts.map((p) => sql`(${p})`),
        sql` and `,
      )
}

/** `rt`'s row rule for `action` over alias `t` (the caller's permissions); `true` when unrestricted. */
export function rowRule(rt: TableRuntime, action: RowAction, userId: string): SQL {
  const rule = rowScope(rt, action)
  return rule ? sql`coalesce((${compileFilter(rt, rule, rt.scope(userId))}), false)` : sql`true`
}

export interface CompiledPage {
  readonly statement: SQL
  readonly keyCount: number
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

/** The joins, and the scope reading each joined field from its join (a new scope: `scope` is not changed). */
export function groupedJoins(rt: TableRuntime, columnIds: Iterable<string>, scope: TableScope, rows?: SQL): { joins: SQL; scope: TableScope; count: number } {
  const joins: SQL[] = []
  const overrides = new Map<string, SQL>()
  for (const id of columnIds) {
    const g = groupedOf(rt, id, scope, rows)
    if (!g) continue
    const alias = ident(scope.nextAlias())
    joins.push(sql` left join (${g.sql}) ${alias} on ${alias}.id = t.id`)
    overrides.set(id, sql`coalesce(${alias}.v, ${g.empty})`)
  }
  return { joins: sql.join(joins, sql``), scope: overrides.size ? scope.withOverrides(overrides) : scope, count: joins.length }
}

/**
 * One statement per page: the page as a JSON array (built by PostgreSQL, so no per-row work in
 * JavaScript), the exact count as a scalar subquery (never `count(*) over ()`, which walks the
 * whole sort index), the last row's sort key for the next cursor, and group counts. With
 * `countApart` the count is left out: the caller runs `compileCount` beside it on a second
 * connection, so a counted page costs the slower of the two scans instead of their sum.
 */
export function compilePage(
  rt: TableRuntime,
  q: ResolvedQuery,
  keyBy: KeyBy,
  userId = '',
  opts: CompileOptions & { countApart?: boolean; cellFormat?: CellFormat; guard?: SQL } = {},
): CompiledPage {
  // Grouped fields without stored values that the query filters or sorts on are computed once for
  // the table, not per row.
  const { joins, scope, count: joinCount } = groupedJoins(rt, q.referenced, rt.scope(userId))
  const { chosen: w, or: searchOr } = wheres(rt, q, scope, opts)
  const keys = sortKeys(q, scope)
  const cursor = q.after ? after(keys, q.after) : undefined
  // Without a search, the page's own scan may start at the cursor too (see afterRange).
  const pageCursor = cursor && q.after && !q.search ? (afterRange(keys, q.after) ?? cursor) : cursor
  const pageWhere = pageCursor ? sql`(${w}) and ${pageCursor}` : w
  // The sort keys leave the inner query as plain values and become the cursor's JSON only for
  // the page's rows: built inside, the JSON (and a text cast per key) was computed for every
  // filtered row before the top-N sort, a quarter of an unindexed page's time.
  const keyJson = sql`json_build_array(${sql.join(
    keys.map((_, i) => sql`q.${ident(`v${i}`)}::text`),
    sql`, `,
  )})`
  const keyColumns = sql.join(
    keys.map((k, i) => sql`${k.expr} as ${ident(`v${i}`)}`),
    sql`, `,
  )
  const offset = q.after ? 0 : q.offset
  // Two phases: pick the page's ids in order first, then render only those rows. PostgreSQL does
  // not always postpone the select list past a sort, and rendering every filtered row (computed
  // fields included) before a top-N sort is what made unindexed sorts slow.
  const idsOver = (rows: SQL, cond: SQL) =>
    sql`select q.id, ${keyJson} as k, row_number() over () as o from (select t.id, ${keyColumns} from ${rows} t${rt.storedJoin}${joins} where ${cond} order by ${orderBy(keys)} limit ${q.limit} offset ${offset}) q`
  const ids = idsOver(rt.physical, pageWhere)
  // A search in branches, in an order an index serves and without grouped joins: first the next
  // rows of that order with the search as one OR (search-probe.ts).
  const end = offset + q.limit
  const walk = searchOr && !q.groupBy && joinCount === 0 && end <= PROBE_MAX_END ? walkConditions(rt.meta.tableName, q) : undefined
  const walked = walk && [...walk, ...(cursor && q.after ? [afterRange(keys, q.after) ?? cursor] : [])]
  const probed =
    searchOr && walked
      ? probedIds(
          idsOver(
            sql`(select * from ${rt.physical} t${walked.length ? sql` where ${sql.join(walked, sql` and `)}` : sql``} order by ${orderBy(keys)} limit ${probeRows(end)})`,
            // The walk's rows are past the cursor already.
            searchOr,
          ),
          ids,
          q.limit,
        )
      : sql`i as materialized (${ids})`
  // Fields with a grouped form render from one join over the page's own ids, not a subquery per row.
  const render = groupedJoins(rt, q.fields ?? rt.columns.map((c) => c.id), rt.scope(userId), sql`select i.id from i`)
  const page = sql`select ${rt.recordJson(keyBy, q.fields, render.scope, opts.cellFormat)} as r, i.k, i.o from i join ${rt.physical} t on t.id = i.id${rt.storedJoin}${render.joins}`
  const total = q.count === 'exact' && !opts.countApart ? sql`(select count(*) from ${rt.physical} t${rt.storedJoin}${joins} where ${w})::int` : sql`null::int`
  let groups = sql`null::json`
  if (q.groupBy) {
    const g = q.groupBy
    const expr = valueOf(g, scope)
    groups = sql`(select coalesce(json_agg(json_build_object('value', x.g, 'count', x.n) order by x.o nulls first), '[]'::json) from (select ${expr} as g, min(${g.fieldType.sortKey ? g.fieldType.sortKey(expr, g.config) : expr}) as o, count(*)::int as n from ${rt.physical} t${rt.storedJoin}${joins} where ${w} group by 1) x)`
  }
  // The page runs once (a materialised CTE); records, cursor key and row count read it. `guard`:
  // a one-time filter that raises when the metadata is older than the statement's snapshot.
  const statement = sql`with ${probed}, p as materialized (${page}) select coalesce((select json_agg(p.r order by p.o) from p), '[]'::json)::text as records, (select i.k from i order by i.o desc limit 1)::text as last_key, (select count(*) from i)::int as n, ${total} as total, ${groups}::text as groups${opts.guard ? sql` where ${opts.guard}` : sql``}`
  return { statement, keyCount: keys.length }
}

/** The exact number of rows the query's filter matches, as `total`. */
export function compileCount(rt: TableRuntime, q: ResolvedQuery, userId = '', opts: CompileOptions = {}): SQL {
  const { joins, scope } = groupedJoins(rt, q.referenced, rt.scope(userId))
  return sql`select count(*)::int as total from ${rt.physical} t${rt.storedJoin}${joins} where ${where(rt, q, scope, opts)}`
}

/**
 * Reads no row, but binds the cursor's values against the types of its sort keys: a value they
 * cannot hold (a forged cursor) fails here, at bind, so the page's data exception is known to be
 * the cursor's. Asked only after a page failed; a good page never pays it.
 */
export function compileCursorCheck(rt: TableRuntime, q: ResolvedQuery, userId = ''): SQL | undefined {
  if (!q.after) return undefined
  const { joins, scope } = groupedJoins(rt, q.referenced, rt.scope(userId))
  return sql`select 1 from ${rt.physical} t${rt.storedJoin}${joins} where false and ${after(sortKeys(q, scope), q.after)}`
}

/** For `count=estimate`: the planner's row estimate of the filtered table. */
export function compileCountEstimate(rt: TableRuntime, q: ResolvedQuery, userId = '', opts: CompileOptions = {}): SQL {
  return sql`explain (format json) select 1 from ${rt.physical} t${rt.storedJoin} where ${where(rt, q, rt.scope(userId), opts)}`
}
