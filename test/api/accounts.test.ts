import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { LEGACY_DEMO } from '@docpal/kernel'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { setCookies, signIn } from '../support/sessions.ts'
import { sendAs } from '../support/rotated-session.ts'

/** The server as people meet it: sign up, log in, sessions, CSRF, tokens, roles and companies. */
describe('accounts on a fresh server', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ firstAccount: false, auth: { loginAttemptsPerEmail: 3, authRequestsPerIp: 1000 } })
  })
  afterAll(() => t.close())

  it('asks for the first account, and refuses the API until someone signs in', async () => {
    expect((await t.anon('GET', '/api/auth/state')).body).toEqual({ hasAccounts: false, signupOpen: true })
    const apps = await t.anon('GET', '/api/apps')
    expect(apps.status).toBe(401)
    expect(apps.body.error.code).toBe('HST_ERR_AUTH_REQUIRED')
    expect(apps.body.error.message).toMatch(/not signed in.*POST \/api\/auth\/login/)
    expect((await t.anon('GET', '/api/health')).status).toBe(200)
  })

  it('makes the first account the instance admin and owner of a first company; the cookie is HttpOnly and SameSite=Lax', async () => {
    const res = await fetch(`${t.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Ada@Example.com', password: 'analytical engine', name: 'Ada' }),
    })
    expect(res.status).toBe(201)
    const lines = res.headers.getSetCookie()
    const session = lines.find((l) => l.startsWith('docpal_session='))
    const csrf = lines.find((l) => l.startsWith('docpal_csrf='))
    expect(session).toMatch(/HttpOnly/i)
    expect(session).toMatch(/SameSite=Lax/i)
    expect(session).toMatch(/Path=\//)
    expect(session).not.toMatch(/Secure/i) // plain http here; https or a trusted proxy adds it
    expect(csrf).not.toMatch(/HttpOnly/i)
    const body = (await res.json()) as { user: Record<string, unknown> }
    expect(body.user).toMatchObject({ email: 'Ada@Example.com', name: 'Ada', isInstanceAdmin: true, emailVerified: false })
    expect(JSON.stringify(body)).not.toMatch(/argon|password/i)

    const ada = await signIn(t.url, { signup: false, email: 'ada@example.com', password: 'analytical engine' })
    const me = await t.as(ada)('GET', '/api/auth/me')
    expect(me.body.companies).toEqual([expect.objectContaining({ name: "Ada's company", role: 'owner' })])
    expect(me.body.currentCompanyId).toBe(me.body.companies[0].id)
    expect((await t.anon('GET', '/api/auth/state')).body).toEqual({ hasAccounts: true, signupOpen: true })
  })

  it('stores the password as argon2id with the documented parameters, and never the session or token secrets', async () => {
    const rows = await t.db.db.query<{ h: string }>(sql`select password_hash as h from users where lower(email) = 'ada@example.com'`)
    expect(rows[0]!.h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    const ada = await signIn(t.url, { signup: false, email: 'ada@example.com', password: 'analytical engine' })
    const token = (await t.as(ada)('POST', '/api/auth/tokens', { name: 'script' })).body.token as string
    const stored = await t.db.db.query<{ s: string }>(
      sql`select string_agg(token_hash, ',') as s from (select token_hash from sessions union all select token_hash from api_tokens) x`,
    )
    expect(stored[0]!.s).not.toContain(ada.secret)
    expect(stored[0]!.s).not.toContain(token)
  })

  it('answers a wrong password and an unknown email alike, and counts failures per email (429)', async () => {
    const wrong = await t.anon('POST', '/api/auth/login', { email: 'ada@example.com', password: 'difference engine' })
    const unknown = await t.anon('POST', '/api/auth/login', { email: 'nobody@example.com', password: 'difference engine' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
    expect(wrong.body.error.code).toBe('HST_ERR_AUTH_BAD_CREDENTIALS')
    // Limit 3 per email: two more failures reach it; then even the right password waits.
    await t.anon('POST', '/api/auth/login', { email: 'ADA@example.com', password: 'x' })
    await t.anon('POST', '/api/auth/login', { email: 'ada@example.com', password: 'y' })
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'analytical engine' }),
    })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('HST_ERR_RATE_LIMITED')
  })

  it('refuses bad sign-ups with the field at fault, and creates no second account with the same email (any case)', async () => {
    const short = await t.anon('POST', '/api/auth/signup', { email: 'b@example.com', password: 'short', name: 'B' })
    expect(short.status).toBe(400)
    expect(short.body.error.path).toEqual(['password'])
    const email = await t.anon('POST', '/api/auth/signup', { email: 'not-an-email', password: 'long enough', name: 'B' })
    expect(email.body.error.path).toEqual(['email'])
    // A taken address (any case) answers like a new account, but creates none and signs nobody in
    // (test/api/account-flows.test.ts follows the mail its owner gets).
    const dup = await fetch(`${t.url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ADA@example.com', password: 'long enough', name: 'B' }),
    })
    expect(dup.status).toBe(201)
    expect(dup.headers.getSetCookie()).toEqual([])
    const users = await t.db.db.query<{ n: number }>(sql`select count(*)::int as n from users where lower(email) = 'ada@example.com'`)
    expect(users[0]?.n).toBe(1)
  })
})

