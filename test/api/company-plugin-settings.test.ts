import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import type { TestSession } from '../support/sessions.ts'

/** Plugin settings per company (issue 16, Tenancy): a plugin declaring `settingsScope: 'company'`. */
const FIXTURES = fileURLToPath(new URL('../fixtures/settings-plugins/', import.meta.url))
const PLUGIN = 'fixture-company-settings'

let t: TestServer
let companyA: string
let companyB: string
let ownerB: TestSession
let memberA: TestSession
let adminA: TestSession

async function companyOf(s: TestSession): Promise<string> {
  return (await t.as(s)('GET', '/api/auth/me')).body.currentCompanyId as string
}

async function joinA(role: 'member' | 'admin', name: string): Promise<TestSession> {
  const s = await t.signUp({ name })
  await t.server.kernel.db.query(sql`insert into company_members (company_id, user_id, role) values (${companyA}::uuid, ${s.userId}::uuid, ${role})`)
  return s
}

const settingsUrl = (companyId: string, plugin = PLUGIN) => `/api/companies/${companyId}/plugins/${plugin}/settings`

beforeAll(async () => {
  t = await startTestServer({ pluginDirs: [FIXTURES] })
  companyA = await companyOf(t.owner)
  ownerB = await t.signUp({ name: 'Bea Owner' })
  companyB = await companyOf(ownerB)
  memberA = await joinA('member', 'Max Member')
  adminA = await joinA('admin', 'Ada Admin')
})
afterAll(() => t?.close())

