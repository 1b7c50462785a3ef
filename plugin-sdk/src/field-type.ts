import type { FieldMessages } from './field-words.ts'
import type { z } from 'zod'
import type { SQL } from 'drizzle-orm'
import type { FieldScope } from './field-scope.ts'

/**
 * PostgreSQL data types a field may store in. The kernel checks every column against this list
 * before it writes DDL (Kysely's isColumnDataType), so a plugin cannot smuggle SQL into a type.
 */
export const COLUMN_DATA_TYPES = [
  'text',
  'numeric',
  'boolean',
  'date',
  'timestamptz',
  'text[]',
  'uuid',
  'uuid[]',
  'smallint',
  'integer',
  'bigint',
  'double precision',
  'jsonb',
] as const
export type ColumnDataType = (typeof COLUMN_DATA_TYPES)[number]

/** The value type a field exposes to formulas (and to the reference evaluator in tests). */
export type FormulaValueType = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'text[]' | 'number[]' | 'date[]' | 'boolean[]'

export interface FieldRef<C> {
  readonly id: string
  readonly name: string
  readonly type: string
  readonly config: C
}

export interface OperatorDefinition<C> {
  /** Schema of the filter value; omitted for operators that take none (`is_empty`). */
  value?(config: C): z.ZodType
  /**
   * `col` is the field's value expression (its column, or its computed expression), `value` the
   * parsed filter value; return a boolean SQL. `scope` reaches related tables and link storage.
   */
  build(col: SQL, value: unknown, config: C, scope?: FieldScope): SQL
}

export interface CastContext<C> {
  readonly fromType: string
  readonly fromConfig: unknown
  readonly to: C
}

/**
 * What the kernel may assume about a field type, declared by the type itself so the kernel never
 * names a plugin's type. All optional; absent means no.
 */
export interface FieldTypeTraits {
  /**
   * Its values name a record well (short text a person reads: text, e-mail, URL). The generated
   * card view takes the first column of such a type as its title.
   */
  readonly title?: boolean
  /**
   * The formula value types this type is the plain stored form of (`number` for numbers,
   * `boolean` for a switch). When a computed field becomes a stored one, its values convert as if
   * they came from this type: the new type's `castFrom[<this type>]` reads them. One type should
   * claim each value type; if several do, the first registered wins.
   */
  readonly storesValuesOf?: ReadonlyArray<FormulaValueType>
  /**
   * Quick search over this type's column is worth a trigram index (short text a person types in
   * a search box: text, e-mail, URL). The kernel creates `gin (<column> gin_trgm_ops)` with the
   * column when pg_trgm is available. Long values (long text) are better left unindexed: the
   * index grows with them and slows every write.
   */
  readonly searchIndex?: boolean
}

/** What quick search (`search=`) looks for, handed to each field type's `search`. */
export interface SearchTerm {
  /** The text as given, trimmed; never empty. */
  readonly text: string
  /** `%<text>%` with `\`, `%` and `_` escaped: a case-insensitive contains for ILIKE, as a parameter. */
  readonly pattern: string
}

