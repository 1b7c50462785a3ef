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
  const issues = r.error.issues.map((i) => ({ path: [...base, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message }))
  // A failed parse has at least one issue.
  const first = present(issues[0], 'the first issue of a failed parse')
  throw keepIssues(make(atPath(first.path, first.message), { path: first.path, details: { issues: issues.slice(0, 20) } }), r.error.issues, value, messages)
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID_RE.test(v)
}