describe('plugin settings per company', () => {
  it('lists the plugin as keeping company settings, with no instance settings form', async () => {
    const p = (await t.api('GET', `/api/plugins/${PLUGIN}`)).body
    expect(p).toMatchObject({ settings: false, companySettings: true })
    const other = (await t.api('GET', '/api/plugins/fixture-settings')).body
    expect(other, JSON.stringify(other)).toMatchObject({ settings: true, companySettings: false })
    expect((await t.api('GET', `/api/plugins/${PLUGIN}/settings`)).body).toEqual({ schema: null, value: null })
  })

  it('starts every company from the defaults, with the schema for a form', async () => {
    const r = await t.api('GET', settingsUrl(companyA))
    expect(r.status, r.text).toBe(200)
    expect(r.body.value).toEqual({ greeting: 'Hello', apiKey: '' })
    expect(r.body.schema.properties.greeting).toMatchObject({ type: 'string', maxLength: 40 })
    expect((await t.as(ownerB)('GET', settingsUrl(companyB))).body.value).toEqual({ greeting: 'Hello', apiKey: '' })
  })

  it('keeps a value per company: two companies hold different values, and the plugin reads its caller company', async () => {
    const a = await t.api('PUT', settingsUrl(companyA), { greeting: 'Hi from A', apiKey: 'secret-a' })
    expect(a.status, a.text).toBe(200)
    expect(a.body.value).toEqual({ greeting: 'Hi from A', apiKey: 'secret-a' })
    const b = await t.as(ownerB)('PUT', settingsUrl(companyB), { greeting: 'Hi from B' })
    expect(b.body.value).toEqual({ greeting: 'Hi from B', apiKey: '' })
    expect((await t.api('GET', settingsUrl(companyA))).body.value.greeting).toBe('Hi from A')
    expect((await t.as(ownerB)('GET', settingsUrl(companyB))).body.value.greeting).toBe('Hi from B')
    // The plugin's own route, as people of each company; it heard of each change.
    expect((await t.api('GET', `/api/plugins/${PLUGIN}/company-greeting`)).body).toEqual({ text: 'Hi from A', instance: { greeting: 'Hello', apiKey: '' }, changes: 1 })
    expect((await t.as(ownerB)('GET', `/api/plugins/${PLUGIN}/company-greeting`)).body).toMatchObject({ text: 'Hi from B', changes: 1 })
    // A member of A acting in A (their session's company is their own).
    expect((await t.as(memberA)('GET', `/api/plugins/${PLUGIN}/company-greeting`, undefined, { 'x-docpal-company': companyA })).body.text).toBe('Hi from A')
    const stored = await t.server.kernel.db.query<{ n: number }>(sql`select count(*)::int as n from plugin_company_settings where plugin_id = ${PLUGIN}`)
    expect(stored[0]?.n).toBe(2)
  })

  it('lets company admins edit them; a member may neither read nor change them (403)', async () => {
    expect((await t.as(adminA)('PUT', settingsUrl(companyA), { greeting: 'Admin was here', apiKey: 'secret-a' })).status).toBe(200)
    for (const r of [await t.as(memberA)('GET', settingsUrl(companyA)), await t.as(memberA)('PUT', settingsUrl(companyA), { greeting: 'Member' })]) {
      expect(r.status).toBe(403)
      expect(r.body.error.code).toBe('KRN_ERR_COMPANY_FORBIDDEN')
    }
    expect((await t.api('GET', settingsUrl(companyA))).body.value.greeting).toBe('Admin was here')
  })

  it("does not let a company read or change another's (404, as for any company one is not in)", async () => {
    for (const r of [await t.as(ownerB)('GET', settingsUrl(companyA)), await t.as(ownerB)('PUT', settingsUrl(companyA), { greeting: 'B wins' })]) {
      expect(r.status).toBe(404)
      expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
      expect(r.text).not.toContain('secret-a')
    }
    // Nor the instance admin of another company: instance admins keep the instance settings only.
    expect((await t.api('GET', settingsUrl(companyB))).status).toBe(404)
    expect((await t.api('GET', settingsUrl(companyA))).body.value.greeting).toBe('Admin was here')
  })

  it('validates with the field path and keeps the saved value', async () => {
    const r = await t.api('PUT', settingsUrl(companyA), { greeting: 'x'.repeat(41) })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'KRN_ERR_VALIDATION', path: ['settings', 'greeting'] })
    expect((await t.api('GET', settingsUrl(companyA))).body.value.greeting).toBe('Admin was here')
  })

  it('writes plugin.settings.update to the company log in the same transaction, without the values', async () => {
    const log = await t.api('GET', '/api/audit/logs?action=plugin.settings.update')
    const entries = log.body.entries as Array<{ resourceName: string; userId: string; metadata: Record<string, unknown> }>
    const mine = entries.filter((e) => e.resourceName === PLUGIN)
    expect(mine.map((e) => e.userId).sort()).toEqual([t.owner.userId, adminA.userId].sort())
    expect(mine[0]?.metadata).toEqual({ pluginId: PLUGIN, scope: 'company' })
    expect(log.text).not.toContain('secret-a')
    const bLog = await t.as(ownerB)('GET', '/api/audit/logs?action=plugin.settings.update')
    expect(bLog.body.entries.map((e: { userId: string }) => e.userId)).toEqual([ownerB.userId])
  })

  it('answers plugins without company settings with a null schema, and refuses saving them', async () => {
    expect((await t.api('GET', settingsUrl(companyA, 'fixture-settings'))).body).toEqual({ schema: null, value: null })
    const put = await t.api('PUT', settingsUrl(companyA, 'fixture-settings'), { greeting: 'x' })
    expect(put.status).toBe(400)
    expect((await t.api('GET', settingsUrl(companyA, 'no-such-plugin'))).status).toBe(404)
  })

  it('keeps them across disable and enable (instance admins)', async () => {
    expect((await t.api('POST', `/api/plugins/${PLUGIN}/disable`)).status).toBe(200)
    expect((await t.api('GET', settingsUrl(companyA))).status).toBe(409)
    expect((await t.api('POST', `/api/plugins/${PLUGIN}/enable`)).status).toBe(200)
    expect((await t.api('GET', settingsUrl(companyA))).body.value).toEqual({ greeting: 'Admin was here', apiKey: 'secret-a' })
    expect((await t.as(ownerB)('GET', `/api/plugins/${PLUGIN}/company-greeting`)).body.text).toBe('Hi from B')
  })
})
