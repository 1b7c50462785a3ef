/**
 * A form generated from a plugin's settings schema: the JSON Schema (draft 7, input side) the server
 * derives from the plugin's zod schema. Pure: which widget each property gets, the draft the form
 * edits, the value sent back, and where a server refusal belongs. Shapes the form has no widget for
 * are edited as JSON, so every schema can be edited.
 */

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null'

/** The part of JSON Schema the form reads. */
export interface JsonSchema {
  type?: JsonType | JsonType[]
  title?: string
  description?: string
  default?: unknown
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema | JsonSchema[]
  minItems?: number
  maxItems?: number
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
}

export type Scalar = string | number | boolean | null

interface FieldBase {
  key: string
  /** Property names from the root; joined with '.' it names the field for errors. */
  path: string[]
  label: string
  description: string | null
  required: boolean
  /** `null` is a valid value: an emptied field sends null rather than leaving the key out. */
  nullable: boolean
  default: unknown
}
export type Field =
  | (FieldBase & { kind: 'string'; minLength: number | null; maxLength: number | null; multiline: boolean })
  | (FieldBase & { kind: 'number'; integer: boolean; min: number | null; max: number | null })
  | (FieldBase & { kind: 'boolean' })
  | (FieldBase & { kind: 'enum'; options: Scalar[] })
  | (FieldBase & { kind: 'object'; fields: Field[] })
  | (FieldBase & { kind: 'tags'; minItems: number | null; maxItems: number | null })
  | (FieldBase & { kind: 'json' })

/**
 * The fields of a settings schema. Settings are an object in practice; any other root is one JSON
 * field under the key `value` (`wrapped`), so the rest of the form needs no special case.
 */
export interface SettingsForm {
  fields: Field[]
  wrapped: boolean
}

/** Longer limits than this read better in a textarea. */
const MULTILINE_AFTER = 200

export function formOf(schema: JsonSchema): SettingsForm {
  if (isObjectWithProperties(schema)) return { fields: fieldsOf(schema, []), wrapped: false }
  return { fields: [{ ...base('value', schema, [], true), label: schema.title ?? 'Value', kind: 'json' }], wrapped: true }
}

function fieldsOf(schema: JsonSchema, parent: string[]): Field[] {
  const required = new Set(schema.required ?? [])
  return Object.entries(schema.properties ?? {}).map(([key, s]) => fieldOf(key, s, parent, required.has(key) && s.default === undefined))
}

function fieldOf(key: string, schema: JsonSchema, parent: string[], required: boolean): Field {
  const { schema: s, nullable } = unwrapNullable(schema)
  const b = { ...base(key, s, parent, required), nullable, default: schema.default ?? s.default }
  const options = enumOptions(s)
  if (options) return { ...b, kind: 'enum', options }
  const type = singleType(s)
  if (type === 'string') {
    const maxLength = s.maxLength ?? null
    return { ...b, kind: 'string', minLength: s.minLength ?? null, maxLength, multiline: maxLength !== null && maxLength > MULTILINE_AFTER }
  }
  if (type === 'number' || type === 'integer') {
    const integer = type === 'integer'
    // An exclusive bound of an integer is the next integer; of a number it stays a hint.
    const min = s.minimum ?? (s.exclusiveMinimum === undefined ? null : integer ? Math.floor(s.exclusiveMinimum) + 1 : s.exclusiveMinimum)
    const max = s.maximum ?? (s.exclusiveMaximum === undefined ? null : integer ? Math.ceil(s.exclusiveMaximum) - 1 : s.exclusiveMaximum)
    return { ...b, kind: 'number', integer, min: meaningfulBound(min), max: meaningfulBound(max) }
  }
  if (type === 'boolean') return { ...b, kind: 'boolean' }
  if (type === 'object' && isObjectWithProperties(s)) return { ...b, kind: 'object', fields: fieldsOf(s, [...parent, key]) }
  if (type === 'array' && isStringItems(s.items)) return { ...b, kind: 'tags', minItems: s.minItems ?? null, maxItems: s.maxItems ?? null }
  return { ...b, kind: 'json' }
}

