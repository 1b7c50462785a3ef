import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStaleServer } from '../support/deaf-database.ts'
import { signIn } from '../support/sessions.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Sessions, tokens and memberships across server processes (issue 19): each process caches them
 * for 30 s. A logout, revocation or membership change committed through one process must count in
 * every other from the next request on. The second process here never hears notifications (it is
 * every process in the moment before one arrives), so only the per-request check of the person's
 * credentials version (`users.credentials_changed`, bumped by triggers) can end its entries: no
 * waiting, no retry. Before that check each of these was served by it for up to 30 s. PostgreSQL
 * only: PGlite has one process.
 */
describe.skipIf(DB_KIND !== 'postgres')('credentials across server processes', () => {
  let t: TestServer
  let stale: { url: string; close: () => Promise<void> }
  let companyId: string
  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000 })
    stale = await startStaleServer(t.db.url ?? '')
    companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId as string
  })
  afterAll(async () => {
    await stale?.close()
    await t?.close()
  })

  /** A request through the stale process with these headers: its status and body. */
  const there = async (path: string, headers: Record<string, string>) => {
    const r = await fetch(`${stale.url}${path}`, { headers })
    const text = await r.text()
    return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
  }
  /** Twice through the stale process, so its answer comes from its cache the second time. */
  const cached = async (path: string, headers: Record<string, string>) => {
    await there(path, headers)
    return there(path, headers)
  }

  it('a token revoked through one process is refused by the other at its next request', async () => {
    const made = await t.api('POST', '/api/auth/tokens', { name: 'script' })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    const bearer = { authorization: `Bearer ${made.body.token as string}` }
    expect((await cached('/api/auth/me', bearer)).status).toBe(200)
    expect((await t.api('DELETE', `/api/auth/tokens/${made.body.id as string}`)).status).toBe(204)
    const after = await there('/api/auth/me', bearer)
    expect(after.status).toBe(401)
    expect((after.body['error'] as { code: string }).code).toBe('HST_ERR_AUTH_REQUIRED')
  })

  it('a logout through one process ends the session in the other', async () => {
    const person = await t.signUp({ name: 'Leaving' })
    const cookie = { cookie: person.cookie }
    expect((await cached('/api/auth/me', cookie)).status).toBe(200)
    expect((await t.as(person)('POST', '/api/auth/logout')).status).toBe(204)
    expect((await there('/api/auth/me', cookie)).status).toBe(401)
  })

  it('a session ended from another of the person’s sessions is refused at once', async () => {
    const person = await t.signUp({ name: 'Two browsers' })
    const other = await signIn(t.url, { signup: false, email: person.email, password: person.password })
    expect((await cached('/api/auth/me', { cookie: other.cookie })).status).toBe(200)
    const sessions = (await t.as(person)('GET', '/api/auth/sessions')).body as Array<{ id: string; current: boolean }>
    const theOther = sessions.find((s) => !s.current)
    expect(theOther).toBeDefined()
    expect((await t.as(person)('DELETE', `/api/auth/sessions/${theOther?.id ?? ''}`)).status).toBe(204)
    expect((await there('/api/auth/me', { cookie: other.cookie })).status).toBe(401)
    // Their own session, checked in the same moment, stays.
    expect((await there('/api/auth/me', { cookie: person.cookie })).status).toBe(200)
  })

  it('a role change and a removal through one process count in the other at the next request', async () => {
    const member = await t.signUp({ name: 'Member' })
    const inv = await t.api('POST', `/api/companies/${companyId}/invitations`, { email: member.email, role: 'member' })
    expect(inv.status, JSON.stringify(inv.body)).toBe(201)
    const accepted = await t.as(member)('POST', '/api/invitations/accept', { code: inv.body.inviteCode as string })
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200)
    // Accepting may start a new session: sign in afresh.
    const session = await signIn(t.url, { signup: false, email: member.email, password: member.password })
    const inCompany = { cookie: session.cookie, 'x-docpal-company': companyId }
    // A member may not read the audit settings; the stale process caches the role.
    expect((await cached('/api/audit/settings', inCompany)).status).toBe(403)
    expect((await t.api('PATCH', `/api/companies/${companyId}/members/${member.userId}`, { role: 'admin' })).status).toBe(200)
    expect((await there('/api/audit/settings', inCompany)).status).toBe(200)
    expect((await t.api('DELETE', `/api/companies/${companyId}/members/${member.userId}`)).status).toBe(204)
    const gone = await there('/api/audit/settings', inCompany)
    expect((gone.body['error'] as { code: string }).code, JSON.stringify(gone.body)).toBe('HST_ERR_COMPANY_UNKNOWN')
  })

  it('a company switch through one process ends the old session secret in the other', async () => {
    const person = await t.signUp({ name: 'Switcher' })
    const second = await t.as(person)('POST', '/api/companies', { name: 'Second company' })
    expect(second.status, JSON.stringify(second.body)).toBe(201)
    const old = { cookie: person.cookie }
    const before = await cached('/api/auth/me', old)
    expect(before.status).toBe(200)
    const target = second.body.id as string
    expect(before.body['currentCompanyId']).not.toBe(target)
    const switched = await fetch(`${t.url}/api/auth/switch-company`, {
      method: 'POST',
      headers: { ...person.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ companyId: target }),
    })
    expect(switched.status).toBe(200)
    // Another company is another set of rights: the old secret is dead in every process.
    expect((await there('/api/auth/me', old)).status).toBe(401)
  })
})
