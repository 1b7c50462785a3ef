import { z } from 'zod'
import { sql, type SQL } from 'drizzle-orm'
import type { ColumnDataType, OperatorDefinition } from './field-type.ts'

/**
 * Fixed SQL spellings of the whitelisted data types, for casts of parameters
 * (`${value}::numeric`): static text written here, never built from input.
 */
export const TYPE_SQL: Readonly<Record<ColumnDataType, SQL>> = {
  text: sql`text`,
  numeric: sql`numeric`,
  boolean: sql`boolean`,
  date: sql`date`,
  timestamptz: sql`timestamptz`,
  'text[]': sql`text[]`,
  uuid: sql`uuid`,
  'uuid[]': sql`uuid[]`,
  smallint: sql`smallint`,
  integer: sql`integer`,
  bigint: sql`bigint`,
  'double precision': sql`double precision`,
  jsonb: sql`jsonb`,
}

const ARRAY_TYPE_SQL: Partial<Readonly<Record<ColumnDataType, SQL>>> = {
  text: sql`text[]`,
  numeric: sql`numeric[]`,
  date: sql`date[]`,
  timestamptz: sql`timestamptz[]`,
  uuid: sql`uuid[]`,
  boolean: sql`boolean[]`,
  smallint: sql`smallint[]`,
  integer: sql`integer[]`,
  bigint: sql`bigint[]`,
  'double precision': sql`double precision[]`,
}

/** A parameter cast to a data type: `$1::numeric`. */
export function typed(value: string | null, type: ColumnDataType): SQL {
  return sql`${value}::${TYPE_SQL[type]}`
}

/** The PostgreSQL array literal of text values: `{"a","b\"c"}` (a parameter value, not SQL). */
export function arrayLiteral(values: ReadonlyArray<string | null>): string {
  const parts = values.map((v) => (v === null ? 'NULL' : '"' + v.replace(/[\\"]/g, (c) => '\\' + c) + '"'))
  return '{' + parts.join(',') + '}'
}

/** A parameter holding a list, cast to an array of `type`: `$1::numeric[]`. */
export function typedArray(values: ReadonlyArray<string>, type: ColumnDataType): SQL {
  const arrayType = ARRAY_TYPE_SQL[type] ?? sql`text[]`
  return sql`${arrayLiteral(values)}::${arrayType}`
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c)
}

/** The ILIKE pattern of a case-insensitive "contains `text`", with `%`, `_` and `\` literal. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`
}

export interface ScalarOperatorOptions<C> {
  /** The column's data type; filter values are cast to it. */
  type: ColumnDataType
  /** Schema of one filter value. */
  value: (config: C) => z.ZodType
  /** Text form of a parsed value, as `encode` gives it. */
  encode?: (value: unknown, config: C) => string
  /** How emptiness reads for this type; default `col IS NULL`. */
  isEmpty?: (col: SQL) => SQL
}

const MAX_LIST = 1000

/**
 * eq, neq, in, not_in, is_empty, is_not_empty: what every scalar type offers. `neq` and
 * `not_in` keep empty rows, as a user reading "is not X" expects.
 */
export function scalarOperators<C>(o: ScalarOperatorOptions<C>): Record<string, OperatorDefinition<C>> {
  const enc = o.encode ?? ((v: unknown) => String(v))
  const isEmpty = o.isEmpty ?? ((col: SQL) => sql`${col} is null`)
  const list = (c: C) => z.array(o.value(c)).min(1).max(MAX_LIST)
  return {
    eq: { value: o.value, build: (col, v, c) => sql`${col} = ${typed(enc(v, c), o.type)}` },
    neq: { value: o.value, build: (col, v, c) => sql`${col} is distinct from ${typed(enc(v, c), o.type)}` },
    in: {
      value: list,
      build: (col, v, c) =>
        sql`${col} = any(${typedArray(
          (v as unknown[]).map((x) => enc(x, c)),
          o.type,
        )})`,
    },
    not_in: {
      value: list,
      build: (col, v, c) =>
        sql`(${col} is null or not (${col} = any(${typedArray(
          (v as unknown[]).map((x) => enc(x, c)),
          o.type,
        )})))`,
    },
    is_empty: { build: (col) => isEmpty(col) },
    is_not_empty: { build: (col) => sql`not (${isEmpty(col)})` },
  }
}

/** gt, gte, lt, lte on top of the scalar operators (numbers, dates). */
export function orderedOperators<C>(o: ScalarOperatorOptions<C>): Record<string, OperatorDefinition<C>> {
  const enc = o.encode ?? ((v: unknown) => String(v))
  const cmp = (op: SQL) => ({
    value: o.value,
    build: (col: SQL, v: unknown, c: C) => sql`${col} ${op} ${typed(enc(v, c), o.type)}`,
  })
  return {
    ...scalarOperators(o),
    gt: cmp(sql`>`),
    gte: cmp(sql`>=`),
    lt: cmp(sql`<`),
    lte: cmp(sql`<=`),
  }
}

/**
 * The text operators: scalar ones plus contains / not_contains / starts_with / ends_with, matched
 * case-insensitively (as Airtable and NocoDB users expect); `eq` stays exact so it can use an index.
 * Empty means NULL or ''.
 */
export function textOperators<C>(value: (config: C) => z.ZodType): Record<string, OperatorDefinition<C>> {
  const pattern = (make: (s: string) => string) => ({
    value: () => z.string().max(10_000),
    build: (col: SQL, v: unknown) => sql`${col} ilike ${make(escapeLike(String(v)))}`,
  })
  const negate = (make: (s: string) => string) => ({
    value: () => z.string().max(10_000),
    build: (col: SQL, v: unknown) => sql`(${col} is null or ${col} not ilike ${make(escapeLike(String(v)))})`,
  })
  return {
    ...scalarOperators<C>({ type: 'text', value, isEmpty: (col) => sql`coalesce(${col}, '') = ''` }),
    contains: pattern((s) => `%${s}%`),
    not_contains: negate((s) => `%${s}%`),
    starts_with: pattern((s) => `${s}%`),
    ends_with: pattern((s) => `%${s}`),
  }
}
