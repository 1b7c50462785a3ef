import { ApiError, type ColumnInfo } from '@docpal/plugin-sdk/client'

/** A value a required field may not have. `false` and `0` are answers, not blanks. */
export function isBlank(v: unknown): boolean {
  return v == null || v === '' || (Array.isArray(v) && v.length === 0)
}

/** Values compared as the API sees them (JSON), so arrays and objects compare by content. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/**
 * The fields to send, keyed by column name as the API expects: on create the ones filled in, on
 * edit only the ones that changed (a PATCH then cannot overwrite a concurrent edit of another field).
 */
export function fieldsToSend(columns: ReadonlyArray<ColumnInfo>, values: Record<string, unknown>, initial: Record<string, unknown> | null): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const c of columns) {
    const v = values[c.id]
    if (initial ? !sameValue(v, initial[c.id]) : !isBlank(v)) out[c.name] = v ?? null
  }
  return out
}

/**
 * The field a server validation error points at (`path: ['fields', <name or id>, ...]`) and its
 * message, or null when the error is not about one field.
 */
export function fieldErrorOf(err: unknown, columns: ReadonlyArray<ColumnInfo>): { columnId: string; message: string } | null {
  if (!(err instanceof ApiError)) return null
  return atField(err.path, err.message, columns)
}

/**
 * Every field a server validation error refuses: the server names them all in `details.fields`
 * ({path, message} each), so a form shows every error after one save; an answer without that list
 * names one field at most.
 */
export function fieldErrorsOf(err: unknown, columns: ReadonlyArray<ColumnInfo>): Array<{ columnId: string; message: string }> {
  if (!(err instanceof ApiError)) return []
  const listed = err.details['fields']
  if (!Array.isArray(listed)) {
    const one = fieldErrorOf(err, columns)
    return one ? [one] : []
  }
  const out: Array<{ columnId: string; message: string }> = []
  for (const f of listed as unknown[]) {
    if (f === null || typeof f !== 'object') continue
    const { path, message } = f as { path?: unknown; message?: unknown }
    if (!Array.isArray(path) || typeof message !== 'string') continue
    const at = atField(path as ReadonlyArray<string | number>, message, columns)
    if (at && !out.some((o) => o.columnId === at.columnId)) out.push(at)
  }
  return out
}

function atField(path: ReadonlyArray<string | number>, message: string, columns: ReadonlyArray<ColumnInfo>): { columnId: string; message: string } | null {
  if (path[0] !== 'fields' || path.length < 2) return null
  const key = String(path[1])
  const column = columns.find((c) => c.name === key || c.id === key)
  return column ? { columnId: column.id, message: withoutPath(message, `fields.${key}`) } : null
}
/** "fields.Contact: Invalid email address" reads "Invalid email address" under the Contact field. */
function withoutPath(message: string, prefix: string): string {
  if (!message.startsWith(prefix)) return message
  const rest = message.slice(prefix.length).replace(/^[.\w[\]]*:\s*/, '')
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : message
}
