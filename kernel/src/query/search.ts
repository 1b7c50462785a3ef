import { containsPattern, sql, type SearchTerm, type SQL } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { TableScope } from '../schema/scope.ts'
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
  const fields = rt.meta.columns.filter((c) => rt.byId.get(c.id)?.fieldType).map((c) => rt.field(c.id, ['search']))
  return Object.freeze({ term: Object.freeze({ text: trimmed, pattern: containsPattern(trimmed) }), fields: Object.freeze(fields) })
}

/** The kernel's default for types without `search`: a value stored as text is matched as text. */
function defaultSearch(f: FieldBinding, value: SQL, term: SearchTerm): SQL | undefined {
  const c = f.column
  if (!c || c.dataType !== 'text' || !c.columnName || c.linkSide) return undefined
  return sql`${value} ilike ${term.pattern}`
}

/**
 * `(<field 1 matches>) or (<field 2 matches>) ...`, or `false` when no field can match. Over plain
 * text columns with trigram indexes PostgreSQL ORs the index scans (a BitmapOr); one branch
 * without an index makes it read the table instead.
 */
export function compileSearch(s: ResolvedSearch, scope: TableScope): SQL {
  const parts: SQL[] = []
  for (const f of s.fields) {
    const value = valueOf(f, scope)
    const match = f.fieldType.search ? f.fieldType.search(value, s.term, f.config, scope.at({ id: f.key, name: f.label })) : defaultSearch(f, value, s.term)
    if (match) parts.push(sql`(${match})`)
  }
  return parts.length ? sql.join(parts, sql` or `) : sql`false`
}