export interface FieldTypeDefinition<S extends z.ZodType = z.ZodType, C = z.output<S>> {
  /** Unique key, e.g. `number`; what `columns[].type` names in the API. */
  readonly type: string
  readonly label: string
  readonly description?: string
  /** What the kernel may assume about this type (see FieldTypeTraits). */
  readonly traits?: FieldTypeTraits
  /** Schema of the column's `config`; parsed (defaults applied) before it is stored. */
  readonly config: S
  /**
   * Extra checks of a parsed config that a schema cannot express. Return messages with paths.
   * `scope` sees the table's columns as they will be after the change (formulas type-check here).
   */
  checkConfig?(config: C, scope?: FieldScope): Array<{ path: Array<string | number>; message: string }>
  /** The physical column type, from COLUMN_DATA_TYPES; null for computed and relation fields. */
  column(config: C): ColumnDataType | null
  /**
   * Computed fields (formula, lookup, aggregation): the SQL expression of the value, built from
   * other fields through the scope. Filters, sorts and responses use it like a column.
   */
  expression?(config: C, scope: FieldScope): SQL
  /**
   * Relation fields: values are stored as links in a kernel-managed link table. The field's
   * values on write are arrays of record ids of `targetTableId`.
   */
  links?(config: C): { targetTableId: string; many: boolean }
  /**
   * The field created on the target table when a relation field is added (its other side), with
   * a config this same field type accepts; undefined for none.
   */
  reverseLink?(config: C, ctx: { sourceTableId: string; sourceTableName: string; fieldId: string; fieldName: string }): { name: string; config: unknown } | undefined
  /**
   * Computed fields that aggregate across rows: the same values for every row at once, as a
   * subquery of `(id, v)` grouped by row id, and the value of a row that has none. Filters and
   * sorts over the whole table join it once instead of running `expression` per row; a page
   * joins it for its own rows only (`rows`: a subquery of their ids).
   */
  grouped?(config: C, scope: FieldScope, rows?: SQL): { sql: SQL; empty: SQL } | undefined
  /** Column ids (of this table) this field is computed from; they cannot be removed while it stands. */
  dependsOn?(config: C): ReadonlyArray<string>
  /**
   * Formula functions the config calls (upper-case names). A plugin contributing one of them
   * cannot be disabled while a field calls it.
   */
  formulaFunctions?(config: C): ReadonlyArray<string>
  /**
   * Written values that the database must confirm (a user field's users exist and have a role).
   * `encoded` is a `text[]` of the values' encoded forms; answer a query selecting the refused
   * ones as `bad` (text), and the message naming them. Runs once per request, not per row.
   */
  refuseValues?(config: C, scope: FieldScope, encoded: SQL): { readonly sql: SQL; message(bad: ReadonlyArray<string>): string } | undefined
  /** Schema of a value written through the API (null is always allowed unless required); computed fields have none. */
  input?(config: C): z.ZodType
  /**
   * The input schema's own refusals (made with `wordedIssue`) in other languages, by locale and
   * key; a refusal without one here is answered in the English the schema states.
   */
  readonly messages?: FieldMessages
  /**
   * A value typed as text (a cell of an imported CSV or spreadsheet, a pasted cell) read into what
   * `input` takes: `"1,234.5"` to 1234.5 for a number, `"yes"` to true for a switch. `text` is
   * trimmed and never empty (an empty cell is null). Return the text itself when it does not read
   * as a value: `input` then refuses it with its own message. Absent: the text is the value (text
   * types; selects, which take option labels).
   */
  parseText?(text: string, config: C): unknown
  /**
   * Text that names records of another table (a relation's cell pasted from the grid or a
   * spreadsheet, or imported: the linked records' display values, comma-separated, as the grid
   * copies them). The kernel looks the names up once per request in `fieldId` of `tableId` (its
   * first column when undefined), case-insensitively, among the rows the writer may read, and
   * writes the ids; a name that matches no record, or several, refuses the cell. A cell of ids is
   * taken as ids. Absent: `parseText`, else the text itself.
   */
  namesRecords?(config: C): { readonly tableId: string; readonly fieldId: string | undefined } | undefined
  /**
   * The PostgreSQL text representation of a parsed input value (what COPY and a `$1::type`
   * parameter take). Defaults to `String(value)`.
   */
  encode?(value: unknown, config: C): string
  /**
   * JSON Schema (draft 2020-12) of a value as the API answers it (per-table OpenAPI documents).
   * Absent: the kernel derives it from the value type (`valueType`, else `formulaType`), or leaves
   * it open. Give it when the answer is not that plain value (a relation's `{ id, display }` list).
   */
  output?(config: C, scope?: FieldScope): Record<string, unknown>
  /** SQL expression giving the JSON value for responses. Defaults to the column itself. */
  toJson?(col: SQL, config: C, scope?: FieldScope): SQL
  /**
   * Quick search: a boolean SQL that is true when the value matches `term` (what a person reads
   * contains the text, ignoring case), or undefined when no value of this field can match (the
   * field is left out of the search). `col` is the value expression, as for operators. Absent: a
   * field stored in a `text` column matches `col ilike term.pattern`, any other is not searched.
   */
  search?(col: SQL, term: SearchTerm, config: C, scope?: FieldScope): SQL | undefined
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
  /**
   * What formulas, lookups and display fields read of a value, when it is not the stored value
   * itself: a select's option label rather than its id (Airtable's semantics).
   */
  formulaValue?(config: C, value: SQL): SQL
  /** The formula type when it depends on the config (a formula's result, a lookup's target). */
  valueType?(config: C, scope: FieldScope): FormulaValueType | undefined
}

/** A field type with its config type erased: what registries hold. */
export type AnyFieldType = FieldTypeDefinition<z.ZodType, unknown>

/** Identity function for inference (Directus `define*`). */
export function defineFieldType<S extends z.ZodType>(def: FieldTypeDefinition<S, z.output<S>>): AnyFieldType {
  return def as unknown as AnyFieldType
}