describe('sessions, CSRF, tokens, roles and companies', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer()
  })
  afterAll(() => t.close())

  it('refuses a cookie-borne write without the CSRF header, or with a wrong one; reads need none', async () => {
    const noHeader = await t.anon('POST', '/api/apps', { name: 'X' }, { cookie: t.owner.cookie })
    expect(noHeader.status).toBe(403)
    expect(noHeader.body.error.code).toBe('HST_ERR_CSRF')
    const wrong = await t.anon('POST', '/api/apps', { name: 'X' }, { cookie: t.owner.cookie, 'x-docpal-csrf': 'A'.repeat(43) })
    expect(wrong.body.error.code).toBe('HST_ERR_CSRF')
    expect((await t.anon('GET', '/api/apps', undefined, { cookie: t.owner.cookie })).status).toBe(200)
    expect((await t.api('POST', '/api/apps', { name: 'X' })).status).toBe(201)
  })

  it('rotates the session at login (the old cookie ends) and ends it at logout', async () => {
    const first = await signIn(t.url, { signup: false, email: t.owner.email, password: t.owner.password })
    // Logging in again from the same browser (its cookie sent along) ends that browser's old session.
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first.cookie },
      body: JSON.stringify({ email: t.owner.email, password: t.owner.password }),
    })
    expect(res.status).toBe(200)
    const fresh = setCookies(res).get('docpal_session')
    expect(fresh).toBeDefined()
    expect(fresh).not.toBe(first.secret)
    const old = await t.as(first)('GET', '/api/apps')
    expect(old.status).toBe(401)
    expect(old.body.error.message).toMatch(/session has ended/)

    const second = await signIn(t.url, { signup: false, email: t.owner.email, password: t.owner.password })
    expect((await t.as(second)('POST', '/api/auth/logout')).status).toBe(204)
    expect((await t.as(second)('GET', '/api/apps')).status).toBe(401)
  })

  it('lists sessions, revokes one, and logs out everywhere else', async () => {
    const p = await t.signUp({ name: 'Lin' })
    const login = () => signIn(t.url, { signup: false, email: p.email, password: p.password })
    const a = await login()
    const b = await login()
    const list = await t.as(a)('GET', '/api/auth/sessions')
    expect(list.body).toHaveLength(3) // sign-up's, a and b
    expect(list.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1)
    const bId = (await t.as(b)('GET', '/api/auth/sessions')).body.find((s: { current: boolean }) => s.current).id
    expect((await t.as(a)('DELETE', `/api/auth/sessions/${bId}`)).status).toBe(204)
    expect((await t.as(b)('GET', '/api/apps')).status).toBe(401)
    expect((await t.as(a)('DELETE', `/api/auth/sessions/${bId}`)).body.error.code).toBe('HST_ERR_SESSION_UNKNOWN')
    expect((await t.as(a)('DELETE', '/api/auth/sessions/not-a-uuid')).status).toBe(404)
    // Another person's session cannot be ended by id.
    const ownerSessions = (await t.api('GET', '/api/auth/sessions')).body as Array<{ id: string }>
    expect((await t.as(a)('DELETE', `/api/auth/sessions/${ownerSessions[0]!.id}`)).status).toBe(404)
    expect((await t.api('GET', '/api/apps')).status).toBe(200)

    const c = await login()
    const everywhere = await t.as(a)('DELETE', '/api/auth/sessions')
    expect(everywhere.body.ended).toBe(2) // c and the sign-up's
    expect((await t.as(c)('GET', '/api/apps')).status).toBe(401)
    expect((await t.as(p)('GET', '/api/apps')).status).toBe(401)
    expect((await t.as(a)('GET', '/api/apps')).status).toBe(200)
  })

  it('issues personal API tokens shown once, honours read-only and company scopes, and revokes them at once', async () => {
    const me = await signIn(t.url, { signup: false, email: t.owner.email, password: t.owner.password })
    const as = t.as(me)
    const made = await as('POST', '/api/auth/tokens', { name: 'CI script' })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ name: 'CI script', scopes: ['read', 'write'], companyIds: null, expiresAt: null })
    expect(made.body.token).toMatch(/^dpt_[A-Za-z0-9_-]{43}$/)
    const bearer = { authorization: `Bearer ${made.body.token}` }
    expect((await t.anon('POST', '/api/apps', { name: 'By token' }, bearer)).status).toBe(201) // no CSRF for tokens
    const listed = await as('GET', '/api/auth/tokens')
    expect(listed.text).not.toContain(made.body.token)
    expect(listed.body[0].lastUsedAt).not.toBeNull()

    const readOnly = await as('POST', '/api/auth/tokens', { name: 'reader', scopes: ['read'] })
    const ro = { authorization: `Bearer ${readOnly.body.token}` }
    expect((await t.anon('GET', '/api/apps', undefined, ro)).status).toBe(200)
    const refused = await t.anon('POST', '/api/apps', { name: 'No' }, ro)
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('HST_ERR_TOKEN_READ_ONLY')

    expect((await t.anon('GET', '/api/apps', undefined, { authorization: 'Bearer dpt_nonsense' })).body.error.code).toBe('HST_ERR_AUTH_REQUIRED')
    expect((await t.anon('GET', '/api/apps', undefined, { authorization: 'Basic abc' })).status).toBe(401)
    expect((await as('POST', '/api/auth/tokens', { name: 'old', expiresAt: '2001-01-01T00:00:00Z' })).body.error.path).toEqual(['expiresAt'])

    expect((await as('DELETE', `/api/auth/tokens/${made.body.id}`)).status).toBe(204)
    expect((await t.anon('GET', '/api/apps', undefined, bearer)).status).toBe(401)
  })

  it("keeps each person's company apart: another company's app is 404, its id in X-DocPal-Company is refused", async () => {
    const mine = await t.api('POST', '/api/apps', { name: 'Owner app' })
    const bob = await t.signUp({ name: 'Bob' })
    const bobMe = await t.as(bob)('GET', '/api/auth/me')
    expect(bobMe.body.user.isInstanceAdmin).toBe(false)
    expect(bobMe.body.companies).toEqual([expect.objectContaining({ name: "Bob's company", role: 'owner' })])
    const notHis = await t.as(bob)('GET', `/api/apps/${mine.body.id}`)
    expect(notHis.status).toBe(404)
    // Not a member of its company: nothing says where it is.
    expect(notHis.body.error.details).toBeUndefined()
    expect((await t.as(bob)('GET', '/api/apps')).body.map((a: { name: string }) => a.name)).not.toContain('Owner app')
    const ownerCompany = (await t.api('GET', '/api/auth/me')).body.currentCompanyId
    const foreign = await t.as(bob)('GET', '/api/apps', undefined, { 'x-docpal-company': ownerCompany })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('HST_ERR_COMPANY_UNKNOWN')
    // The user picker lists members of the caller's company only.
    expect((await t.as(bob)('GET', '/api/users')).body.map((u: { name: string }) => u.name)).toEqual(['Bob'])
  })

  it('lets members work with records but not change the schema; only instance admins manage plugins', async () => {
    const app = await t.api('POST', '/api/apps', { name: 'Shared' })
    const table = await t.api('POST', `/api/apps/${app.body.id}/tables`, { name: 'Notes', columns: [{ name: 'Title', type: 'text' }] })
    const mia = await t.signUp({ name: 'Mia' })
    const companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId as string
    // Invitations arrive with their endpoints; until then the membership is made directly.
    await t.db.db.query(sql`insert into company_members (company_id, user_id, role) values (${companyId}::uuid, ${mia.userId}::uuid, 'member')`)
    const asMia = t.as(mia)
    const inCompany = { 'x-docpal-company': companyId }
    expect((await asMia('POST', `/api/tables/${table.body.id}/records`, { fields: { Title: 'hi' } }, inCompany)).status).toBe(201)
    const refused = await asMia('POST', '/api/apps', { name: 'Mine' }, inCompany)
    expect(refused.status).toBe(403)
    expect(refused.body.error).toMatchObject({ code: 'HST_ERR_FORBIDDEN' })
    expect(refused.body.error.message).toMatch(/owners and admins/)
    expect((await asMia('POST', `/api/tables/${table.body.id}/columns`, { name: 'X', type: 'text' }, inCompany)).status).toBe(403)
    expect((await asMia('DELETE', `/api/tables/${table.body.id}`, undefined, inCompany)).status).toBe(403)
    const plugin = await asMia('POST', '/api/plugins/field-email/disable', undefined, inCompany)
    expect(plugin.status).toBe(403)
    expect(plugin.body.error.message).toMatch(/instance admins/)
    expect((await asMia('POST', '/api/plugins/install', undefined, inCompany)).status).toBe(403)
    expect((await asMia('GET', '/api/metrics')).status).toBe(403)
    expect((await t.api('GET', '/api/metrics')).status).toBe(200)
    // A link to the shared app while her session is in her own company: the 404 names the company
    // she also belongs to, so the web app offers to switch; a token learns nothing of it.
    const elsewhere = await asMia('GET', `/api/apps/${app.body.id}`)
    expect(elsewhere.status).toBe(404)
    expect(elsewhere.body.error.details).toEqual({ otherCompany: { id: companyId, name: expect.any(String) } })
    const token = (await asMia('POST', '/api/auth/tokens', { name: 'script' })).body.token as string
    const hers = (await asMia('GET', '/api/auth/me')).body.currentCompanyId as string
    const byToken = await t.anon('GET', `/api/apps/${app.body.id}`, undefined, { authorization: `Bearer ${token}`, 'x-docpal-company': hers })
    expect(byToken.status).toBe(404)
    expect(byToken.body.error.details).toBeUndefined()
    // Switching the session to the shared company makes it the default.
    // Switching is a privilege change: the session gets a new secret and the old one dies.
    const switched = await sendAs(t.url, mia, 'POST', '/api/auth/switch-company', { companyId })
    expect(switched.body.currentCompanyId).toBe(companyId)
    expect(switched.rotated).toBe(true)
    expect((await asMia('GET', '/api/auth/me')).status).toBe(401)
    expect((await t.as(switched.session)('GET', `/api/tables/${table.body.id}/records`)).status).toBe(200)
  })
})

