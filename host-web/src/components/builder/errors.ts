import { ApiError } from '@docpal/plugin-sdk/client'

/** Where a server error belongs in the builder: a column's name, type or config, or the table. */
export interface PlacedError {
  /** The draft column's key; unset for the table's own fields. */
  key?: string
  /** `name`, `type`, `config`, `required`, ... (the first path segment after the column). */
  field: string
  /** The rest of the path inside the field, e.g. `['options', 1, 'label']` in a config. */
  sub: Array<string | number>
  message: string
}

/**
 * Places an API error by its `path` (`['columns', 2, 'config', 'options']`). `keys` are the draft
 * columns in the order the failed request listed them. Errors without a usable path answer
 * undefined, and the page shows them as a message.
 */
export function placeError(err: unknown, keys: ReadonlyArray<string>): PlacedError | undefined {
  if (!(err instanceof ApiError) || err.path.length === 0) return undefined
  const [head, index, field, ...sub] = err.path
  if (head === 'columns' && typeof index === 'number') {
    const key = keys[index]
    if (key === undefined) return undefined
    return { key, field: typeof field === 'string' ? field : 'column', sub, message: withinColumn(err.message, err.path, sub) }
  }
  if (head === 'name' || head === 'description') return { field: head, sub: [], message: err.message }
  return undefined
}

/**
 * A message placed at its column without the request's path to it: the server says
 * `columns.1.config.formula: Must not be empty.`, the column's row says `formula: Must not be empty.`.
 */
function withinColumn(message: string, path: ReadonlyArray<string | number>, sub: ReadonlyArray<string | number>): string {
  const prefix = `${path.join('.')}: `
  return message.startsWith(prefix) ? `${sub.length ? `${sub.join('.')}: ` : ''}${message.slice(prefix.length)}` : message
}

/** The columns another one is computed from, as a 409 refusing a removal lists them. */
export interface Dependent {
  id: string
  name: string
  dependsOn: string[]
}

export function dependentsOf(err: unknown): Dependent[] | undefined {
  if (!(err instanceof ApiError) || err.status !== 409) return undefined
  const d = err.details['dependents']
  return Array.isArray(d) ? (d as Dependent[]) : undefined
}

/** How many values of a column a type or config change rewrites, and how many it would empty. */
export interface Conversion {
  columnId: string
  name: string
  from: string
  to: string
  values: number
  wouldEmpty: number
}

export function conversionsOf(v: unknown): Conversion[] {
  const c = (v as { conversions?: unknown } | null | undefined)?.conversions
  return Array.isArray(c) ? (c as Conversion[]) : []
}

/** A 422 refusing a change that would lose values: its conversions, for the confirmation. */
export function lossyConversions(err: unknown): Conversion[] | undefined {
  if (!(err instanceof ApiError) || err.status !== 422 || err.code !== 'KRN_ERR_DDL_LOSSY_CHANGE') return undefined
  return conversionsOf(err.details)
}
