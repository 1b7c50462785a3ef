import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, type Api, type TestServer } from '../support/test-server.ts'

/**
 * Bulk inserts write one batched `record.bulk_create` entry per request (issue 16, "choose and
 * measure": docs/benchmarks.md): it still lists every record and its values, a record's timeline
 * and `resourceId` filters find its creation, a member sees only the records (and columns) they
 * can read, and a refused bulk insert leaves no entry.
 */
vi.setConfig({ testTimeout: 60_000 })

interface Listed {
  id: string
  values: Record<string, unknown>
}
interface Entry {
  action: string
  resourceType: string
  resourceId: string | null
  tableId: string | null
  metadata: { via?: string; count?: number; records?: Listed[]; values?: Record<string, unknown> }
}

let t: TestServer
let companyId: string
let tableId: string
let asMo: Api

async function logs(query: Record<string, string>, api: Api = t.api): Promise<Entry[]> {
  const r = await api('GET', `/api/audit/logs?${new URLSearchParams({ limit: '200', ...query })}`)
  expect(r.status, r.text).toBe(200)
  return r.body.entries
}

beforeAll(async () => {
  t = await startTestServer({ auth: { authRequestsPerIp: 1000 } })
  companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId
  const mo = await t.signUp({ name: 'Mo' })
  await t.db.db.query(sql`insert into company_members (company_id, user_id, role) values (${companyId}::uuid, ${mo.userId}::uuid, 'member')`)
  asMo = (method, path, body, headers) => t.as(mo)(method, path, body, { 'x-docpal-company': companyId, ...headers })
  const app = (await t.api('POST', '/api/apps', { name: 'Bulk audit' })).body.id
  const table = await t.api('POST', `/api/apps/${app}/tables`, {
    name: 'Parcels',
    columns: [
      { name: 'Title', type: 'text', required: true },
      { name: 'Status', type: 'single_select', config: { options: ['open', 'shut'].map((id) => ({ id, label: id })) } },
      { name: 'Secret', type: 'text' },
    ],
  })
  expect(table.status).toBe(201)
  tableId = table.body.id
})
afterAll(() => t?.close())

describe('bulk insert audit entries', () => {
  let ids: string[] = []

  it('one record.bulk_create entry on the table lists every record with its values, in request order', async () => {
    const r = await t.api('POST', `/api/tables/${tableId}/records/bulk`, {
      records: [{ fields: { Title: 'P1', Status: 'open', Secret: 's1' } }, { fields: { Title: 'P2', Status: 'shut', Secret: 's2' } }, { fields: { Title: 'P3', Status: 'open' } }],
    })
    expect(r.status, r.text).toBe(201)
    ids = r.body.ids
    const entries = await logs({ tableId, action: 'record.*' })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ action: 'record.bulk_create', resourceType: 'table', resourceId: tableId, tableId })
    expect(entries[0]?.metadata).toEqual({
      via: 'bulk',
      count: 3,
      records: [
        { id: ids[0], values: { Title: 'P1', Status: 'open', Secret: 's1' } },
        { id: ids[1], values: { Title: 'P2', Status: 'shut', Secret: 's2' } },
        { id: ids[2], values: { Title: 'P3', Status: 'open' } },
      ],
    })
  })

  it("a record's timeline and resourceId filters find its creation, narrowed to that record", async () => {
    const id = ids[1] as string
    expect((await t.api('PATCH', `/api/tables/${tableId}/records/${id}`, { fields: { Title: 'P2b' } })).status).toBe(200)
    const queries: Array<Record<string, string>> = [{ resourceType: 'record', resourceId: id }, { resourceId: id }]
    for (const query of queries) {
      const entries = await logs(query)
      expect(entries.map((e) => e.action)).toEqual(['record.update', 'record.bulk_create'])
      expect(entries[1]?.metadata).toEqual({ via: 'bulk', count: 3, records: [{ id, values: { Title: 'P2', Status: 'shut', Secret: 's2' } }] })
    }
    // Another resource type with that id is not the record's.
    expect(await logs({ resourceType: 'table', resourceId: id })).toEqual([])
    expect(await logs({ resourceId: '00000000-0000-4000-8000-000000000000' })).toEqual([])
  })

  it('a member sees only the records they can read in the entry, without hidden columns', async () => {
    const saved = await t.api('PUT', `/api/tables/${tableId}/permissions`, {
      rules: [{ role: 'member', actions: ['view'], readFilter: { and: [{ field: 'Status', op: 'eq', value: 'open' }] }, hiddenFields: ['Secret'] }],
    })
    expect(saved.status, saved.text).toBe(200)
    const mine = await logs({ tableId, action: 'record.bulk_create' }, asMo)
    expect(mine).toHaveLength(1)
    expect(mine[0]?.metadata.records).toEqual([
      { id: ids[0], values: { Title: 'P1', Status: 'open' } },
      { id: ids[2], values: { Title: 'P3', Status: 'open' } },
    ])
    const text = JSON.stringify(mine)
    for (const hidden of ['s1', 's2', 'P2', ids[1] as string]) expect(text).not.toContain(hidden)
    // The record they cannot read has no history for them; the owner still sees it all.
    expect(await logs({ resourceId: ids[1] as string }, asMo)).toEqual([])
    expect((await logs({ resourceId: ids[0] as string }, asMo)).map((e) => e.action)).toEqual(['record.bulk_create'])
    expect((await logs({ tableId, action: 'record.bulk_create' }))[0]?.metadata.records).toHaveLength(3)

    // A batch of records none of which they can read is not theirs at all.
    expect((await t.api('POST', `/api/tables/${tableId}/records/bulk`, { records: [{ fields: { Title: 'P4', Status: 'shut' } }] })).status).toBe(201)
    expect(await logs({ tableId, action: 'record.bulk_create' }, asMo)).toHaveLength(1)
    expect(await logs({ tableId, action: 'record.bulk_create' })).toHaveLength(2)
    expect((await t.api('PUT', `/api/tables/${tableId}/permissions`, { rules: [] })).status).toBe(200)
  })

  it('a refused bulk insert leaves no entry and no record', async () => {
    const before = await logs({ tableId })
    const bad = await t.api('POST', `/api/tables/${tableId}/records/bulk`, { records: [{ fields: { Title: 'ok' } }, { fields: { Status: 'open' } }] })
    expect(bad.status).toBe(400)
    expect(await logs({ tableId })).toEqual(before)
    const page = await t.api('GET', `/api/tables/${tableId}/records?count=true`)
    expect(page.body.total).toBe(4)
  })
})
