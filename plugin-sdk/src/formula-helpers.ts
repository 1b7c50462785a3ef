import { sql, type SQL } from 'drizzle-orm'
import type { FormulaValueType } from './field-type.ts'
import type { FormulaArg } from './formula.ts'
import { present } from './invariant.ts'

/**
 * Building blocks shared by the formula field and the formula function plugins: how each formula
 * type is represented in SQL, conversions between them that never raise, and binding a value once.
 *
 * Representation: number = numeric, text = text, boolean = boolean, date = date,
 * datetime = timestamptz, `x[]` = an array of those. NULL is "blank" in every type.
 */
export const FORMULA_SQL_TYPE: Readonly<Record<FormulaValueType, SQL>> = {
  number: sql`numeric`,
  text: sql`text`,
  boolean: sql`boolean`,
  date: sql`date`,
  datetime: sql`timestamptz`,
  'text[]': sql`text[]`,
  'number[]': sql`numeric[]`,
  'date[]': sql`date[]`,
  'boolean[]': sql`boolean[]`,
}

export const isArrayType = (t: FormulaValueType): boolean => t.endsWith('[]')

/** The element type of an array type (the type itself for scalars). */
export function elementType(t: FormulaValueType): FormulaValueType {
  return (isArrayType(t) ? t.slice(0, -2) : t) as FormulaValueType
}

/** A NULL of a formula type (what BLANK() and ERROR() give). */
export function nullOf(type: FormulaValueType): SQL {
  return sql`null::${FORMULA_SQL_TYPE[type]}`
}

/** A number literal as a parameter (drivers send text, so it is cast). */
export function numberParam(n: number | string): SQL {
  return sql`${String(n)}::numeric`
}

const literals = new WeakMap<SQL, string>()

/** A text literal as a parameter; `literalText` recovers the value (formats given as literals). */
export function textParam(s: string): SQL {
  const q = sql`${s}::text`
  literals.set(q, s)
  return q
}

/** The value of a text literal written in the formula (see textParam); undefined for anything computed. */
export function literalText(q: SQL): string | undefined {
  return literals.get(q)
}

/** `n` as an integer clamped to [lo, hi] (a safe ::int cast for any numeric); NULL stays NULL. */
export function clampInt(n: SQL, lo: number, hi: number): SQL {
  return bind([n], ([v]) => sql`(case when ${v} is not null then greatest(${String(lo)}::numeric, least(${String(hi)}::numeric, ${v})) end)::int`)
}

/** The numeric notation `::numeric` accepts; length-capped so huge exponents cannot overflow. */
export const NUMBER_TEXT_PATTERN = '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,3})?$'
const MAX_NUMBER_TEXT = 1000

/**
 * Binds up to three expressions once (`docpal_a`, `docpal_b`, `docpal_c`) so `body` can use them
 * several times without evaluating them again. `offset 0` keeps the planner from pulling the
 * subquery up, which would paste each value into every use (exponential for nested binds). Rule: `body` may pass the bound references into the
 * *values* of another `bind`, never into its body (an inner bind shadows the names).
 */
export function bind(values: ReadonlyArray<SQL>, body: (refs: readonly [SQL, SQL, SQL]) => SQL): SQL {
  const names = [sql`docpal_a`, sql`docpal_b`, sql`docpal_c`] as const
  if (values.length === 0 || values.length > names.length) throw new Error('bind takes 1 to 3 values')
  const cols = values.map((v, i) => sql`${v} as ${present(names[i], `bind name ${i + 1}`)}`)
  return sql`(select ${body(names)} from (select ${sql.join(cols, sql`, `)} offset 0) as docpal_f)`
}

/** Text → numeric when it reads as a number (after trimming), else NULL. Never raises. */
export function numericOfText(text: SQL): SQL {
  return bind([sql`btrim(${text})`], ([v]) => sql`case when ${v} ~ ${NUMBER_TEXT_PATTERN} and length(${v}) <= ${MAX_NUMBER_TEXT}::int then ${v}::numeric end`)
}

/** A number without trailing fractional zeros (`2.50` → `2.5`), as text. */
function numberText(n: SQL): SQL {
  return sql`trim_scale(${n})::text`
}

/** ISO 8601 in UTC: `2026-01-31T09:30:00.000Z`, as Airtable and the API show datetimes. */
function datetimeText(d: SQL): SQL {
  return sql`to_char(${d} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
}

/** An expression of formula type `type` as text; NULL stays NULL. Arrays join with ', '. */
export function textOfFormula(expr: SQL, type: FormulaValueType): SQL {
  switch (type) {
    case 'text':
      return expr
    case 'number':
      return numberText(expr)
    case 'boolean':
      return sql`(${expr})::text`
    case 'date':
      return sql`to_char(${expr}, 'YYYY-MM-DD')`
    case 'datetime':
      return datetimeText(expr)
    case 'number[]':
      return sql`(select string_agg(trim_scale(docpal_e)::text, ', ' order by docpal_n) from unnest(${expr}) with ordinality as docpal_u(docpal_e, docpal_n))`
    case 'date[]':
      return sql`(select string_agg(to_char(docpal_e, 'YYYY-MM-DD'), ', ' order by docpal_n) from unnest(${expr}) with ordinality as docpal_u(docpal_e, docpal_n))`
    case 'text[]':
    case 'boolean[]':
      return sql`array_to_string(${expr}, ', ')`
  }
}

/** A formula argument as text (see textOfFormula). */
export function argText(arg: FormulaArg): SQL {
  return textOfFormula(arg.sql, arg.type)
}

/** A formula argument as text, NULL read as '' (Airtable's `&` and CONCAT). */
export function argTextOrEmpty(arg: FormulaArg): SQL {
  return sql`coalesce(${argText(arg)}, '')`
}

/**
 * Truthiness as Airtable reads it: a boolean itself, a number when non-zero, text when non-empty,
 * a date when present, an array when it has elements. NULL stays NULL (conditions treat it as false).
 */
export function truthy(arg: FormulaArg): SQL {
  const x = arg.sql
  switch (arg.type) {
    case 'boolean':
      return x
    case 'number':
      return sql`(${x} <> 0)`
    case 'text':
      return sql`(${x} <> '')`
    case 'date':
    case 'datetime':
      return sql`(${x} is not null)`
    default:
      return sql`(cardinality(${x}) > 0)`
  }
}

/** Whether a value is blank: NULL, '' for text, no elements for arrays. */
export function isBlank(arg: FormulaArg): SQL {
  const x = arg.sql
  if (arg.type === 'text') return sql`(coalesce(${x}, '') = '')`
  if (isArrayType(arg.type)) return sql`(coalesce(cardinality(${x}), 0) = 0)`
  return sql`(${x} is null)`
}

/**
 * The common type of several values for IF/SWITCH branches and comparisons: equal types stay,
 * date with datetime becomes datetime; anything else is undefined (no common type).
 */
export function commonType(types: ReadonlyArray<FormulaValueType>): FormulaValueType | undefined {
  let t: FormulaValueType | undefined = types[0]
  for (const u of types.slice(1)) {
    if (t === u) continue
    if ((t === 'date' && u === 'datetime') || (t === 'datetime' && u === 'date')) t = 'datetime'
    else return undefined
  }
  return t
}

/** An argument converted to `type` (only date → datetime and anything → text are conversions). */
export function coerce(arg: FormulaArg, type: FormulaValueType): SQL {
  if (arg.type === type) return arg.sql
  if (arg.type === 'date' && type === 'datetime') return sql`(${arg.sql})::timestamptz`
  if (type === 'text') return argText(arg)
  return nullOf(type)
}
