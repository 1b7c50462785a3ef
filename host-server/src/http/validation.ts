import type { FastifySchemaCompiler } from 'fastify'
import type { z } from 'zod'
import { present, type ErrorPath } from '@docpal/plugin-sdk'
import { atPath, codes, keepIssues } from '@docpal/kernel'

/**
 * The kernel's validation error for a failed zod parse: first issue in the message, its `path`,
 * up to 20 issues in `details` (the shape `parseOrThrow` gives, kept for the reader's language, so a request refused by Fastify's
 * validator reads like one refused inside a service). An unknown key names itself in the path.
 */
export function validationError(error: z.ZodError, base: ErrorPath, input: unknown): Error {
  const issues = error.issues.map((i) => {
    const at = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
    const unknownKey = i.code === 'unrecognized_keys' ? i.keys[0] : undefined
    const path = unknownKey !== undefined ? [...base, ...at, unknownKey] : [...base, ...at]
    return { path, message: i.message }
  })
  // zod fails a parse only with at least one issue.
  const first = present(issues[0], 'the first issue of a failed parse')
  return keepIssues(codes.KRN_ERR_VALIDATION(atPath(first.path, first.message), { path: first.path, details: { issues: issues.slice(0, 20) } }), error.issues, input)
}

/** Query schemas whose error paths start with a prefix (set by `route`, read by the validator). */
const queryBases = new WeakMap<z.ZodType, ErrorPath>()

/** Problems with `schema` as a query string are reported under `base` (e.g. `['query']`). */
export function reportQueryAt(schema: z.ZodType, base: ErrorPath): void {
  queryBases.set(schema, base)
}

/**
 * Fastify's validator over route schemas that are zod schemas: the parsed value (defaults, trims,
 * NFC names) replaces the raw one, so the handler sees exactly the schema's output type.
 */
export function zodValidator(): FastifySchemaCompiler<z.ZodType> {
  return ({ schema, httpPart }) =>
    (data) => {
      const r = schema.safeParse(data)
      if (r.success) return { value: r.data }
      return { error: validationError(r.error, httpPart === 'querystring' ? (queryBases.get(schema) ?? []) : [], data) }
    }
}
