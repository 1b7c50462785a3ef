import { DocPalError, type ErrorPath } from '@docpal/plugin-sdk'
import type { BoundColumn } from '../schema/table-model.ts'
import type { KeyBy, TableRuntime } from '../schema/table-runtime.ts'

/**
 * How a bulk write reads its cells. `text`: every string is what a person typed or pasted (a
 * spreadsheet cell), read by the column's field type (`parseText`), as an import reads a file.
 * `skipInvalid`: a cell its column refuses is left out and reported; the rest is written.
 */
export interface CellInputOptions {
  readonly text?: boolean
  readonly skipInvalid?: boolean
}

/** A cell left out of a write: the record's index in the request, the column as the request named it, why. */
export interface CellRejection {
  readonly index: number
  readonly field: string
  readonly reason: string
}

/** A cell's text as the value its column's type takes: empty is null, typed text goes through the type's parser. */
export function textValue(b: BoundColumn, text: string | null): unknown {
  if (text === null) return null
  const t = text.trim()
  if (t === '') return null
  const ft = b.fieldType
  return ft?.parseText ? ft.parseText(t, b.meta.config) : text
}

/**
 * One record's fields as the write takes them: text read by each column's type and, with
 * `skipInvalid`, each cell checked on its own (the type's input schema) so a refused one is
 * reported in `rejected` and left out instead of refusing the request. Without options the fields
 * are answered untouched.
 */
export function screenFields(rt: TableRuntime, fields: unknown, keyBy: KeyBy, opts: CellInputOptions, index: number, path: ErrorPath, rejected: CellRejection[]): unknown {
  if ((!opts.text && !opts.skipInvalid) || fields === null || typeof fields !== 'object' || Array.isArray(fields)) return fields
  const lookup = keyBy === 'id' ? rt.byId : rt.byName
  const out: Record<string, unknown> = {}
  for (const [key, raw] of Object.entries(fields as Record<string, unknown>)) {
    const b = lookup.get(key)
    const value = opts.text && b && typeof raw === 'string' ? textValue(b, raw) : raw
    if (opts.skipInvalid) {
      try {
        rt.encodeValues({ [key]: value }, keyBy, 'patch', path)
      } catch (err) {
        // Only a refusal of the value is skipped; anything else (the database, a bug) still fails the request.
        if (!(err instanceof DocPalError) || err.status !== 400) throw err
        rejected.push({ index, field: key, reason: reasonOf(err, raw) })
        continue
      }
    }
    out[key] = value
  }
  return out
}

/** Why a cell was refused, starting with its text so the person finds it (`'ten': expected number`). */
function reasonOf(err: DocPalError, raw: unknown): string {
  const first = (err.details?.['issues'] as Array<{ message?: unknown }> | undefined)?.[0]?.message
  // The kernel's zod speaks through validation-messages.ts; a field type from an uploaded plugin
  // that bundles its own zod still says zod's "Invalid input: expected ...".
  const why = typeof first === 'string' ? first.replace(/^Invalid input: /, '') : err.message
  if (typeof raw !== 'string') return why
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw
  return `'${shown}': ${why}`
}