describe('session expiry and invitation-only sign-up', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ auth: { sessionMaxMs: 1500, signup: 'invite' } })
  })
  afterAll(() => t.close())

  it('ends a session at its absolute expiry', async () => {
    const s = await signIn(t.url, { signup: false, email: t.owner.email, password: t.owner.password })
    expect((await t.as(s)('GET', '/api/apps')).status).toBe(200)
    await new Promise((r) => setTimeout(r, 1700))
    const after = await t.as(s)('GET', '/api/apps')
    expect(after.status).toBe(401)
    expect(after.body.error.message).toMatch(/session has ended/)
  })

  it('refuses sign-up after the first account when DOCPAL_SIGNUP=invite', async () => {
    expect((await t.anon('GET', '/api/auth/state')).body).toEqual({ hasAccounts: true, signupOpen: false })
    const res = await t.anon('POST', '/api/auth/signup', { email: 'late@example.com', password: 'long enough', name: 'Late' })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('HST_ERR_SIGNUP_CLOSED')
  })
})

describe('the first account of a database made before accounts', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ firstAccount: false })
  })
  afterAll(() => t.close())

  it('takes over the demo company with its apps and the demo user (old createdBy values are this person)', async () => {
    await t.db.db.query(sql`insert into companies (id, name, slug) values (${LEGACY_DEMO.companyId}::uuid, 'Default company', 'default-company')`)
    await t.db.db.query(sql`insert into users (id, name, email) values (${LEGACY_DEMO.userId}::uuid, 'Demo User', 'demo@docpal.local')`)
    await t.db.db.query(sql`insert into company_members (company_id, user_id, role) values (${LEGACY_DEMO.companyId}::uuid, ${LEGACY_DEMO.userId}::uuid, 'admin')`)
    await t.db.db.query(sql`insert into apps (company_id, name, created_by) values (${LEGACY_DEMO.companyId}::uuid, 'Old app', ${LEGACY_DEMO.userId}::uuid)`)
    const owner = await signIn(t.url, { signup: true, name: 'Grace', email: 'grace@example.com' })
    expect(owner.userId).toBe(LEGACY_DEMO.userId)
    const me = await t.as(owner)('GET', '/api/auth/me')
    expect(me.body.user).toMatchObject({ name: 'Grace', email: 'grace@example.com', isInstanceAdmin: true })
    expect(me.body.companies).toEqual([expect.objectContaining({ id: LEGACY_DEMO.companyId, role: 'owner' })])
    expect((await t.as(owner)('GET', '/api/apps')).body.map((a: { name: string }) => a.name)).toEqual(['Old app'])
  })
})
