import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { setCookies, signIn } from '../support/sessions.ts'
import { sendAs } from '../support/rotated-session.ts'

/** Invitations: by code and by the mailed link, single use, expiring, revocable, resendable. */
describe('invitations', () => {
  let t: TestServer
  let companyId: string
  beforeAll(async () => {
    // Invitation only: accepting must still create accounts.
    t = await startTestServer({ auth: { authRequestsPerIp: 1000, signup: 'invite' } })
    companyId = (await t.api('POST', '/api/companies', { name: 'Inviting Inc', slug: 'inviting-inc' })).body.id
  })
  afterAll(() => t.close())

  let n = 0
  const email = () => `invitee${n++}@example.com`
  const invite = (to: string, role = 'member') => t.api('POST', `/api/companies/${companyId}/invitations`, { email: to, role })
  /** The token of the newest invitation mail to `to`, from the development outbox. */
  async function mailedToken(to: string): Promise<string> {
    const box = await t.api('GET', `/api/dev/outbox?to=${encodeURIComponent(to)}`)
    const mail = box.body.mails.find((m: { kind: string }) => m.kind === 'invitation')
    expect(mail, `an invitation mail to ${to}`).toBeTruthy()
    const link = (mail.links as string[]).find((l) => l.includes('/invite/'))
    return decodeURIComponent(link!.split('/invite/')[1]!)
  }
  /** Someone with an account at `to` (made directly: sign-up is closed), signed in. */
  async function accountAt(to: string) {
    await t.db.db.query(sql`insert into users (id, name, email, password_hash) values (gen_random_uuid(), 'Existing', ${to}, 'x')`)
    return to
  }

  it('invites by email: 201 with the code and link once, a mail with the link, a pending entry in the list', async () => {
    const to = email()
    const res = await invite(to, 'admin')
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ email: to, role: 'admin', status: 'pending', mailed: true })
    expect(res.body.inviteCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    expect(res.body.inviteLink).toContain('/invite/')
    const token = await mailedToken(to)
    expect(res.body.inviteLink).toContain(encodeURIComponent(token))
    const list = await t.api('GET', `/api/companies/${companyId}/invitations`)
    expect(list.body.find((i: { id: string }) => i.id === res.body.id)).toMatchObject({ status: 'pending' })
    expect(list.text).not.toContain(res.body.inviteCode)
    // The secrets are stored hashed.
    const stored = await t.db.db.query<{ code_hash: string; token_hash: string }>(sql`select code_hash, token_hash from company_invitations where id = ${res.body.id}::uuid`)
    expect(JSON.stringify(stored)).not.toContain(token)
    // A second open invitation to the same address is refused; so is inviting a member.
    expect((await invite(to)).body.error.code).toBe('KRN_ERR_INVITATION_PENDING')
    expect((await invite(t.owner.email)).body.error.code).toBe('KRN_ERR_ALREADY_MEMBER')
  })

  it('accepts by token without an account: creates it (verified, no company of its own), signs in, joins once', async () => {
    const to = email()
    await invite(to)
    const token = await mailedToken(to)
    const preview = await t.anon('POST', '/api/invitations/preview', { token })
    expect(preview.body).toMatchObject({ companyName: 'Inviting Inc', inviterName: 'Owner', email: to, role: 'member', hasAccount: false })
    const res = await fetch(`${t.url}/api/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: 'New Person', password: 'a long password' }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { user: { email: string; emailVerified: boolean }; companyId: string; role: string }
    expect(body).toMatchObject({ user: { email: to, emailVerified: true }, companyId, role: 'member' })
    const cookies = setCookies(res)
    const me = await fetch(`${t.url}/api/auth/me`, { headers: { cookie: `docpal_session=${cookies.get('docpal_session')}` } })
    const meBody = (await me.json()) as { companies: Array<{ id: string; role: string }>; currentCompanyId: string }
    expect(meBody.companies).toEqual([expect.objectContaining({ id: companyId, role: 'member' })])
    expect(meBody.currentCompanyId).toBe(companyId)
    // Single use.
    const again = await t.anon('POST', '/api/invitations/accept', { token, name: 'Again', password: 'a long password' })
    expect(again.status).toBe(400)
    expect(again.body.error.code).toBe('KRN_ERR_INVITATION_INVALID')
    // The new person logs in with the password they chose.
    await signIn(t.url, { signup: false, email: to, password: 'a long password' })
  })

  it('accepts by code when signed in (the invitation must be for that email), rotating the session into the company', async () => {
    const person = await t.signUp({ name: 'Pat' }).catch(() => undefined)
    // Sign-up is closed: make Pat through an invitation to their own company-less account instead.
    expect(person).toBeUndefined()
    const to = email()
    const first = await invite(to)
    const made = await fetch(`${t.url}/api/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: first.body.inviteCode, name: 'Pat', password: 'a long password' }),
    })
    expect(made.status).toBe(200)
    const pat = await signIn(t.url, { signup: false, email: to, password: 'a long password' })
    // A second company invites Pat; Pat accepts signed in, typing the code in lower case without dashes.
    const other = (await t.api('POST', '/api/companies', { name: 'Second Co' })).body.id
    const inv = await t.api('POST', `/api/companies/${other}/invitations`, { email: to.toUpperCase(), role: 'admin' })
    const typed = inv.body.inviteCode.toLowerCase().replace(/-/g, ' ')
    const accepted = await sendAs(t.url, pat, 'POST', '/api/invitations/accept', { code: typed })
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({ companyId: other, role: 'admin' })
    expect(accepted.rotated).toBe(true)
    expect((await t.as(pat)('GET', '/api/auth/me')).status).toBe(401)
    const me = await t.as(accepted.session)('GET', '/api/auth/me')
    expect(me.body.currentCompanyId).toBe(other)
    // Someone signed in with another email cannot use an invitation.
    const third = await t.api('POST', `/api/companies/${other}/invitations`, { email: email() })
    const wrong = await t.as(accepted.session)('POST', '/api/invitations/accept', { code: third.body.inviteCode })
    expect(wrong.status).toBe(403)
    expect(wrong.body.error.code).toBe('KRN_ERR_INVITATION_OTHER_EMAIL')
  })

  it('invites with a role the company defined: checked when inviting, shown by its label, given on joining; the role cannot be deleted while invited', async () => {
    const roles = `/api/companies/${companyId}/roles`
    expect((await t.api('POST', roles, { name: 'sales', label: 'Sales reps' })).status).toBe(201)
    const to = email()
    const res = await invite(to, 'sales')
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ email: to, role: 'sales', status: 'pending' })
    // The accept page names the role by its label; built-in roles have none (the page translates them).
    const preview = await t.anon('POST', '/api/invitations/preview', { code: res.body.inviteCode })
    expect(preview.body).toMatchObject({ role: 'sales', roleLabel: 'Sales reps' })
    const builtIn = await invite(email())
    expect((await t.anon('POST', '/api/invitations/preview', { code: builtIn.body.inviteCode })).body).toMatchObject({ role: 'member', roleLabel: null })
    // Unknown roles and owner are refused at the role's path; nothing is stored.
    const unknown = await invite(email(), 'nobody')
    expect(unknown.status).toBe(400)
    expect(unknown.body.error).toMatchObject({ code: 'KRN_ERR_ROLE_UNKNOWN', path: ['role'] })
    const owner = await invite(email(), 'owner')
    expect(owner.status).toBe(400)
    expect(owner.body.error.path).toEqual(['role'])
    const stored = await t.db.db.query<{ role: string }>(sql`select role from company_invitations where company_id = ${companyId}::uuid and role in ('nobody', 'owner')`)
    expect(stored).toEqual([])
    // A pending invitation holds the role: deleting it is refused (409), and allowed once the invitation is revoked.
    const held = await t.api('DELETE', `${roles}/sales`)
    expect(held.status).toBe(409)
    expect(held.body.error.message).toContain('pending invitation')
    expect((await t.api('GET', roles)).body.map((r: { name: string }) => r.name)).toContain('sales')
    // Joining gives the role.
    const joined = await t.anon('POST', '/api/invitations/accept', { code: res.body.inviteCode, name: 'Sam', password: 'a long password' })
    expect(joined.status).toBe(200)
    expect(joined.body).toMatchObject({ companyId, role: 'sales' })
    const members = await t.api('GET', `/api/companies/${companyId}/members`)
    expect(members.body.find((m: { email: string }) => m.email === to)).toMatchObject({ role: 'sales' })
    // Now a member holds it: still refused, naming the members.
    expect((await t.api('DELETE', `${roles}/sales`)).body.error.message).toContain('member(s)')
  })

  it('refuses expired and revoked invitations; resend gives a new code and token and kills the old ones', async () => {
    const expired = await invite(email())
    await t.db.db.query(sql`update company_invitations set expires_at = now() - interval '1 minute' where id = ${expired.body.id}::uuid`)
    const r1 = await t.anon('POST', '/api/invitations/accept', { code: expired.body.inviteCode, name: 'X', password: 'a long password' })
    expect(r1.body.error).toMatchObject({ code: 'KRN_ERR_INVITATION_INVALID', path: ['code'] })
    expect((await t.api('GET', `/api/companies/${companyId}/invitations`)).body.find((i: { id: string }) => i.id === expired.body.id).status).toBe('expired')

    // Resending an expired invitation revives it with new secrets.
    const to = email()
    const inv = await invite(to)
    const oldToken = await mailedToken(to)
    const resent = await t.api('POST', `/api/invitations/${inv.body.id}/resend`)
    expect(resent.status).toBe(200)
    expect(resent.body.inviteCode).not.toBe(inv.body.inviteCode)
    const newToken = await mailedToken(to)
    expect(newToken).not.toBe(oldToken)
    expect((await t.anon('POST', '/api/invitations/accept', { token: oldToken, name: 'X', password: 'a long password' })).status).toBe(400)
    expect((await t.anon('POST', '/api/invitations/accept', { code: inv.body.inviteCode, name: 'X', password: 'a long password' })).status).toBe(400)

    // Revoked: neither secret works, and it cannot be resent.
    expect((await t.api('DELETE', `/api/invitations/${inv.body.id}`)).status).toBe(204)
    expect((await t.anon('POST', '/api/invitations/accept', { token: newToken, name: 'X', password: 'a long password' })).status).toBe(400)
    expect((await t.anon('POST', '/api/invitations/accept', { code: resent.body.inviteCode, name: 'X', password: 'a long password' })).status).toBe(400)
    expect((await t.api('POST', `/api/invitations/${inv.body.id}/resend`)).body.error.code).toBe('KRN_ERR_INVITATION_INVALID')
    // Re-inviting after a revoke is allowed.
    expect((await invite(to)).status).toBe(201)
  })

  it('asks an existing account to sign in, and wants exactly one of code and token', async () => {
    const to = await accountAt(email())
    const inv = await invite(to)
    const preview = await t.anon('POST', '/api/invitations/preview', { code: inv.body.inviteCode })
    expect(preview.body.hasAccount).toBe(true)
    const r = await t.anon('POST', '/api/invitations/accept', { code: inv.body.inviteCode, name: 'X', password: 'a long password' })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('KRN_ERR_ACCOUNT_EMAIL_TAKEN')
    expect((await t.anon('POST', '/api/invitations/accept', { code: inv.body.inviteCode })).status).toBe(400)
    expect((await t.anon('POST', '/api/invitations/accept', { code: 'a', token: 'b', name: 'X', password: 'a long password' })).status).toBe(400)
    expect((await t.anon('POST', '/api/invitations/accept', {})).status).toBe(400)
  })

  it('writes invitation.* and member.join audit entries in the company', async () => {
    const to = email()
    const inv = await invite(to)
    await t.api('POST', `/api/invitations/${inv.body.id}/resend`)
    const other = await invite(email())
    await t.api('DELETE', `/api/invitations/${other.body.id}`)
    const token = await mailedToken(to)
    const joined = await t.anon('POST', '/api/invitations/accept', { token, name: 'Joiner', password: 'a long password' })
    const log = await t.api('GET', '/api/audit/logs?resourceType=invitation', undefined, { 'x-docpal-company': companyId })
    const mine = log.body.entries.filter((e: { resourceId: string }) => e.resourceId === inv.body.id).map((e: { action: string }) => e.action)
    expect(mine.sort()).toEqual(['invitation.accept', 'invitation.create', 'invitation.resend'])
    expect(log.body.entries.find((e: { resourceId: string; action: string }) => e.resourceId === other.body.id && e.action === 'invitation.revoke')).toBeTruthy()
    const members = await t.api('GET', '/api/audit/logs?action=member.join', undefined, { 'x-docpal-company': companyId })
    expect(members.body.entries.find((e: { resourceId: string }) => e.resourceId === joined.body.user.id)).toMatchObject({ userId: joined.body.user.id, resourceName: 'Joiner' })
    // No secret reaches the log.
    expect(JSON.stringify(log.body)).not.toContain(inv.body.inviteCode)
  })

  it('lets only owners and admins invite, list, revoke and resend; 404 for another company', async () => {
    const to = email()
    const inv = await invite(to)
    const memberInv = await invite(email())
    const m = await t.anon('POST', '/api/invitations/accept', { code: memberInv.body.inviteCode, name: 'Member', password: 'a long password' })
    expect(m.status).toBe(200)
    const member = await signIn(t.url, { signup: false, email: m.body.user.email, password: 'a long password' })
    const asMember = t.as(member)
    for (const r of [
      await asMember('POST', `/api/companies/${companyId}/invitations`, { email: email() }),
      await asMember('GET', `/api/companies/${companyId}/invitations`),
      await asMember('DELETE', `/api/invitations/${inv.body.id}`),
      await asMember('POST', `/api/invitations/${inv.body.id}/resend`),
    ]) {
      expect(r.status).toBe(403)
      expect(r.body.error.code).toBe('KRN_ERR_COMPANY_FORBIDDEN')
    }
    // A company the member is not in: 404, not 403.
    const theirs = (await asMember('POST', '/api/companies', { name: 'Member co' })).body.id
    const theirInv = await t.as(member)('POST', `/api/companies/${theirs}/invitations`, { email: email() })
    expect(theirInv.status).toBe(201)
    expect((await t.api('DELETE', `/api/invitations/${theirInv.body.id}`)).status).toBe(404)
    expect((await t.api('GET', `/api/companies/${theirs}/invitations`)).status).toBe(404)
    expect((await t.anon('GET', `/api/companies/${companyId}/invitations`)).status).toBe(401)
  })
})
