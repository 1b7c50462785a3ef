import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify'
import { z } from 'zod'
import type { ErrorPath } from '@docpal/plugin-sdk'
import { refs, resolve, type Actor, type Kernel, type RequestOrigin } from '@docpal/kernel'
import type { RequestGate } from '../http/request-gate.ts'
import { documentOperation } from '../http/openapi.ts'
import { reportQueryAt } from '../http/validation.ts'
import { hostCodes } from '../errors/codes.ts'
import { identityOf } from '../auth/view-as.ts'
import type { Access, RequestAuth } from '../auth/request-auth.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Body media types a route takes besides application/json (e.g. a plugin archive). */
    accepts?: ReadonlyArray<string>
    /** Keep the JSON body's bytes as sent (`rawBodyOf(req)`): a signature is over them. */
    rawBody?: boolean
  }
}

/** What a schema parses to; `Fallback` for a part the route does not describe. */
type Parsed<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback

/** The path parameters a URL declares: `/api/tables/:id/columns/:columnId` → `'id' | 'columnId'`. */
export type UrlParamNames<U extends string> = U extends `${string}:${infer Name}/${infer Rest}` ? Name | UrlParamNames<Rest> : U extends `${string}:${infer Name}` ? Name : never

/** The route's path parameters by name; Fastify's router matches a route only with all of them. */
export type UrlParams<U extends string> = { readonly [K in UrlParamNames<U>]: string }

export interface RouteCtx<B = unknown, Q = Record<string, unknown>, P = unknown> {
  readonly kernel: Kernel
  /** The caller and the company the request is for (routes of access 'public' and 'user' may have none: reading it then answers 400). */
  readonly actor: Actor
  /** Who is signed in (undefined only on public routes). */
  readonly auth: RequestAuth | undefined
  readonly req: FastifyRequest
  readonly reply: FastifyReply
  readonly params: P
  /** The query as the route's schema parsed it (defaults applied). */
  readonly query: Q
  /** The body as the route's schema parsed it; `unknown` when the route declares none. */
  readonly body: B
  /** Overrides the route's success status for this response (a dry run creates nothing). */
  status(code: number): void
}

export interface RouteSpec<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, U extends string = string> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path parameters (`:name`) are typed for the handler from this literal. */
  url: U
  tag: string
  summary: string
  /** Validated by Fastify before the handler runs, and described in the OpenAPI document. */
  body?: B
  query?: Q
  /** Prefix of error paths for query problems (default: none, as list parameters are the request). */
  queryPath?: ErrorPath
  /** Body media types taken besides application/json. */
  accepts?: ReadonlyArray<string>
  /** Keep the JSON body's bytes as sent (signature checks). */
  rawBody?: boolean
  /** The success status (201 for creates; 204 for handlers that answer nothing). */
  status?: number
  /** The success body, for the OpenAPI document only (answers are not re-validated). */
  response?: z.ZodType
  /** Media types of the file the route answers instead of JSON (for the OpenAPI document). */
  produces?: ReadonlyArray<string>
  bodyLimit?: number
  /** Who may call it; default 'member' (a member of the request's company). */
  access?: Access
  /** Requests per minute per IP (the auth endpoints). */
  perMinute?: number
  /** Bounds how many of these requests run at once (entered before the body is read). */
  gate?: RequestGate
  /** This route's answer compression, instead of the server's (see http/compression.ts). */
  compress?: RouteShorthandOptions['compress']
  /** Returns a value to send as JSON, a string that already is JSON, or undefined for 204. */
  handler(ctx: RouteCtx<Parsed<B, unknown>, Parsed<Q, Record<string, unknown>>, UrlParams<U>>): unknown
}

/**
 * One route, described once: the zod schemas validate the request (Fastify's validator), type
 * the handler's `body` and `query`, and become the OpenAPI document (through the swagger transform).
 */
export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, const U extends string = string>(
  app: FastifyInstance,
  kernel: Kernel,
  spec: RouteSpec<B, Q, U>,
): void {
  if (spec.query && spec.queryPath) reportQueryAt(spec.query, spec.queryPath)
  documentOperation(app, {
    method: spec.method,
    url: spec.url,
    status: spec.status ?? 200,
    response: spec.response,
    produces: spec.produces,
    gated: spec.gate !== undefined,
    access: spec.access,
    limited: spec.perMinute !== undefined,
  })
  const config = {
    ...(spec.accepts ? { accepts: spec.accepts } : {}),
    ...(spec.rawBody ? { rawBody: true } : {}),
    ...(spec.access ? { access: spec.access } : {}),
    ...(spec.perMinute ? { rateLimit: { max: spec.perMinute, timeWindow: 60_000 } } : {}),
  }
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    ...(spec.gate ? spec.gate.hooks() : {}),
    ...(spec.compress !== undefined ? { compress: spec.compress } : {}),
    config,
    schema: {
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.body ? { body: spec.body } : {}),
      ...(spec.query ? { querystring: spec.query } : {}),
    },
    handler: async (req, reply) => {
      let status = spec.status ?? 200
      const auth = req.auth
      const company = auth?.company
      // Each request gets a child container carrying who asks.
      // Who acts, for permission rules: the caller with their role (or whom an admin previews).
      const who = company ? await identityOf(kernel, req, { userId: auth.userId, role: company.role }, company.id) : undefined
      const actor = company && who ? resolve(kernel.requestScope({ userId: who.userId, companyId: company.id, role: who.role, origin: requestOrigin(req) }), refs.actor) : undefined
      const result = await spec.handler({
        status: (code: number) => {
          status = code
        },
        kernel,
        get actor(): Actor {
          if (!actor) throw hostCodes.HST_ERR_COMPANY_REQUIRED()
          return actor
        },
        auth,
        req,
        reply,
        // The router matched `spec.url`, so every parameter it names is there (as a string); the
        // validator replaced query and body with their schema's output (or left them untouched
        // where the route declares no schema): the one place the parsed types meet Fastify's.
        params: req.params as UrlParams<U>,
        query: (req.query ?? {}) as Parsed<Q, Record<string, unknown>>,
        body: req.body as Parsed<B, unknown>,
      })
      if (result === undefined) return reply.status(204).send()
      reply.status(status)
      // Record responses arrive as JSON text built by PostgreSQL: pass them through untouched.
      if (typeof result === 'string') return reply.type('application/json; charset=utf-8').send(result)
      return reply.send(result)
    },
  })
}

/** A boolean query parameter: `true`/`1` or `false`/`0` (anything else is refused). */
export const QueryBool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .optional()
  .transform((v) => v === true || v === 'true' || v === '1')

/** `?fieldKey=name|id`: whether record bodies and answers key fields by column name or id. */
export const FieldKeyQuery = z.object({ fieldKey: z.enum(['name', 'id']).default('name') })

/** The caller and company of a request the authenticator let through (routes outside `route()`). */
export function requestActor(req: FastifyRequest): Actor {
  const auth = req.auth
  if (!auth?.company) throw hostCodes.HST_ERR_COMPANY_REQUIRED()
  return { userId: auth.userId, companyId: auth.company.id, role: auth.company.role, origin: requestOrigin(req) }
}

/** Where a request came from, for the audit log: address (behind a trusted proxy, the client's), user agent, request id. */
export function requestOrigin(req: FastifyRequest): RequestOrigin {
  const ua = req.headers['user-agent']
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua : undefined, requestId: req.id }
}
