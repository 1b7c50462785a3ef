import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Access } from '../auth/request-auth.ts'

/** What the OpenAPI document says of one operation beyond its request schemas. */
export interface OperationDoc {
  readonly method: string
  readonly url: string
  readonly status: number
  readonly response?: z.ZodType | undefined
  /** Runs behind a concurrency gate: may answer 429. */
  readonly gated?: boolean
  /** Who may call it (default 'member'): public operations need no credentials. */
  readonly access?: Access | undefined
  /** Rate-limited (the auth endpoints): may answer 429. */
  readonly limited?: boolean
  /** Media types of a file the route answers instead of JSON (exports). */
  readonly produces?: ReadonlyArray<string> | undefined
}

type Json = Record<string, unknown>
const docs = new WeakMap<FastifyInstance, OperationDoc[]>()

export function documentOperation(app: FastifyInstance, doc: OperationDoc): void {
  const list = docs.get(app) ?? []
  list.push(doc)
  docs.set(app, list)
}

/** `/api/tables/:id/records` -> `/api/tables/{id}/records`, as the document names paths. */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}')
}

/** `GET /api/tables/:tableId/records/:recordId` -> `getTablesByTableIdRecordsByRecordId`: unique, stable. */
export function operationId(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '')
    .split('/')
    .map((s) => (s.startsWith(':') ? `By-${s.slice(1)}` : s))
    .flatMap((s) => s.split(/[-_.]/))
    .filter(Boolean)
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')
}

const ERROR = {
  type: 'object',
  description: 'Every error answer: a stable code, a message a person can act on, the path of the input at fault where there is one.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['KRN_ERR_VALIDATION'] },
        message: { type: 'string' },
        path: { type: 'array', items: { type: ['string', 'number'] } },
        details: {},
      },
    },
  },
} as const

type ErrorName = 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'Conflict' | 'TooLarge' | 'UnsupportedMediaType' | 'Unprocessable' | 'Busy' | 'ServerError'

const ERRORS: Record<ErrorName, { status: string; description: string }> = {
  BadRequest: { status: '400', description: 'The request is malformed or a value is invalid (see error.path).' },
  Unauthorized: { status: '401', description: 'No valid session cookie or API token (or it expired or was revoked).' },
  Forbidden: { status: '403', description: "Not the caller's right (role, read-only token), a write without the CSRF header, or a write sent by a page of another origin." },
  NotFound: { status: '404', description: 'No such resource (or it belongs to another company).' },
  Conflict: { status: '409', description: 'Conflicts with the current state or a concurrent change; see the code.' },
  TooLarge: { status: '413', description: 'The body is larger than the route allows.' },
  UnsupportedMediaType: { status: '415', description: 'The body is not JSON (or the declared type of the route).' },
  Unprocessable: { status: '422', description: 'Understood but not done: a lossy change without force, a statement timeout, an answer too large.' },
  Busy: { status: '429', description: 'Too many such requests run or wait (or too many attempts); retry after Retry-After seconds.' },
  ServerError: { status: '500', description: 'A fault of the server or of a plugin; the code names which.' },
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const TAGS: Record<string, string> = {
  apps: 'Apps: the containers of tables, views and folders, with their menu.',
  folders: "Folders of an app's menu and the items in them.",
  tables: 'Dynamic tables (real PostgreSQL tables) and their columns: planned schema changes, archive, restore, purge, compaction.',
  records: 'Records of a table: create, read, update, delete, bulk insert, and queries with filter, sort, fields, paging and counts.',
  views: 'Saved views (table, kanban, calendar, gantt, ...) of a table and their data.',
  plugins: 'Plugins: list, enable, disable, settings, install from an archive or the catalog, update, uninstall.',
  types: 'What enabled plugins contribute: field types, view types, widgets, workflow steps.',
  users: "The company's users.",
  auth: 'Accounts: sign-up, login, logout, the signed-in person, sessions and personal API tokens.',
  health: 'Readiness and process counters.',
  workflows: 'Workflows: definitions and versions, runs step by step (retry, cancel), manual and test runs, and the task inbox of approvals and forms.',
}

function errorsOf(d: OperationDoc): ErrorName[] {
  const out: ErrorName[] = ['BadRequest']
  const open = d.access === 'public'
  if (!open) out.push('Unauthorized')
  if (WRITES.has(d.method) || !open) out.push('Forbidden')
  if (d.url.includes(':')) out.push('NotFound')
  if (WRITES.has(d.method)) out.push('Conflict', 'TooLarge', 'UnsupportedMediaType')
  out.push('Unprocessable')
  if (d.gated || d.limited) out.push('Busy')
  out.push('ServerError')
  return out
}

/** `#/$defs/X` (zod's place for a schema named by `.meta({ id })`) -> `#/components/schemas/X`. */
function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, '#/components/schemas/') : toComponentRefs(v)]),
  )
}

