import { containsPattern, sql, type SearchTerm, type SQL } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { TableScope } from '../schema/scope.ts'
import type { ColumnMeta } from '../schema/table-model.ts'
import { valueOf, type FieldBinding, type TableRuntime } from '../schema/table-runtime.ts'

/**
 * Longest quick-search text. A person types a few words; a longer text only makes every row's
 * ILIKE slower (a trigram index cannot narrow a pattern better past a few words).
 */
export const MAX_SEARCH_LENGTH = 200

/** A quick search bound to the table: the term, and every field that might match it. */
export interface ResolvedSearch {
  readonly term: SearchTerm
  readonly fields: ReadonlyArray<FieldBinding>
}

/**
 * Binds `search=` text to the table: every column whose field type is available is a candidate;
 * each type decides at compile time whether and how it matches. Blank text is no search.
 */
export function resolveSearch(rt: TableRuntime, text: string | undefined): ResolvedSearch | undefined {
  const trimmed = text?.trim()
  if (!trimmed) return undefined
  // The API bounds it already; a query.beforeCompile hook may have set it.
  if (trimmed.length > MAX_SEARCH_LENGTH) throw codes.KRN_ERR_VALIDATION(`Search text is at most ${MAX_SEARCH_LENGTH} characters.`, { path: ['search'] })
  const fields = rt.columns.filter((c) => rt.byId.get(c.id)?.fieldType).map((c) => rt.field(c.id, ['search']))
  return Object.freeze({ term: Object.freeze({ text: trimmed, pattern: containsPattern(trimmed) }), fields: Object.freeze(fields) })
}

/**
 * The columns a quick search reads row by row, which a search index (trigrams) would serve: text
 * columns matched by the kernel's default whose type has no index of its own (long text, and
 * plugin types stored as text). What slow searches propose indexing (indexes-service.ts).
 */
export function rowReadSearchFields(rt: TableRuntime): readonly string[] {
  const known = rowReadByRuntime.get(rt)
  if (known) return known
  const out: string[] = []
  for (const b of rt.byId.values()) {
    const c = b.meta
    if (!readsAsText(c) || !b.fieldType || b.fieldType.search || b.fieldType.traits?.searchIndex) continue
    out.push(c.id)
  }
  Object.freeze(out)
  rowReadByRuntime.set(rt, out)
  return out
}

/**
 * The columns stored in the row that a quick search for this term compares by value: a field
 * type's own test that matched the term (a number equal to it, options whose label contains it).
 * A btree on the column, the index filters use, serves each, so slow searches count as filter
 * uses of these columns towards an index proposal (query-usage.ts): without one, a rare number at
 * 1M rows reads the whole table (docs/benchmarks.md, "Quick search").
 */
export function valueSearchedFields(s: ResolvedSearch, scope: TableScope): string[] {
  const own = scope.withOverrides(new Map())
  return s.fields.flatMap((f) => {
    const c = f.column
    if (!c?.columnName || c.linkSide || c.storedColumn || !f.fieldType.search) return []
    return f.fieldType.search(valueOf(f, own), s.term, f.config, own.at({ id: f.key, name: f.label })) ? [f.key] : []
  })
}

/** Per runtime: a runtime is rebuilt whenever its table's columns or plugins change. */
const rowReadByRuntime = new WeakMap<TableRuntime, readonly string[]>()

/** Whether the kernel's default search reads a column: one stored as text in the table's own row. */
function readsAsText(c: ColumnMeta): boolean {
  return c.dataType === 'text' && !!c.columnName && !c.linkSide
}

/** The kernel's default for types without `search`: a value stored as text is matched as text. */
function defaultSearch(f: FieldBinding, value: SQL, term: SearchTerm): SQL | undefined {
  const c = f.column
  if (!c || !readsAsText(c)) return undefined
  return sql`${value} ilike ${term.pattern}`
}

/** A search compiled: the form chosen, and the one-`OR` form too when the chosen one is branches. */
export interface CompiledSearch {
  readonly chosen: SQL
  /** Set when `chosen` is the branch form: the same test as one `OR`, for a bounded walk (search-probe.ts). */
  readonly or: SQL | undefined
}

/**
 * Rows where any field matches; `false` when no field can. When every matching field is served by
 * its trigram index, or none is (or there is one field): `<match 1> or <match 2> ...`, where
 * PostgreSQL chooses between ORing the index scans and walking the page's sort order until the
 * page is full (a common term: a page in a few ms). When some are and some are not:
 * `t.id in (<ids where field 1 matches> union all ...)`, each branch over the table on its own, so
 * the indexed fields are read through their indexes and only the others read the table: a plain
 * OR would read the whole table testing every field of every row as soon as one field has no
 * index (a rare term on 100k rows: ~75 ms instead of ~400; docs/benchmarks.md, "Quick search").
 * `alwaysBranches`: branches even when every field is indexed, for PGlite, whose planner reads the
 * table for an OR of trigram tests (a rare term: ~210 ms as one OR, ~20 ms as branches).
 */
export function compileSearch(s: ResolvedSearch, scope: TableScope, from: SQL, alwaysBranches = false): CompiledSearch {
  // Fields read from the row itself, not from the page's grouped joins: a branch has its own row.
  const own = scope.withOverrides(new Map())
  // The kernel's text tests, one branch each (a trigram index may serve each: the types' own, or
  // one a slow search proposed for a long text), and the field types' own tests (numbers, select
  // ids, linked records), which none serves: one branch reads the table once for all of them
  // rather than once each (a number term at 1M rows tests two number columns in one pass).
  const text: SQL[] = []
  const typed: SQL[] = []
  let indexed = 0
  for (const f of s.fields) {
    const value = valueOf(f, own)
    const match = f.fieldType.search ? f.fieldType.search(value, s.term, f.config, own.at({ id: f.key, name: f.label })) : defaultSearch(f, value, s.term)
    if (!match) continue
    ;(f.fieldType.search ? typed : text).push(match)
    // The kernel's own test on a column it gave a trigram index (see addSearchIndexes).
    if (!f.fieldType.search && f.fieldType.traits?.searchIndex === true) indexed++
  }
  const all = [...text, ...typed]
  if (all.length === 0) return { chosen: sql`false`, or: undefined }
  const anyOf = (tests: SQL[]) =>
    sql.join(
      tests.map((p) => sql`(${p})`),
      sql` or `,
    )
  const or = anyOf(all)
  const branchTests = typed.length === 0 ? text : [...text, typed.length === 1 ? (typed[0] as SQL) : anyOf(typed)]
  // All indexed, or none (branches would each read the table: one pass testing all is cheaper).
  if (branchTests.length === 1 || indexed === 0 || (indexed === branchTests.length && !alwaysBranches)) return { chosen: or, or: undefined }
  // Each branch names the table `t` again: the fields' SQL reads `t`, which binds to the branch's own row.
  const branches = branchTests.map((p) => sql`select t.id from ${from} where ${p}`)
  return { chosen: sql`t.id in (${sql.join(branches, sql` union all `)})`, or }
}
