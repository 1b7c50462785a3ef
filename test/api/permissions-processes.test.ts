import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startSecondServer } from '../support/second-server.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'
import type { TestSession } from '../support/sessions.ts'

/**
 * Two server processes on one PostgreSQL (each with its own pool and rule cache, as behind a load
 * balancer): a rule saved through one applies to the next request the other serves, because the
 * save sends `pg_notify` at commit. PGlite has one process per data dir, so this is PostgreSQL's.
 */
describe.skipIf(DB_KIND !== 'postgres')('permission changes across server processes', () => {
  let t: TestServer
  let second: { url: string; close: () => Promise<void> }
  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000, auth: { authRequestsPerIp: 1000 } })
    second = await startSecondServer(t)
  })
  afterAll(async () => {
    await second?.close()
    await t?.close()
  })

  it('hides a column on the other process from the next request on', async () => {
    const companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId as string
    const app = (await t.api('POST', '/api/apps', { name: 'Two' })).body.id as string
    const table = (
      await t.api('POST', `/api/apps/${app}/tables`, {
        name: 'T',
        columns: [
          { name: 'Name', type: 'text' },
          { name: 'Secret', type: 'text' },
        ],
      })
    ).body.id as string
    await t.api('POST', `/api/tables/${table}/records`, { fields: { Name: 'a', Secret: 's' } })
    const member: TestSession = await t.signUp({ name: 'Member' })
    // Joined directly (invitations are tested on their own), then read through the second process.
    await t.server.kernel.db.query(sql`insert into company_members (company_id, user_id, role) values (${companyId}::uuid, ${member.userId}::uuid, 'member')`)
    const read = async () => {
      const r = await fetch(`${second.url}/api/tables/${table}/records`, { headers: { ...member.headers, 'x-docpal-company': companyId } })
      expect(r.status).toBe(200)
      return ((await r.json()) as { records: Array<{ fields: Record<string, unknown> }> }).records[0]?.fields ?? {}
    }
    expect(await read()).toHaveProperty('Secret', 's')
    expect((await t.api('PUT', `/api/tables/${table}/permissions`, { rules: [{ role: 'member', actions: ['view'], hiddenFields: ['Secret'] }] })).status).toBe(200)
    // The notification reaches the other process asynchronously; a bounded wait, then the answer must have changed.
    const fields = await eventually(read, (f) => !('Secret' in f))
    expect(fields).not.toHaveProperty('Secret')
    expect(fields).toHaveProperty('Name', 'a')
  })
})