function base(key: string, s: JsonSchema, parent: string[], required: boolean): FieldBase {
  return { key, path: [...parent, key], label: s.title ?? humanize(key), description: s.description ?? null, required, nullable: false, default: s.default }
}

/** `maxRetries` and `max_retries` read as "Max retries". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** zod marks an unbounded `.int()` with the safe-integer limits: no bound worth showing. */
function meaningfulBound(n: number | null): number | null {
  return n === null || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? null : n
}

function singleType(s: JsonSchema): JsonType | null {
  if (Array.isArray(s.type)) return s.type.length === 1 ? (s.type[0] ?? null) : null
  return s.type ?? null
}

/** `type: [T, 'null']` and `anyOf: [S, {type: 'null'}]` are S that may also be null. */
function unwrapNullable(s: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (Array.isArray(s.type) && s.type.length === 2 && s.type.includes('null')) {
    const type = s.type.find((t) => t !== 'null')
    if (type) return { schema: { ...s, type }, nullable: true }
  }
  const branches = s.anyOf ?? s.oneOf
  if (branches?.length === 2) {
    const other = branches.find((b) => b.type !== 'null')
    if (other && branches.some((b) => b.type === 'null'))
      return { schema: { ...other, title: s.title ?? other.title, description: s.description ?? other.description }, nullable: true }
  }
  return { schema: s, nullable: false }
}

function isScalar(v: unknown): v is Scalar {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v)
}

/** `enum`, a `const`, or a union of constants (zod's union of literals). */
function enumOptions(s: JsonSchema): Scalar[] | null {
  if (s.enum?.every(isScalar)) return s.enum
  if (s.const !== undefined && isScalar(s.const)) return [s.const]
  const branches = s.anyOf ?? s.oneOf
  if (branches?.length && branches.every((b) => b.const !== undefined || b.enum)) {
    const all = branches.flatMap((b) => (b.const !== undefined ? [b.const] : (b.enum ?? [])))
    if (all.every(isScalar)) return all
  }
  return null
}

function isObjectWithProperties(s: JsonSchema): boolean {
  return singleType(s) === 'object' && !!s.properties && Object.keys(s.properties).length > 0
}

function isStringItems(items: JsonSchema['items']): boolean {
  return !!items && !Array.isArray(items) && singleType(items) === 'string' && !enumOptions(items)
}

// ---- Draft: what the widgets edit ----------------------------------------------------------------

/** The form's state: values by field, JSON fields as their text. */
export type Draft = { [key: string]: unknown }

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T))

/** The draft for the current value; a key the value lacks starts at the schema's default. */
export function draftOf(form: SettingsForm, value: unknown): Draft {
  return draftFields(form.fields, form.wrapped ? { value } : value)
}

function draftFields(fields: Field[], value: unknown): Draft {
  const obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
  const draft: Draft = {}
  for (const f of fields) {
    const v = obj[f.key] !== undefined ? obj[f.key] : clone(f.default)
    draft[f.key] = draftValue(f, v)
  }
  return draft
}

function draftValue(f: Field, v: unknown): unknown {
  switch (f.kind) {
    case 'string':
      return typeof v === 'string' ? v : ''
    case 'number':
      return typeof v === 'number' ? v : null
    case 'boolean':
      return typeof v === 'boolean' ? v : false
    case 'enum':
      return f.options.includes(v as Scalar) ? v : null
    case 'object':
      return draftFields(f.fields, v)
    case 'tags':
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
    case 'json':
      return v === undefined ? '' : JSON.stringify(v, null, 2)
  }
}

// ---- Value: what is sent ------------------------------------------------------------------------

/** A JSON field whose text does not parse: named like the server's error paths, with the parser's reason. */
export interface JsonProblem {
  key: string
  message: string
}

const EMPTY = Symbol('empty')

