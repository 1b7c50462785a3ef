import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuthSettings, ServerConfig } from '@docpal/host-server'
import { startSecondServer } from '../support/second-server.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Rate limits shared by server processes (issue 19): requests spread over two processes on one
 * PostgreSQL count together, in PostgreSQL's rate_counters or, with REDIS_URL, in Redis. Before,
 * each process counted its own, so two let through twice the limit.
 */
const auth: Partial<AuthSettings> = { authRequestsPerIp: 4, loginAttemptsPerEmail: 3 }
// Redis outlives test runs and may be shared: a fresh key prefix per run.
const REDIS: Partial<ServerConfig> = { redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', redisPrefix: `docpal-test-${randomBytes(4).toString('hex')}:` }

describe.skipIf(DB_KIND !== 'postgres').each<[string, Partial<ServerConfig>]>([
  ['PostgreSQL', {}],
  ['Redis', REDIS],
])('rate limits across server processes, counted in %s', (_where, extra) => {
  let t: TestServer
  const servers: Array<Awaited<ReturnType<typeof startSecondServer>>> = []
  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000 })
    // Two processes of their own on the test database, with small limits, counting where `extra` says.
    for (let i = 0; i < 2; i++) servers.push(await startSecondServer(t, { auth, ...extra }))
  })
  afterAll(async () => {
    for (const s of servers) await s.close()
    await t?.close()
  })

  const post = async (base: string, path: string, body: unknown) => {
    const r = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const text = await r.text()
    return { status: r.status, code: text ? (JSON.parse(text) as { error?: { code?: string } }).error?.code : undefined }
  }
  /** Request i goes to process i mod 2. */
  const spread = (i: number) => servers[i % 2]!.url

  it('the per-IP limit of an auth route is reached by requests spread over both processes', async () => {
    // Bodies that fail validation still count: the limit comes before the body is read. (The
    // magic-link route: the test server's own sign-up counted on the sign-up route's key.)
    const answers = []
    for (let i = 0; i < 5; i++) answers.push((await post(spread(i), '/api/auth/magic-link', {})).status)
    // Each process saw at most 3 requests: only a shared count reaches the limit of 4.
    expect(answers).toEqual([400, 400, 400, 400, 429])
  })

  it('failed logins of one email count together across both processes', async () => {
    const login = (i: number) => post(spread(i), '/api/auth/login', { email: 'nobody@example.com', password: 'wrong-password' })
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await login(i))
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429])
    expect(answers[3]!.code).toBe('HST_ERR_RATE_LIMITED')
  })
})
