import { z } from 'zod'
import type { AnyFieldType, FieldScope, FormulaValueType } from '@docpal/plugin-sdk'
import type { ColumnMeta } from './table-model.ts'

export type JsonSchema = Record<string, unknown>

/** The JSON Schemas of one table's records, by column name (the API's default `fieldKey`). */
export interface RecordSchemas {
  /** `fields` of an answered record: every column, computed ones readOnly. */
  readonly fields: JsonSchema
  /** `fields` of a create (or replace): writable columns, required where the column is. */
  readonly input: JsonSchema
  /** `fields` of a patch: writable columns, none required. */
  readonly patch: JsonSchema
  /** Column names, in display order (filter and sort name them). */
  readonly columns: ReadonlyArray<string>
}

const SCALAR: Record<string, JsonSchema> = {
  text: { type: 'string' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
  // PostgreSQL answers computed instants with an offset (`+00:00`), stored ones as `...Z`: both RFC 3339.
  datetime: { type: 'string', format: 'date-time' },
}

/** The answered value of a formula value type: arrays come out as JSON arrays of the scalar. */
export function valueTypeSchema(t: FormulaValueType): JsonSchema {
  const item = t.endsWith('[]') ? SCALAR[t.slice(0, -2)] : undefined
  return item ? { type: 'array', items: item } : (SCALAR[t] ?? {})
}

/** `s` or null: an empty cell answers null (a schema without `type`, like `{}`, takes null already). */
function orNull(s: JsonSchema): JsonSchema {
  if (Object.keys(s).length === 0) return s
  return { anyOf: [s, { type: 'null' }] }
}

/** Relations take writes although they are computed for reads; formulas, lookups, rollups do not. */
export function isWritable(ft: AnyFieldType): boolean {
  return ft.input !== undefined && (ft.links !== undefined || ft.expression === undefined)
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io }) as JsonSchema
  Reflect.deleteProperty(out, '$schema')
  return out
}

/** What the field type says it answers, else its value type's plain form, else open. */
function outputOf(c: ColumnMeta, ft: AnyFieldType | undefined, scope: FieldScope): JsonSchema {
  if (!ft) return {}
  // A definition that no longer stands (a field it reads was removed) answers null: stay open.
  try {
    if (ft.output) return ft.output(c.config, scope)
    const vt = scope.field(c.id)?.valueType
    if (vt) return valueTypeSchema(vt)
    return ft.input ? toJsonSchema(ft.input(c.config), 'output') : {}
  } catch {
    return {}
  }
}

/**
 * The shapes of a table's records for its OpenAPI document, from the columns and their field
 * types. Pure: the scope resolves computed value types (a formula's result, a lookup's target).
 */
export function recordSchemas(columns: ReadonlyArray<ColumnMeta>, fieldType: (type: string) => AnyFieldType | undefined, scope: FieldScope): RecordSchemas {
  const answered: Record<string, JsonSchema> = {}
  const writable: Record<string, JsonSchema> = {}
  const required: string[] = []
  for (const c of columns) {
    const ft = fieldType(c.type)
    const computed = ft === undefined || !isWritable(ft)
    const out = orNull(outputOf(c, ft, scope))
    answered[c.name] = computed ? { ...out, readOnly: true } : out
    if (computed || !ft.input) continue
    const input = toJsonSchema(ft.input(c.config), 'input')
    writable[c.name] = c.required ? input : orNull(input)
    if (c.required) required.push(c.name)
  }
  // Unknown columns are refused (400), so the input shapes are closed; answers stay open.
  const input = { type: 'object', properties: writable, additionalProperties: false }
  return {
    fields: { type: 'object', properties: answered },
    input: required.length ? { ...input, required } : input,
    patch: input,
    columns: columns.map((c) => c.name),
  }
}