/**
 * The settings to send. An emptied optional field is left out (the server applies its default) or
 * sent as null when null is allowed; a required one is sent as typed so the server names the problem.
 */
export function valueOf(form: SettingsForm, draft: Draft): { value: unknown; problems: JsonProblem[] } {
  const problems: JsonProblem[] = []
  const obj = valueFields(form.fields, draft, problems)
  return { value: form.wrapped ? obj['value'] : obj, problems }
}

function valueFields(fields: Field[], draft: Draft, problems: JsonProblem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const v = fieldValue(f, draft[f.key], problems)
    if (v !== EMPTY) out[f.key] = v
    else if (f.nullable) out[f.key] = null
  }
  return out
}

function fieldValue(f: Field, d: unknown, problems: JsonProblem[]): unknown {
  switch (f.kind) {
    case 'string':
      return d === '' && !f.required ? EMPTY : d
    case 'number':
    case 'enum':
      return d === null || d === undefined ? EMPTY : d
    case 'boolean':
      return d
    case 'tags':
      return d
    case 'object':
      return valueFields(f.fields, (d ?? {}) as Draft, problems)
    case 'json': {
      const text = typeof d === 'string' ? d.trim() : ''
      if (!text) return EMPTY
      try {
        return JSON.parse(text) as unknown
      } catch (err) {
        problems.push({ key: fieldKey(f.path), message: err instanceof Error ? err.message : String(err) })
        return EMPTY
      }
    }
  }
}

// ---- Errors -------------------------------------------------------------------------------------

export const fieldKey = (path: readonly string[]): string => path.join('.')

/**
 * Which field a server refusal belongs to: its path after the leading 'settings', matched to the
 * deepest field on it (an error inside a tags list or a JSON field lands on that field). Null when
 * it names no field (the whole object).
 */
export function fieldForError(form: SettingsForm, errorPath: ReadonlyArray<string | number>): string | null {
  const rest = errorPath[0] === 'settings' ? errorPath.slice(1) : [...errorPath]
  const path = (form.wrapped ? ['value', ...rest] : rest).map(String)
  let fields = form.fields
  let found: Field | null = null
  for (const segment of path) {
    const f = fields.find((x) => x.key === segment)
    if (!f) break
    found = f
    if (f.kind !== 'object') break
    fields = f.fields
  }
  return found ? fieldKey(found.path) : null
}

// ---- Hints --------------------------------------------------------------------------------------

/** The limits a field's value must keep, as a message key of `pluginSettings` and its parameters. */
export interface Hint {
  key: string
  params: Record<string, number>
}

function range(min: number | null, max: number | null, prefix: '' | 'length'): Hint | null {
  const k = (s: string) => (prefix ? `${prefix}${s}` : s.charAt(0).toLowerCase() + s.slice(1))
  if (min !== null && max !== null) return { key: k('Between'), params: { min, max } }
  if (min !== null) return { key: k('AtLeast'), params: { min } }
  if (max !== null) return { key: k('AtMost'), params: { max } }
  return null
}

export function hintOf(f: Field): Hint | null {
  if (f.kind === 'number') return range(f.min, f.max, '') ?? (f.integer ? { key: 'wholeNumber', params: {} } : null)
  // A minimum of one only says "not empty", which the required mark already tells.
  if (f.kind === 'string') return range(f.minLength === 1 && f.maxLength === null ? null : f.minLength, f.maxLength, 'length')
  if (f.kind === 'tags' && f.minItems !== null && f.maxItems !== null) return { key: 'itemsBetween', params: { min: f.minItems, max: f.maxItems } }
  return null
}

/** The server prefixes a refusal with its path ("settings.times: Too big…"); at the field that is said already. */
export function messageAtField(message: string, errorPath: ReadonlyArray<string | number>): string {
  const prefix = `${errorPath.join('.')}: `
  return errorPath.length && message.startsWith(prefix) ? message.slice(prefix.length) : message
}
