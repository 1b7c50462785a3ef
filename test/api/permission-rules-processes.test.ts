import { sql } from '@docpal/plugin-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStaleServer } from '../support/deaf-database.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Permission rules across server processes, beyond records (issue 19): each process caches a
 * company's rules. Record reads and writes meet a rule saved elsewhere through their guards (the
 * table's version moves, test/api/write-guard-processes.test.ts); a table's metadata is answered
 * from the cached rules. The second process here never hears notifications, so only the
 * per-request check of `permission_rules_generation` (bumped by a trigger on every save) can make
 * its next answer follow the rule. Before, it showed a hidden column's name until the
 * notification arrived (here: never).
 */
describe.skipIf(DB_KIND !== 'postgres')('permission rules across server processes', () => {
  let t: TestServer
  let stale: { url: string; close: () => Promise<void> }
  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000 })
    stale = await startStaleServer(t.db.url ?? '')
  })
  afterAll(async () => {
    await stale?.close()
    await t?.close()
  })

  it("a column hidden through one process is gone from the table's metadata in the other at its next request", async () => {
    const companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId as string
    const app = (await t.api('POST', '/api/apps', { name: 'Rules' })).body.id as string
    const columns = [
      { name: 'Name', type: 'text' },
      { name: 'Secret', type: 'text' },
    ]
    const table = (await t.api('POST', `/api/apps/${app}/tables`, { name: 'Guarded', columns })).body.id as string
    const member = await t.signUp({ name: 'Member' })
    await t.server.kernel.db.query(sql`insert into company_members (company_id, user_id, role) values (${companyId}::uuid, ${member.userId}::uuid, 'member')`)
    const headers = { ...member.headers, 'x-docpal-company': companyId }
    const names = async () => {
      const r = await fetch(`${stale.url}/api/tables/${table}`, { headers })
      expect(r.status).toBe(200)
      return ((await r.json()) as { columns: Array<{ name: string }> }).columns.map((c) => c.name)
    }
    // The stale process reads (and caches) the company's rules.
    expect(await names()).toContain('Secret')
    expect(await names()).toContain('Secret')
    expect((await t.api('PUT', `/api/tables/${table}/permissions`, { rules: [{ role: 'member', actions: ['view'], hiddenFields: ['Secret'] }] })).status).toBe(200)
    expect(await names()).not.toContain('Secret')
    expect(await names()).toContain('Name')
  })
})
