import { sql, type FormulaValueType, type SQL } from '@docpal/plugin-sdk'
import type { FieldBinding, TableRuntime } from '../schema/table-runtime.ts'
import { valueOf } from '../schema/table-runtime.ts'
import { groupedJoins, where } from './compile.ts'
import type { ResolvedQuery } from './resolve.ts'
import type { CompileOptions } from './compile.ts'

/** What a summary cell shows of a column over the filtered rows. `count`: rows with a value. */
export const SUMMARY_KINDS = ['count', 'empty', 'sum', 'avg', 'min', 'max'] as const
export type SummaryKind = (typeof SUMMARY_KINDS)[number]

/** A column to summarise, bound to its field, with the key its answer goes under. */
export interface SummaryColumn {
  readonly key: string
  readonly field: FieldBinding
  readonly kind: SummaryKind
}

/** The kinds that mean something for a value type: sums of numbers, bounds of numbers and dates. */
export function summaryKindsOf(type: FormulaValueType | undefined): ReadonlyArray<SummaryKind> {
  if (type === 'number') return SUMMARY_KINDS
  if (type === 'date' || type === 'datetime') return ['count', 'empty', 'min', 'max']
  return ['count', 'empty']
}

/** The value type a field's summaries work on (a formula's result, a lookup's target). */
export function summaryTypeOf(f: FieldBinding, rt: TableRuntime, userId: string): FormulaValueType | undefined {
  if (!f.column) return f.key === 'createdAt' || f.key === 'updatedAt' ? 'datetime' : undefined
  return f.fieldType.valueType?.(f.config, rt.scope(userId).at(f.column)) ?? f.fieldType.formulaType
}

/** True where the value is empty, as a person reads it: null, '' for text, no items for a list. */
function isEmpty(v: SQL, type: FormulaValueType | undefined): SQL {
  if (type === 'text') return sql`coalesce(${v}::text, '') = ''`
  if (type?.endsWith('[]')) return sql`coalesce(cardinality(${v}), 0) = 0`
  return sql`${v} is null`
}

function aggregate(v: SQL, kind: SummaryKind, type: FormulaValueType | undefined): SQL {
  switch (kind) {
    case 'count':
      return sql`count(*) filter (where not (${isEmpty(v, type)}))`
    case 'empty':
      return sql`count(*) filter (where ${isEmpty(v, type)})`
    // Sums and averages as float8: JSON numbers, as the number field answers its values.
    case 'sum':
      return sql`sum(${v})::float8`
    case 'avg':
      return sql`avg(${v})::float8`
    case 'min':
      return sql`min(${v})`
    case 'max':
      return sql`max(${v})`
  }
}

/**
 * One statement over the whole filtered table (the query's filter and quick search, never a
 * page of it): the row count and each asked summary, as `{"<key>": value}` JSON text. Keys are
 * parameters; fields read through the scope (their identifiers quoted by `ident`).
 */
export function compileSummary(rt: TableRuntime, q: ResolvedQuery, columns: ReadonlyArray<SummaryColumn>, userId: string, opts: CompileOptions = {}): SQL {
  const ids = new Set([...q.referenced, ...columns.flatMap((c) => (c.field.column ? [c.field.key] : []))])
  const { joins, scope } = groupedJoins(rt, ids, rt.scope(userId))
  const pairs = columns.map((c) => sql`${c.key}::text, ${aggregate(valueOf(c.field, scope), c.kind, summaryTypeOf(c.field, rt, userId))}`)
  const object = pairs.length ? sql`json_build_object(${sql.join(pairs, sql`, `)})` : sql`json_build_object()`
  return sql`select count(*)::int as total, (${object})::text as summaries from ${rt.physical} t${rt.storedJoin}${joins} where ${where(rt, q, scope, opts)}`
}
