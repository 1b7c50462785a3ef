import type { FastifySchemaCompiler } from 'fastify'
import type { z } from 'zod'
import type { ErrorPath } from '@docpal/plugin-sdk'
import { zodFailure } from '@docpal/kernel'

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
      return { error: zodFailure(r.error, data, httpPart === 'querystring' ? (queryBases.get(schema) ?? []) : []) }
    }
}
