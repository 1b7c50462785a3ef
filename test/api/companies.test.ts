import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import type { TestSession } from '../support/sessions.ts'
import { sendAs } from '../support/rotated-session.ts'

/** Companies, members, roles and the one-owner rule (API.md "Companies, members, invitations"). */
describe('companies and members', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ auth: { authRequestsPerIp: 1000 } })
  })
  afterAll(() => t.close())

  /** A new company of the owner's with `people` joined as members (directly in SQL: invitations are tested on their own). */
  async function companyWith(name: string, people: Array<{ s: TestSession; role: string }>): Promise<string> {
    const c = await t.api('POST', '/api/companies', { name })
    expect(c.status).toBe(201)
    for (const p of people) await t.db.db.query(sql`insert into company_members (company_id, user_id, role) values (${c.body.id}::uuid, ${p.s.userId}::uuid, ${p.role})`)
    return c.body.id as string
  }

  it('creates a company with the creator as owner, lists and reads it, and updates its settings', async () => {
    const made = await t.api('POST', '/api/companies', { name: 'Acme Sales', slug: 'acme-sales', description: 'the sales team' })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ name: 'Acme Sales', slug: 'acme-sales', role: 'owner', description: 'the sales team', logo: null })
    const list = await t.api('GET', '/api/companies')
    expect(list.body.map((c: { slug: string }) => c.slug)).toContain('acme-sales')
    expect((await t.api('GET', `/api/companies/${made.body.id}`)).body.name).toBe('Acme Sales')
    const logo = 'data:image/png;base64,iVBORw0KGgo='
    const patched = await t.api('PATCH', `/api/companies/${made.body.id}`, { name: 'Acme', slug: 'acme', logo })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ name: 'Acme', slug: 'acme', logo })
    // A generated slug when none is given.
    expect((await t.api('POST', '/api/companies', { name: 'Ünïcode Ltd' })).body.slug).toMatch(/^unicode-ltd-[0-9a-f]{6}$/)
  })

  it('validates slug and logo and refuses a slug that is taken', async () => {
    const id = (await t.api('POST', '/api/companies', { name: 'Slugs' })).body.id
    for (const slug of ['AB', 'has space', '-lead', 'double--dash', 'x'.repeat(51)]) {
      const r = await t.api('PATCH', `/api/companies/${id}`, { slug })
      expect(r.status, slug).toBe(400)
      expect(r.body.error.path).toEqual(['slug'])
    }
    for (const logo of ['javascript:alert(1)', 'data:image/svg+xml;base64,PHN2Zz4=', `data:image/png;base64,${'A'.repeat(300_000)}`]) {
      const r = await t.api('PATCH', `/api/companies/${id}`, { logo })
      expect(r.status).toBe(400)
      expect(r.body.error.path).toEqual(['logo'])
    }
    await t.api('PATCH', `/api/companies/${id}`, { slug: 'taken-one' })
    const other = (await t.api('POST', '/api/companies', { name: 'Other' })).body.id
    const clash = await t.api('PATCH', `/api/companies/${other}`, { slug: 'taken-one' })
    expect(clash.status).toBe(409)
    expect(clash.body.error.path).toEqual(['slug'])
    expect((await t.api('POST', '/api/companies', { name: 'Again', slug: 'taken-one' })).status).toBe(409)
  })

  it("answers 404 for another company's id on every route", async () => {
    const stranger = await t.signUp({ name: 'Stranger' })
    const id = await companyWith('Private', [])
    const as = t.as(stranger)
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `/api/companies/${id}`],
      ['PATCH', `/api/companies/${id}`, { name: 'x' }],
      ['DELETE', `/api/companies/${id}`, { confirm: 'x' }],
      ['GET', `/api/companies/${id}/members`],
      ['PATCH', `/api/companies/${id}/members/${t.owner.userId}`, { role: 'member' }],
      ['DELETE', `/api/companies/${id}/members/${t.owner.userId}`],
      ['POST', `/api/companies/${id}/transfer-ownership`, { userId: stranger.userId }],
      ['GET', `/api/companies/not-a-uuid`],
    ]
    for (const [m, p, b] of calls) {
      const r = await as(m, p, b)
      expect(r.status, `${m} ${p}`).toBe(404)
      expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
    }
    expect((await as('GET', '/api/companies')).body.map((c: { id: string }) => c.id)).not.toContain(id)
  })

  it('applies the role matrix: owner and admins manage, members read, admins cannot touch the owner', async () => {
    const admin = await t.signUp({ name: 'Ada Admin' })
    const member = await t.signUp({ name: 'Max Member' })
    const other = await t.signUp({ name: 'Olga Other' })
    const id = await companyWith('Matrix', [
      { s: admin, role: 'admin' },
      { s: member, role: 'member' },
      { s: other, role: 'member' },
    ])
    const asAdmin = t.as(admin)
    const asMember = t.as(member)
    const forbidden = async (r: Promise<{ status: number; body: any }>) => {
      const res = await r
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('KRN_ERR_COMPANY_FORBIDDEN')
    }
    // Members read, and change nothing.
    expect((await asMember('GET', `/api/companies/${id}/members`)).body).toHaveLength(4)
    await forbidden(asMember('PATCH', `/api/companies/${id}`, { name: 'Mine' }))
    await forbidden(asMember('PATCH', `/api/companies/${id}/members/${other.userId}`, { role: 'admin' }))
    await forbidden(asMember('DELETE', `/api/companies/${id}/members/${other.userId}`))
    await forbidden(asMember('POST', `/api/companies/${id}/transfer-ownership`, { userId: member.userId }))
    await forbidden(asMember('DELETE', `/api/companies/${id}`, { confirm: 'x' }))
    // Admins manage settings and members, but not the owner, and cannot make owners or delete.
    expect((await asAdmin('PATCH', `/api/companies/${id}`, { description: 'by admin' })).status).toBe(200)
    expect((await asAdmin('PATCH', `/api/companies/${id}/members/${other.userId}`, { role: 'admin' })).body.role).toBe('admin')
    await forbidden(asAdmin('PATCH', `/api/companies/${id}/members/${t.owner.userId}`, { role: 'member' }))
    await forbidden(asAdmin('DELETE', `/api/companies/${id}/members/${t.owner.userId}`))
    await forbidden(asAdmin('POST', `/api/companies/${id}/transfer-ownership`, { userId: admin.userId }))
    await forbidden(asAdmin('DELETE', `/api/companies/${id}`, { confirm: 'matrix' }))
    expect((await asAdmin('PATCH', `/api/companies/${id}/members/${other.userId}`, { role: 'owner' })).status).toBe(400)
    // Admins remove members; a member leaves by deleting themself.
    expect((await asAdmin('DELETE', `/api/companies/${id}/members/${other.userId}`)).status).toBe(204)
    expect((await asMember('DELETE', `/api/companies/${id}/members/${member.userId}`)).status).toBe(204)
    expect((await asMember('GET', `/api/companies/${id}`)).status).toBe(404)
    expect((await t.api('GET', `/api/companies/${id}/members`)).body.map((m: { name: string }) => m.name).sort()).toEqual(['Ada Admin', 'Owner'])
  })

  it("names a role the company defined by the company's label in the companies lists; built-in roles carry none", async () => {
    const p = await t.signUp({ name: 'Seller' })
    const id = await companyWith('Labelled roles', [{ s: p, role: 'member' }])
    expect((await t.api('POST', `/api/companies/${id}/roles`, { name: 'field_sales', label: 'Field sales' })).status).toBe(201)
    expect((await t.api('PATCH', `/api/companies/${id}/members/${p.userId}`, { role: 'field_sales' })).status).toBe(200)
    const as = t.as(p)
    const theirs = (body: Array<{ id: string }>) => body.find((c) => c.id === id)
    // The switcher reads GET /api/auth/me; other pages GET /api/companies and GET /api/companies/:id.
    expect(theirs((await as('GET', '/api/companies')).body)).toMatchObject({ role: 'field_sales', roleLabel: 'Field sales' })
    expect((await as('GET', `/api/companies/${id}`)).body).toMatchObject({ role: 'field_sales', roleLabel: 'Field sales' })
    expect(theirs((await as('GET', '/api/auth/me')).body.companies)).toMatchObject({ role: 'field_sales', roleLabel: 'Field sales' })
    // A new label is read at once.
    expect((await t.api('PATCH', `/api/companies/${id}/roles/field_sales`, { label: 'Sales on the road' })).status).toBe(200)
    expect(theirs((await as('GET', '/api/companies')).body)).toMatchObject({ roleLabel: 'Sales on the road' })
    // The owner's role is named by the reader's language, not by the company.
    expect(theirs((await t.api('GET', '/api/companies')).body)).toMatchObject({ role: 'owner', roleLabel: null })
    expect(theirs((await t.api('GET', '/api/auth/me')).body.companies)).toMatchObject({ role: 'owner', roleLabel: null })
  })

  it('takes a role change or removal into account at once (no 30 s of cached rights)', async () => {
    const p = await t.signUp({ name: 'Quick' })
    const id = await companyWith('Quick co', [{ s: p, role: 'admin' }])
    const inCompany = { 'x-docpal-company': id }
    expect((await t.as(p)('POST', '/api/apps', { name: 'A' }, inCompany)).status).toBe(201)
    expect((await t.api('PATCH', `/api/companies/${id}/members/${p.userId}`, { role: 'member' })).status).toBe(200)
    expect((await t.as(p)('POST', '/api/apps', { name: 'B' }, inCompany)).status).toBe(403)
    expect((await t.as(p)('GET', '/api/apps', undefined, inCompany)).status).toBe(200)
    expect((await t.api('DELETE', `/api/companies/${id}/members/${p.userId}`)).status).toBe(204)
    const gone = await t.as(p)('GET', '/api/apps', undefined, inCompany)
    expect(gone.status).toBe(404)
    expect(gone.body.error.code).toBe('HST_ERR_COMPANY_UNKNOWN')
  })

  it('keeps exactly one owner: the owner cannot leave, be removed or demoted; transfer moves it and rotates the session', async () => {
    const heir = await t.signUp({ name: 'Heir' })
    const id = await companyWith('Dynasty', [{ s: heir, role: 'member' }])
    const leave = await t.api('DELETE', `/api/companies/${id}/members/${t.owner.userId}`)
    expect(leave.status).toBe(409)
    expect(leave.body.error.code).toBe('KRN_ERR_COMPANY_OWNER_REQUIRED')
    expect((await t.api('PATCH', `/api/companies/${id}/members/${t.owner.userId}`, { role: 'admin' })).body.error.code).toBe('KRN_ERR_COMPANY_OWNER_REQUIRED')
    expect((await t.api('POST', `/api/companies/${id}/transfer-ownership`, { userId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404)

    // Transfer on a second session of the owner, so the shared test session stays valid.
    const owner2 = await (await import('../support/sessions.ts')).signIn(t.url, { signup: false, email: t.owner.email, password: t.owner.password })
    const moved = await sendAs(t.url, owner2, 'POST', `/api/companies/${id}/transfer-ownership`, { userId: heir.userId })
    expect(moved.status).toBe(200)
    expect(moved.rotated).toBe(true)
    expect((await t.as(owner2)('GET', '/api/auth/me')).status).toBe(401)
    expect(Object.fromEntries(moved.body.map((m: { name: string; role: string }) => [m.name, m.role]))).toMatchObject({ Heir: 'owner', Owner: 'admin' })
    // The old owner, now an admin, may leave; the database holds one owner row.
    expect((await t.api('DELETE', `/api/companies/${id}/members/${t.owner.userId}`)).status).toBe(204)
    const owners = await t.db.db.query<{ n: number }>(sql`select count(*)::int as n from company_members where company_id = ${id}::uuid and role = 'owner'`)
    expect(owners[0]?.n).toBe(1)
  })

  it('keeps one owner under concurrent transfers, and the database refuses a second or no owner', async () => {
    const a = await t.signUp({ name: 'A' })
    const b = await t.signUp({ name: 'B' })
    const id = await companyWith('Race', [
      { s: a, role: 'member' },
      { s: b, role: 'member' },
    ])
    const owner2 = await (await import('../support/sessions.ts')).signIn(t.url, { signup: false, email: t.owner.email, password: t.owner.password })
    const results = await Promise.all([
      t.as(owner2)('POST', `/api/companies/${id}/transfer-ownership`, { userId: a.userId }),
      t.as(owner2)('POST', `/api/companies/${id}/transfer-ownership`, { userId: b.userId }),
    ])
    const statuses = results.map((r) => r.status).sort()
    // One wins; the other finds its caller no longer owner (403), or its session just rotated (401).
    expect(statuses[0]).toBe(200)
    expect([401, 403]).toContain(statuses[1])
    const rows = await t.db.db.query<{ role: string }>(sql`select role from company_members where company_id = ${id}::uuid and role = 'owner'`)
    expect(rows).toHaveLength(1)
    // The database itself: a second owner, or none, does not commit.
    await expect(t.db.db.query(sql`update company_members set role = 'owner' where company_id = ${id}::uuid`)).rejects.toThrow()
    await expect(t.db.db.query(sql`update company_members set role = 'admin' where company_id = ${id}::uuid`)).rejects.toThrow(/no owner/)
  })

  it('deletes a company with its apps and dropped tables, only by the owner who confirms with the slug', async () => {
    const id = await companyWith('Doomed', [])
    const slug = (await t.api('GET', `/api/companies/${id}`)).body.slug
    const inCompany = { 'x-docpal-company': id }
    const app = await t.api('POST', '/api/apps', { name: 'Doomed app' }, inCompany)
    const table = await t.api('POST', `/api/apps/${app.body.id}/tables`, { name: 'Things', columns: [{ name: 'Title', type: 'text' }] }, inCompany)
    expect(table.status).toBe(201)
    // The company's log (app.create, table.create, ...) goes with it: no foreign key cascades it, the delete does.
    expect((await t.db.db.query(sql`select 1 from audit_logs where company_id = ${id}::uuid`)).length).toBeGreaterThan(0)
    const physical = (await t.db.db.query<{ table_name: string }>(sql`select table_name from data_tables where id = ${table.body.id}::uuid`))[0]?.table_name
    expect(physical).toBeTruthy()
    const wrong = await t.api('DELETE', `/api/companies/${id}`, { confirm: 'nope' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error).toMatchObject({ code: 'KRN_ERR_COMPANY_CONFIRM', path: ['confirm'] })
    expect((await t.api('DELETE', `/api/companies/${id}`, { confirm: slug })).status).toBe(204)
    expect((await t.api('GET', `/api/companies/${id}`)).status).toBe(404)
    const left = await t.db.db.query(sql`select 1 from pg_tables where tablename = ${physical}`)
    expect(left).toHaveLength(0)
    expect(await t.db.db.query(sql`select 1 from apps where company_id = ${id}::uuid`)).toHaveLength(0)
    expect(await t.db.db.query(sql`select 1 from audit_logs where company_id = ${id}::uuid`)).toHaveLength(0)
  })

  it('writes company.* and member.* audit entries with the change, and none for a refused change', async () => {
    const p = await t.signUp({ name: 'Audited' })
    const made = await t.api('POST', '/api/companies', { name: 'Audit co', slug: 'audit-co' })
    const id = made.body.id as string
    await t.db.db.query(sql`insert into company_members (company_id, user_id, role) values (${id}::uuid, ${p.userId}::uuid, 'member')`)
    await t.api('PATCH', `/api/companies/${id}`, { name: 'Audit company' })
    await t.api('PATCH', `/api/companies/${id}/members/${p.userId}`, { role: 'admin' })
    // Refused: nothing logged.
    expect((await t.as(p)('DELETE', `/api/companies/${id}/members/${t.owner.userId}`)).status).toBe(403)
    await t.api('DELETE', `/api/companies/${id}/members/${p.userId}`)
    const log = await t.api('GET', '/api/audit/logs', undefined, { 'x-docpal-company': id })
    expect(log.status).toBe(200)
    const byAction = Object.fromEntries(log.body.entries.map((e: { action: string }) => [e.action, e]))
    expect(Object.keys(byAction).sort()).toEqual(['company.create', 'company.update', 'member.remove', 'member.update'])
    expect(byAction['company.update'].metadata.changes).toEqual({ name: { old: 'Audit co', new: 'Audit company' } })
    expect(byAction['member.update']).toMatchObject({ resourceType: 'member', resourceId: p.userId, resourceName: 'Audited', userId: t.owner.userId })
    expect(byAction['member.update'].metadata.changes).toEqual({ role: { old: 'member', new: 'admin' } })
    expect(byAction['member.remove'].metadata.role).toBe('admin')
  })

  it('needs a signed-in person', async () => {
    expect((await t.anon('GET', '/api/companies')).status).toBe(401)
    expect((await t.anon('POST', '/api/companies', { name: 'x' })).status).toBe(401)
  })
})
