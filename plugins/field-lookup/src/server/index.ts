import {
  checkAcross,
  defineFieldType,
  defineServerPlugin,
  escapeLike,
  arrayLiteral,
  linkedRows,
  searchedNumber,
  sql,
  z,
  type FieldScope,
  type FormulaValueType,
  type OperatorDefinition,
  type SQL,
} from '@docpal/plugin-sdk'
import { fieldLookupPlugin } from '../manifest.ts'
import { lookupConfigSchema, type LookupConfig } from '../shared/config.ts'

const ARRAY_OF: Partial<Record<FormulaValueType, FormulaValueType>> = { number: 'number[]', text: 'text[]', date: 'date[]', datetime: 'date[]', boolean: 'boolean[]' }

function target(c: LookupConfig, scope: FieldScope) {
  const r = linkedRows(scope, c.relationFieldId)
  const f = r?.target.field(c.targetFieldId)
  return r && f ? { r, f } : undefined
}

const values = () =>
  z
    .array(z.union([z.string(), z.number(), z.boolean()]).transform(String))
    .min(1)
    .max(1000)
const text = () => z.string().max(10_000)
// Lookups are arrays; filters read them as text values, as a person reads the cell.
const asText = (col: SQL) => sql`(${col})::text[]`
const anyLike = (col: SQL, pattern: string) => sql`exists (select 1 from unnest(${asText(col)}) x where x ilike ${pattern})`

const operators: Record<string, OperatorDefinition<LookupConfig>> = {
  has_any: { value: values, build: (col, v) => sql`coalesce(${asText(col)} && ${arrayLiteral(v as string[])}::text[], false)` },
  has_all: { value: values, build: (col, v) => sql`coalesce(${asText(col)} @> ${arrayLiteral(v as string[])}::text[], false)` },
  has_none: { value: values, build: (col, v) => sql`not coalesce(${asText(col)} && ${arrayLiteral(v as string[])}::text[], false)` },
  contains: { value: text, build: (col, v) => anyLike(col, `%${escapeLike(String(v))}%`) },
  not_contains: { value: text, build: (col, v) => sql`not ${anyLike(col, `%${escapeLike(String(v))}%`)}` },
  is_empty: { build: (col) => sql`coalesce(cardinality(${col}), 0) = 0` },
  is_not_empty: { build: (col) => sql`coalesce(cardinality(${col}), 0) > 0` },
}

/** The values of a field across a relation, as an array (one correlated subquery). */
export const lookupFieldType = defineFieldType({
  type: 'lookup',
  label: 'Lookup',
  description: 'Values of a field of the linked records.',
  config: lookupConfigSchema,
  checkConfig: (c, scope) => checkAcross(scope, c.relationFieldId, c.targetFieldId),
  column: () => null,
  expression: (c, scope) => {
    const t = target(c, scope)
    if (!t) return sql`null`
    return sql`array(select ${t.f.expr} from ${t.r.fromWhere} and (${t.f.expr}) is not null order by ${t.r.target.rowId})`
  },
  grouped: (c, scope, rows) => {
    const links = scope.links(c.relationFieldId)
    const target = links ? scope.related(links.targetTableId) : undefined
    const f = target?.field(c.targetFieldId)
    if (!links || !target || !f) return undefined
    const only = rows ? sql` and ${links.self} in (${rows})` : sql``
    return {
      sql: sql`select ${links.self} as id, array_agg(${f.expr} order by ${target.rowId}) as v from ${links.from} join ${target.from} on ${target.rowId} = ${links.other} where (${f.expr}) is not null${only} group by ${links.self}`,
      empty: sql`'{}'`,
    }
  },
  valueType: (c, scope) => {
    const t = target(c, scope)
    return t?.f.valueType ? ARRAY_OF[t.f.valueType] : undefined
  },
  sortKey: (col) => sql`(${col})::text[]`,
  // Quick search, as the looked-up field would be searched in its own table: text (and select
  // labels, which the lookup reads) when some value contains the text; numbers when one equals it.
  // Dates and switches are not searched, as in their own tables.
  search: (col, term, c, scope) => {
    const t = scope ? target(c, scope) : undefined
    if (t?.f.valueType === 'text') return anyLike(col, term.pattern)
    const n = t?.f.valueType === 'number' ? searchedNumber(term) : undefined
    return n === undefined ? undefined : sql`exists (select 1 from unnest(${col}) x where x::numeric = ${n}::numeric)`
  },
  operators,
})

export default defineServerPlugin(fieldLookupPlugin, { fieldTypes: [lookupFieldType] })
