import type { z } from 'zod'
import type { SQL } from 'drizzle-orm'

/**
 * PostgreSQL data types a field may store in. The kernel checks every column against this list
 * before it writes DDL (Kysely's isColumnDataType), so a plugin cannot smuggle SQL into a type.
 */
export const COLUMN_DATA_TYPES = [
  'text', 'numeric', 'boolean', 'date', 'timestamptz', 'text[]', 'uuid', 'uuid[]',
  'smallint', 'integer', 'bigint', 'double precision', 'jsonb',
] as const
export type ColumnDataType = (typeof COLUMN_DATA_TYPES)[number]

/** The value type a field exposes to formulas (and to the reference evaluator in tests). */
export type FormulaValueType = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'text[]'

export interface FieldRef<C> {
  readonly id: string
  readonly name: string
  readonly type: string
  readonly config: C
}

export interface OperatorDefinition<C> {
  /** Schema of the filter value; omitted for operators that take none (`is_empty`). */
  value?(config: C): z.ZodType
  /** `col` is the column expression, `value` the parsed filter value; return a boolean SQL. */
  build(col: SQL, value: unknown, config: C): SQL
}

export interface CastContext<C> {
  readonly fromType: string
  readonly fromConfig: unknown
  readonly to: C
}

export interface FieldTypeDefinition<S extends z.ZodType = z.ZodType, C = z.output<S>> {
  /** Unique key, e.g. `number`; what `columns[].type` names in the API. */
  readonly type: string
  readonly label: string
  readonly description?: string
  /** Schema of the column's `config`; parsed (defaults applied) before it is stored. */
  readonly config: S
  /** Extra checks of a parsed config that a schema cannot express. Return messages with paths. */
  checkConfig?(config: C): Array<{ path: Array<string | number>; message: string }>
  /** The physical column type, from COLUMN_DATA_TYPES; null for computed fields. */
  column(config: C): ColumnDataType | null
  /** Schema of a value written through the API (null is always allowed unless required). */
  input(config: C): z.ZodType
  /**
   * The PostgreSQL text representation of a parsed input value (what COPY and a `$1::type`
   * parameter take). Defaults to `String(value)`.
   */
  encode?(value: unknown, config: C): string
  /** SQL expression giving the JSON value for responses. Defaults to the column itself. */
  toJson?(col: SQL, config: C): SQL
  /** SQL expression to sort by. Defaults to the column itself. */
  sortKey?(col: SQL, config: C): SQL
  /** Filter operators, keyed by operator name (`eq`, `contains`, ...). */
  readonly operators: Readonly<Record<string, OperatorDefinition<C>>>
  /**
   * Conversions into this type, keyed by the source field type (`*` for any). Each returns an
   * expression that yields the new value, or NULL where the old value does not convert; the
   * dry run counts those. A key equal to this type converts after a config change.
   */
  readonly castFrom?: Readonly<Record<string, (col: SQL, ctx: CastContext<C>) => SQL>>
  readonly formulaType?: FormulaValueType
}

/** A field type with its config type erased: what registries hold. */
export type AnyFieldType = FieldTypeDefinition<z.ZodType, unknown>

/** Identity function for inference (Directus `define*`). */
export function defineFieldType<S extends z.ZodType>(def: FieldTypeDefinition<S, z.output<S>>): AnyFieldType {
  return def as unknown as AnyFieldType
}
