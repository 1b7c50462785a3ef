import type { AnyFieldType, ColumnDataType, ErrorPath } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import type { FieldTypeLookup } from '../schema/field-types.ts'
import { parseOrThrow } from '../validation.ts'

export interface ColumnSpec {
  readonly type: string
  readonly fieldType: AnyFieldType
  readonly config: unknown
  readonly dataType: ColumnDataType | null
}

/** Resolves a column's type to an enabled field type and parses its config (defaults applied). */
export function columnSpec(fieldTypes: FieldTypeLookup, input: { readonly type: string; readonly config?: unknown }, fallbackConfig: unknown, path: ErrorPath): ColumnSpec {
  const ft = fieldTypes.get(input.type)
  if (!ft) throw codes.KRN_ERR_FIELD_TYPE_UNKNOWN(input.type, fieldTypes.keys().sort().join(', '), { path: [...path, 'type'] })
  const config = parseOrThrow(ft.config, input.config ?? fallbackConfig ?? {}, [...path, 'config'])
  // checkConfig runs in planSchema, with a scope over the table as it will be.
  return { type: input.type, fieldType: ft, config, dataType: ft.column(config) }
}

/** JSON with object keys sorted: jsonb stores keys in its own order, so plain stringify differs. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`
  }
  // JSON.stringify gives undefined (typed as string) for these: they read as null, as in JSON.
  return v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : JSON.stringify(v)
}

export function sameConfig(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b)
}
