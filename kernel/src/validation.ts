import type { z } from 'zod'
import type { DocPalError, ErrorExtensions, ErrorPath, FieldMessages } from '@docpal/plugin-sdk'
import { codes } from './errors/codes.ts'
import { present } from './errors/present.ts'
import { keepIssues } from './phrasebooks/kept.ts'
import { atPath } from './phrasebooks/say-error.ts'

/** Parses `value` with `schema`, or throws a 400 naming the first bad path (all in details). */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  base: ErrorPath = [],
  make: (msg: string, ext: ErrorExtensions) => DocPalError = codes.KRN_ERR_VALIDATION,
  /** A field type's wording of its own refusals, when `schema` is its input schema. */
  messages?: FieldMessages,
): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  throw zodFailure(r.error, value, base, make, messages)
}

/**
 * The error for a failed zod parse of `input`, the one shape of every refusal of input (services
 * through parseOrThrow, the host's request validator): the first issue in the message and its
 * `path`, up to 20 issues in `details`, the issues kept for the reader's language. An unknown key
 * names itself in the path (zod puts the issue on the object holding it).
 */
export function zodFailure(
  error: z.ZodError,
  input: unknown,
  base: ErrorPath = [],
  make: (msg: string, ext: ErrorExtensions) => DocPalError = codes.KRN_ERR_VALIDATION,
  messages?: FieldMessages,
): DocPalError {
  const issues = error.issues.map((i) => {
    const at = [...base, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]
    const unknownKey = i.code === 'unrecognized_keys' ? i.keys[0] : undefined
    return { path: unknownKey !== undefined ? [...at, unknownKey] : at, message: i.message }
  })
  // A failed parse has at least one issue.
  const first = present(issues[0], 'the first issue of a failed parse')
  return keepIssues(make(atPath(first.path, first.message), { path: first.path, details: { issues: issues.slice(0, 20) } }), error.issues, input, messages)
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID_RE.test(v)
}
