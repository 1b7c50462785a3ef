import { randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type ApiResponse, type TestServer } from '../support/test-server.ts'

/**
 * Every operation of the OpenAPI document answers 401 with a coded body to a caller without
 * credentials (or with dead ones), except the few that must work before signing in. The list of
 * those is pinned here: a new public endpoint has to be added to it on purpose.
 */
const PUBLIC_OPERATIONS = [
  'GET /api/auth/state',
  'GET /api/health',
  // Readiness for load balancers (503 while starting and draining).
  'GET /api/ready',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/signup',
  // The links of account mails and invitations: the one-time token in the body is the credential.
  'POST /api/auth/email/confirm',
  'POST /api/auth/magic-link',
  'POST /api/auth/magic-link/consume',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/confirm',
  'POST /api/auth/verify-email',
  'POST /api/invitations/accept',
  'POST /api/invitations/preview',
  // Incoming workflow webhooks: the secret in the URL (and the HMAC signature the trigger may ask for) is the credential.
  'POST /api/hooks/workflows/{workflowId}/{secret}',
]
/** Not in the OpenAPI document, public too: the document itself, its browsable pages, the web app's shell. */
const PUBLIC_PAGES = ['/api/openapi.json', '/api/docs', '/', '/apps/x/tables/y']

const CREDENTIALS: ReadonlyArray<[string, Record<string, string>]> = [
  ['none', {}],
  ['an unknown session cookie', { cookie: 'docpal_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; docpal_csrf=x', 'x-docpal-csrf': 'x' }],
  ['an unknown bearer token', { authorization: 'Bearer dpt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
  ['a malformed authorization header', { authorization: 'Basic b3duZXI6cGFzcw==' }],
]

let t: TestServer
let dist: string
beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'docpal-dist-'))
  await writeFile(join(dist, 'index.html'), '<!doctype html><html><body><div id="app"></div></body></html>')
  t = await startTestServer({ webDist: dist })
})
afterAll(async () => {
  await t?.close()
  await rm(dist, { recursive: true, force: true })
})

type Doc = { paths: Record<string, Record<string, { security?: unknown[] }>> }

/** A path with its parameters filled: random uuids (ids nobody has), or a plugin id for `{id}` of plugins. */
function fill(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => (path.startsWith('/api/plugins/') && name === 'id' ? 'field-text' : name === 'type' ? 'text' : randomUUID()))
}

function expectRefused(res: ApiResponse, what: string): void {
  expect([what, res.status]).toEqual([what, 401])
  expect(res.body?.error?.code, what).toBe('HST_ERR_AUTH_REQUIRED')
  expect(res.body.error.message, what).toMatch(/sign|session|token|Authorization/i)
  expect(Object.keys(res.body), what).toEqual(['error'])
}

describe('without valid credentials', () => {
  it('every operation of the OpenAPI document but the pinned public ones answers 401 with HST_ERR_AUTH_REQUIRED', async () => {
    // The document itself is public.
    const doc = (await t.anon('GET', '/api/openapi.json')).body as Doc
    const declaredPublic: string[] = []
    let checked = 0
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const name = `${method.toUpperCase()} ${path}`
        if (Array.isArray(op.security) && op.security.length === 0) declaredPublic.push(name)
        if (PUBLIC_OPERATIONS.includes(name)) continue
        const url = fill(path)
        for (const [how, headers] of CREDENTIALS) {
          const res = await t.anon(method.toUpperCase(), url, method === 'get' || method === 'delete' ? undefined : {}, headers)
          expectRefused(res, `${name} with ${how}`)
        }
        checked++
      }
    }
    expect(checked).toBeGreaterThan(60)
    // The document says the same: exactly these operations need no security scheme.
    expect(declaredPublic.sort()).toEqual([...PUBLIC_OPERATIONS].sort())
  })

  it('the public operations and pages answer without credentials', async () => {
    expect((await t.anon('GET', '/api/health')).body).toEqual({ status: 'ok' })
    expect((await t.anon('GET', '/api/ready')).body).toEqual({ status: 'ready' })
    expect((await t.anon('GET', '/api/auth/state')).body).toEqual({ hasAccounts: true, signupOpen: true })
    expect((await t.anon('POST', '/api/auth/login', {})).status).toBe(400)
    expect((await t.anon('POST', '/api/auth/signup', {})).status).toBe(400)
    expect((await t.anon('POST', '/api/auth/logout')).status).toBe(204)
    for (const page of PUBLIC_PAGES) expect([page, (await t.anon('GET', page)).status]).toEqual([page, 200])
    expect((await t.anon('GET', '/')).text).toContain('<div id="app"></div>')
  })

  it('routes outside the document are closed too: plugin routes, unknown /api paths, tricks on the public prefixes', async () => {
    // The owner's data is there to be leaked: one app exists.
    expect((await t.api('POST', '/api/apps', { name: 'Private app' })).status).toBe(201)
    for (const path of [
      '/api/plugins/field-text/anything',
      '/api/no-such-endpoint',
      '/api/docs/../apps',
      '/api/docs/..%2Fapps',
      '/api/health/../apps',
      '/API/apps',
      '/api/apps/',
      '/api//apps',
      '/api/apps?x=/api/docs',
    ]) {
      const res = await t.anon('GET', path)
      // Refused, unknown, or (a path the router does not read as /api) the web app's empty shell.
      const shell = res.status === 200 && res.text.includes('<div id="app"></div>')
      expect([path, res.status === 401 || res.status === 404 || shell]).toEqual([path, true])
      expect(res.text, path).not.toContain('Private app')
    }
  })
})
