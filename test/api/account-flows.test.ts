import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { startTestServer, type ApiResponse, type TestServer } from '../support/test-server.ts'
import { firstLink, startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts'
import { setCookies, signIn, type TestSession } from '../support/sessions.ts'

/** The token at the end of a link from a mail: `<base>/<page>/<token>`. */
function tokenOf(link: string, page: string): string {
  const m = new RegExp(`/${page}/([^/?#\\s]+)$`).exec(link)
  if (!m?.[1]) throw new Error(`${link} is no /${page}/<token> link`)
  return decodeURIComponent(m[1])
}

/** A session from the Set-Cookie of a link-consuming answer. */
function sessionFrom(res: Response, userId: string, email: string): TestSession {
  const c = setCookies(res)
  const secret = c.get('docpal_session') ?? ''
  const csrf = c.get('docpal_csrf') ?? ''
  const cookie = `docpal_session=${secret}; docpal_csrf=${csrf}`
  return { userId, email, password: '', cookie, csrf, secret, headers: { cookie, 'x-docpal-csrf': csrf } }
}

async function post(t: TestServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(t.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
}

describe('account flows over a real SMTP server', () => {
  let t: TestServer
  let sink: SmtpSink
  beforeAll(async () => {
    sink = await startSmtpSink()
    t = await startTestServer({ mail: { smtp: { url: sink.url }, from: 'DocPal <docpal@example.com>', timeoutMs: 3000 }, auth: { authRequestsPerIp: 10_000 } })
  })
  afterAll(async () => {
    await t.close()
    await sink.close()
  })

  it('sign-up mails a verification link; following it verifies the address, once', async () => {
    const ada = await signIn(t.url, { signup: true, name: 'Ada', email: 'ada@example.com' })
    expect((await t.as(ada)('GET', '/api/auth/me')).body.user.emailVerified).toBe(false)
    const mail = await sink.next('ada@example.com')
    expect(mail.subject).toBe('Confirm your email address for DocPal')
    const link = firstLink(mail)
    expect(link.startsWith(`${t.url}/verify-email/dpm_`)).toBe(true)
    const token = tokenOf(link, 'verify-email')
    const res = await t.anon('POST', '/api/auth/verify-email', { token })
    expect(res.status).toBe(200)
    expect(res.body.user).toMatchObject({ email: 'ada@example.com', emailVerified: true })
    expect((await t.as(ada)('GET', '/api/auth/me')).body.user.emailVerified).toBe(true)
    const again = await t.anon('POST', '/api/auth/verify-email', { token })
    expect(again.status).toBe(400)
    expect(again.body.error).toMatchObject({ code: 'HST_ERR_LINK_INVALID', path: ['token'] })
    // Only hashes are stored.
    const stored = await t.db.db.query<{ n: number }>(sql`select count(*)::int as n from account_tokens where token_hash = ${token}`)
    expect(stored[0]?.n).toBe(0)
  })

  it('sends the verification mail again on request; the earlier link stops working', async () => {
    const bo = await signIn(t.url, { signup: true, name: 'Bo', email: 'bo@example.com' })
    const first = tokenOf(firstLink(await sink.next('bo@example.com')), 'verify-email')
    const res = await t.as(bo)('POST', '/api/auth/verify-email/resend')
    expect(res.status).toBe(202)
    expect(res.body.sent).toBe(true)
    const second = tokenOf(firstLink(await sink.next('bo@example.com')), 'verify-email')
    expect((await t.anon('POST', '/api/auth/verify-email', { token: first })).status).toBe(400)
    expect((await t.anon('POST', '/api/auth/verify-email', { token: second })).status).toBe(200)
    expect((await t.as(bo)('POST', '/api/auth/verify-email/resend')).body).toMatchObject({ sent: false })
  })

  it('signs in with a magic link: a new session, single use', async () => {
    const res = await t.anon('POST', '/api/auth/magic-link', { email: 'ADA@example.com' })
    expect(res.status).toBe(202)
    const mail = await sink.next('ada@example.com')
    expect(mail.subject).toBe('Your DocPal sign-in link')
    const token = tokenOf(firstLink(mail), 'magic')
    const consumed = await post(t, '/api/auth/magic-link/consume', { token })
    expect(consumed.status).toBe(200)
    const body = (await consumed.json()) as { user: { id: string; email: string } }
    const session = sessionFrom(consumed, body.user.id, body.user.email)
    expect((await t.as(session)('GET', '/api/auth/me')).body.user.email).toBe('ada@example.com')
    expect((await post(t, '/api/auth/magic-link/consume', { token })).status).toBe(400)
  })

  it('answers magic-link and reset requests alike for known and unknown addresses', async () => {
    for (const path of ['/api/auth/magic-link', '/api/auth/password-reset']) {
      const known = await t.anon('POST', path, { email: 'bo@example.com' })
      const unknown = await t.anon('POST', path, { email: 'nobody-here@example.com' })
      expect(unknown.status).toBe(known.status)
      expect(unknown.text).toBe(known.text)
    }
    await sink.next('bo@example.com')
    await sink.next('bo@example.com')
    // No timed assertion (a loaded CI machine makes any bound flaky): the mail to a known address
    // goes out after the answer (see auth-links.ts), so the answer itself has no SMTP round trip.
    for (let i = 0; i < 3; i++) {
      const known = await t.anon('POST', '/api/auth/password-reset', { email: 'ada@example.com' })
      const unknown = await t.anon('POST', '/api/auth/password-reset', { email: `ghost${String(i)}@example.com` })
      expect([known.status, known.text]).toEqual([unknown.status, unknown.text])
    }
    for (let i = 0; i < 3; i++) await sink.next('ada@example.com')
  })

  it('answers a sign-up with a taken address like a new one, without a session, and mails the address owner', async () => {
    const owner = await signIn(t.url, { signup: true, name: 'Olga', email: 'olga@example.com', password: 'olga password' })
    await sink.next('olga@example.com')
    const fresh = await post(t, '/api/auth/signup', { email: 'fresh@example.com', password: 'fresh password', name: 'Fresh' })
    await sink.next('fresh@example.com')
    const taken = await post(t, '/api/auth/signup', { email: 'OLGA@example.com', password: 'mallory password', name: 'Mallory' })
    expect(taken.status).toBe(201)
    expect(taken.status).toBe(fresh.status)
    const freshUser = ((await fresh.json()) as { user: Record<string, unknown> }).user
    const takenBody = (await taken.json()) as { user: Record<string, unknown> }
    expect(Object.keys(takenBody)).toEqual(['user'])
    expect(Object.keys(takenBody.user).sort()).toEqual(Object.keys(freshUser).sort())
    for (const [key, value] of Object.entries(freshUser)) expect(typeof takenBody.user[key], key).toBe(typeof value)
    expect(takenBody.user).toMatchObject({ email: 'OLGA@example.com', name: 'Mallory', avatar: null, isInstanceAdmin: false, emailVerified: false })
    expect(takenBody.user['id']).not.toBe(owner.userId)
    // No session for whoever tried: no cookie at all.
    expect(setCookies(fresh).has('docpal_session')).toBe(true)
    expect(taken.headers.getSetCookie()).toEqual([])
    const mail = await sink.next('olga@example.com')
    expect(mail.subject).toBe('Someone tried to sign up to DocPal with your address')
    expect(mail.text).toContain('Hello Olga,')
    expect(mail.text).toMatch(/At \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC someone tried/)
    expect(mail.text).toContain('Forgot your password?')
    expect(firstLink(mail)).toBe(`${t.url}/login`)
    // The account is as it was: its password signs in, the one typed at sign-up does not.
    expect((await t.anon('POST', '/api/auth/login', { email: 'olga@example.com', password: 'mallory password' })).status).toBe(401)
    expect((await t.anon('POST', '/api/auth/login', { email: 'olga@example.com', password: 'olga password' })).body.user).toMatchObject({ id: owner.userId, name: 'Olga' })
    // In the language the request asks for.
    await t.anon('POST', '/api/auth/signup', { email: 'olga@example.com', password: 'mallory password', name: 'M' }, { 'accept-language': 'zh-CN' })
    const zh = await sink.next('olga@example.com')
    expect(zh.subject).toBe('有人尝试用您的邮箱地址注册 DocPal')
    expect(zh.text).toContain('忘记密码')
  })

  it('resets a password through the mailed link: old sessions end, the old password stops working', async () => {
    const cy = await signIn(t.url, { signup: true, name: 'Cy', email: 'cy@example.com', password: 'old password 1' })
    await sink.next('cy@example.com')
    const otherBrowser = await signIn(t.url, { signup: false, email: 'cy@example.com', password: 'old password 1' })
    expect((await t.anon('POST', '/api/auth/password-reset', { email: 'cy@example.com' })).status).toBe(202)
    const mail = await sink.next('cy@example.com')
    expect(mail.subject).toBe('Reset your DocPal password')
    const token = tokenOf(firstLink(mail), 'reset-password')
    const short = await t.anon('POST', '/api/auth/password-reset/confirm', { token, password: 'short' })
    expect(short.status).toBe(400)
    const res = await post(t, '/api/auth/password-reset/confirm', { token, password: 'new password 22' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { endedSessions: number }).endedSessions).toBe(2)
    for (const s of [cy, otherBrowser]) expect((await t.as(s)('GET', '/api/auth/me')).status).toBe(401)
    const fresh = sessionFrom(res, cy.userId, cy.email)
    expect((await t.as(fresh)('GET', '/api/auth/me')).status).toBe(200)
    expect((await t.anon('POST', '/api/auth/login', { email: 'cy@example.com', password: 'old password 1' })).status).toBe(401)
    expect((await t.anon('POST', '/api/auth/login', { email: 'cy@example.com', password: 'new password 22' })).status).toBe(200)
    expect((await t.anon('POST', '/api/auth/password-reset/confirm', { token, password: 'another one 333' })).status).toBe(400)
  })

  it('refuses an expired link (expiry set through SQL)', async () => {
    await t.anon('POST', '/api/auth/magic-link', { email: 'cy@example.com' })
    const token = tokenOf(firstLink(await sink.next('cy@example.com')), 'magic')
    await t.db.db.query(sql`update account_tokens set expires_at = now() - interval '1 second' where purpose = 'magic-link' and used_at is null`)
    const res = await t.anon('POST', '/api/auth/magic-link/consume', { token })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('HST_ERR_LINK_INVALID')
  })

  it('changes the password: the current session is rotated, the others end', async () => {
    const dee = await signIn(t.url, { signup: true, name: 'Dee', email: 'dee@example.com', password: 'first password' })
    await sink.next('dee@example.com')
    const other = await signIn(t.url, { signup: false, email: 'dee@example.com', password: 'first password' })
    const wrong = await t.as(dee)('POST', '/api/auth/password', { current: 'not it at all', password: 'second password' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error).toMatchObject({ code: 'HST_ERR_PASSWORD_WRONG', path: ['current'] })
    const res = await fetch(`${t.url}/api/auth/password`, {
      method: 'POST',
      headers: { ...dee.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ current: 'first password', password: 'second password' }),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { endedSessions: number }).endedSessions).toBe(1)
    const rotated = sessionFrom(res, dee.userId, dee.email)
    expect(rotated.secret).not.toBe(dee.secret)
    expect((await t.as(dee)('GET', '/api/auth/me')).status).toBe(401)
    expect((await t.as(other)('GET', '/api/auth/me')).status).toBe(401)
    expect((await t.as(rotated)('GET', '/api/auth/me')).status).toBe(200)
  })

  it('changes the email after the new address confirms it and tells the old address; a taken address is refused', async () => {
    const eve = await signIn(t.url, { signup: true, name: 'Eve', email: 'eve@example.com', password: 'eve password' })
    await sink.next('eve@example.com')
    const taken = await t.as(eve)('POST', '/api/auth/email', { email: 'ada@example.com', password: 'eve password' })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('HST_ERR_EMAIL_TAKEN')
    const wrong = await t.as(eve)('POST', '/api/auth/email', { email: 'eve2@example.com', password: 'nope nope nope' })
    expect(wrong.body.error).toMatchObject({ code: 'HST_ERR_PASSWORD_WRONG', path: ['password'] })
    const res = await t.as(eve)('POST', '/api/auth/email', { email: 'eve2@example.com', password: 'eve password' })
    expect(res.status).toBe(202)
    const mail = await sink.next('eve2@example.com')
    expect(mail.subject).toBe('Confirm your new email address for DocPal')
    expect((await t.as(eve)('GET', '/api/auth/me')).body.user.email).toBe('eve@example.com')
    const confirmed = await t.anon('POST', '/api/auth/email/confirm', { token: tokenOf(firstLink(mail), 'confirm-email') })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.user).toMatchObject({ email: 'eve2@example.com', emailVerified: true })
    // The old address is told, with the time and what to do if it was not its owner.
    const notice = await sink.next('eve@example.com')
    expect(notice.subject).toBe('The email address of your DocPal account was changed')
    expect(notice.text).toMatch(/At \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC the email address of your DocPal account was changed from eve@example\.com to eve2@example\.com\./)
    expect(notice.text).toContain('If it was not you, act now')
    expect(firstLink(notice)).toBe(`${t.url}/login`)
    expect(sink.mails.filter((m) => m.to.includes('eve2@example.com') && m.subject === notice.subject)).toEqual([])
    expect((await t.anon('POST', '/api/auth/login', { email: 'eve2@example.com', password: 'eve password' })).status).toBe(200)
  })

  it('updates name and avatar, bounded', async () => {
    const res = await t.api('PATCH', '/api/auth/me', { name: 'Owner Renamed', avatar: 'data:image/png;base64,iVBORw0KGgo=' })
    expect(res.status).toBe(200)
    expect(res.body.user).toMatchObject({ name: 'Owner Renamed', avatar: 'data:image/png;base64,iVBORw0KGgo=' })
    const big = await t.api('PATCH', '/api/auth/me', { avatar: `data:image/png;base64,${'A'.repeat(200_000)}` })
    expect(big.status).toBeGreaterThanOrEqual(400)
    expect(big.status).toBeLessThan(500)
    const script = await t.api('PATCH', '/api/auth/me', { avatar: 'javascript:alert(1)' })
    expect(script.status).toBe(400)
    expect(script.body.error.path).toEqual(['avatar'])
    expect((await t.api('PATCH', '/api/auth/me', { avatar: null })).body.user.avatar).toBeNull()
  })

  it('chooses the Simplified Chinese template from Accept-Language', async () => {
    await t.anon('POST', '/api/auth/magic-link', { email: 'dee@example.com' }, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })
    const mail = await sink.next('dee@example.com')
    expect(mail.subject).toBe('您的 DocPal 登录链接')
    expect(mail.text).toContain('打开以下链接即可登录 DocPal')
  })

  it('limits mails per address with a clear 429, whether or not the address has an account', async () => {
    for (const email of ['limit-known@example.com', 'limit-unknown@example.com']) {
      if (email === 'limit-known@example.com') {
        await signIn(t.url, { signup: true, email })
        await sink.next(email)
      }
      const statuses: number[] = []
      let last: ApiResponse | undefined
      for (let i = 0; i < 6; i++) {
        last = await t.anon('POST', '/api/auth/password-reset', { email })
        statuses.push(last.status)
      }
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429])
      expect(last?.body.error.code).toBe('HST_ERR_RATE_LIMITED')
    }
  })
})

describe('account flows without SMTP: links from the outbox', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ auth: { authRequestsPerIp: 3 } })
  })
  afterAll(() => t.close())

  it('keeps the sign-up verification mail in the outbox, and the link verifies', async () => {
    const res = await t.api('GET', `/api/dev/outbox?to=${encodeURIComponent('owner@example.com')}`)
    expect(res.status).toBe(200)
    const [mail] = res.body.mails as Array<{ kind: string; links: string[] }>
    expect(mail?.kind).toBe('verify-email')
    const verified = await t.anon('POST', '/api/auth/verify-email', { token: tokenOf(mail?.links[0] ?? '', 'verify-email') })
    expect(verified.body.user.emailVerified).toBe(true)
  })

  it('limits the public mail routes per IP (perMinute) with HST_ERR_RATE_LIMITED', async () => {
    const statuses: number[] = []
    let body: { error?: { code: string } } = {}
    for (let i = 0; i < 4; i++) {
      const r = await t.anon('POST', '/api/auth/magic-link', { email: `ip${String(i)}@example.com` })
      statuses.push(r.status)
      body = r.body
    }
    expect(statuses).toEqual([202, 202, 202, 429])
    expect(body.error?.code).toBe('HST_ERR_RATE_LIMITED')
  })
})