/**
 * A success answer's body schema. A response schema named with `.meta({ id: 'Workflow' })` is
 * written once under `components.schemas` (into `named`) and referenced, so every operation that
 * answers it gives a generated client the same type; two different schemas under one name fail the build.
 */
function successOf(d: OperationDoc, named: Record<string, unknown>): Json {
  if (d.status === 204) return { description: 'Done; no body.' }
  if (d.produces) return { description: 'The file', content: Object.fromEntries(d.produces.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) }
  let schema: Json = { description: 'JSON' }
  if (d.response) {
    const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(d.response, { target: 'draft-2020-12', unrepresentable: 'any', io: 'output' })
    for (const [id, def] of Object.entries($defs ?? {})) {
      const component = toComponentRefs(def)
      if (id in named && JSON.stringify(named[id]) !== JSON.stringify(component))
        throw new Error(`OpenAPI: two different response schemas are named '${id}' (${d.method} ${d.url})`)
      named[id] = component
    }
    schema = toComponentRefs(rest) as Json
  }
  return { description: d.status === 201 ? 'Created' : 'OK', content: { 'application/json': { schema } } }
}

/**
 * Completes the document @fastify/swagger builds from the routes' zod request schemas: for each
 * operation an operationId, its success answer (status and body schema) and every error status
 * it can answer, all in the one error shape (a shared component); servers and tags. Built once.
 */
export function completeDocument(app: FastifyInstance, generated: Json, opts: { publicUrl?: string | undefined }): Json {
  const paths = (generated['paths'] ?? {}) as Record<string, Record<string, Json>>
  const named: Record<string, unknown> = {}
  for (const d of docs.get(app) ?? []) {
    const op = paths[openApiPath(d.url)]?.[d.method.toLowerCase()]
    if (!op) continue
    op['operationId'] = operationId(d.method, d.url)
    if (d.access === 'public') op['security'] = []
    op['responses'] = {
      [String(d.status)]: successOf(d, named),
      ...Object.fromEntries(errorsOf(d).map((name) => [ERRORS[name].status, { $ref: `#/components/responses/${name}` }])),
    }
  }
  const components = (generated['components'] ?? {}) as Json
  return {
    ...generated,
    servers: [{ url: opts.publicUrl ?? '/', description: 'This DocPal server' }],
    // Every operation needs one of the two unless it says `security: []` (health, login, sign-up).
    security: [{ sessionCookie: [] }, { bearerToken: [] }],
    tags: [...new Set(Object.values(paths).flatMap((p) => Object.values(p).flatMap((o) => (o['tags'] as string[] | undefined) ?? [])))]
      .sort()
      .map((name) => ({ name, description: TAGS[name] ?? name })),
    components: {
      ...components,
      schemas: { ...((components['schemas'] as Json | undefined) ?? {}), ...named, Error: ERROR },
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'docpal_session',
          description: 'Set by POST /api/auth/login or /signup. Writes also need the X-DocPal-CSRF header (the docpal_csrf cookie).',
        },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (POST /api/auth/tokens), as "Authorization: Bearer <token>".' },
      },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([name, e]) => [name, { description: e.description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
      ),
    },
  }
}
