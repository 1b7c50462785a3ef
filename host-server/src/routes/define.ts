import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { codes, DUMMY_ACTOR, refs, resolve, type Actor, type Kernel } from '@docpal/kernel'

export interface RouteCtx {
  readonly kernel: Kernel
  readonly actor: Actor
  readonly req: FastifyRequest
  readonly reply: FastifyReply
  readonly params: Record<string, string>
  readonly query: Record<string, unknown>
  readonly body: unknown
  /** Overrides the route's success status for this response (a dry run creates nothing). */
  status(code: number): void
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  tag: string
  summary: string
  body?: z.ZodType
  query?: z.ZodType
  status?: number
  bodyLimit?: number
  /** Returns a value to send as JSON, a string that already is JSON, or undefined for 204. */
  handler(ctx: RouteCtx): unknown
}

/** zod 4's own JSON Schema, for the OpenAPI document only (validation stays with zod). */
function jsonSchema(s: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(s, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
  delete out['$schema']
  return out
}

export function route(app: FastifyInstance, kernel: Kernel, spec: RouteSpec): void {
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    schema: {
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.body ? { body: jsonSchema(spec.body) } : {}),
      ...(spec.query ? { querystring: jsonSchema(spec.query) } : {}),
    },
    handler: async (req, reply) => {
      let status = spec.status ?? 200
      // Each request gets a child container carrying who asks (a dummy actor until auth lands).
      const scope = kernel.requestScope(DUMMY_ACTOR)
      const result = await spec.handler({
        status: (code: number) => {
          status = code
        },
        kernel,
        actor: resolve(scope, refs.actor),
        req,
        reply,
        params: req.params as Record<string, string>,
        query: (req.query ?? {}) as Record<string, unknown>,
        body: req.body,
      })
      if (result === undefined) return reply.status(204).send()
      reply.status(status)
      // Record responses arrive as JSON text built by PostgreSQL: pass them through untouched.
      if (typeof result === 'string') return reply.type('application/json; charset=utf-8').send(result)
      return reply.send(result)
    },
  })
}

export const boolParam = (v: unknown) => v === true || v === 'true' || v === '1'
export const keyBy = (q: Record<string, unknown>): 'name' | 'id' => {
  const v = q['fieldKey']
  if (v === undefined || v === 'name' || v === 'id') return v === 'id' ? 'id' : 'name'
  throw codes.KRN_ERR_VALIDATION('`fieldKey` is "name" or "id".', { path: ['fieldKey'] })
}
