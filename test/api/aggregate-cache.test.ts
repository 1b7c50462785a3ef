import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '@docpal/plugin-sdk'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * The aggregate cache: filters and sorts on an aggregation read a cached whole-table result, and
 * every write that could change it (source rows, target rows, links) is seen by the next query.
 */
let t: TestServer
let customers: { id: string; columns: Array<{ id: string; name: string }> }
let orders: { id: string; columns: Array<{ id: string; name: string }> }
const ids: Record<string, string> = {}

const q = (s: unknown) => encodeURIComponent(JSON.stringify(s))
const bySpent = async () => {
  const r = await t.api('GET', `/api/tables/${customers.id}/records?sort=${q([{ field: 'Spent', direction: 'desc' }, { field: 'Name', direction: 'asc' }])}&filter=${q({ field: 'Spent', op: 'gt', value: 0 })}&count=exact`)
  expect(r.status, r.text).toBe(200)
  return { rows: r.body.records.map((x: { fields: Record<string, unknown> }) => [x.fields['Name'], x.fields['Spent']]), total: r.body.total }
}
const cacheTables = async () => (await t.db.db.one<{ n: number }>(sql`select count(*)::int as n from pg_tables where tablename like 'dp_cache_%'`))!.n

beforeAll(async () => {
  t = await startTestServer()
  const app = (await t.api('POST', '/api/apps', { name: 'Shop' })).body.id
  customers = (await t.api('POST', `/api/apps/${app}/tables`, { name: 'Customers', columns: [{ name: 'Name', type: 'text' }] })).body
  orders = (await t.api('POST', `/api/apps/${app}/tables`, { name: 'Orders', columns: [{ name: 'Ref', type: 'text' }, { name: 'Total', type: 'number' }] })).body
  const rel = await t.api('POST', `/api/tables/${customers.id}/columns`, { name: 'Orders', type: 'relation', config: { targetTableId: orders.id, allowMultiple: true, reverseRelationName: 'Customer' } })
  expect(rel.status, rel.text).toBe(201)
  const total = orders.columns.find((c) => c.name === 'Total')!.id
  const spent = await t.api('POST', `/api/tables/${customers.id}/columns`, { name: 'Spent', type: 'aggregation', config: { relationFieldId: rel.body.column.id, targetFieldId: total, aggregation: 'sum' } })
  expect(spent.status, spent.text).toBe(201)
  for (const [ref, amount] of [['o1', 10], ['o2', 20], ['o3', 5]] as const) ids[ref] = (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: ref, Total: amount } })).body.id
  for (const [name, links] of [['Alice', ['o1']], ['Bob', ['o2']], ['Carol', []]] as const) {
    ids[name] = (await t.api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: name, Orders: links.map((l) => ids[l]) } })).body.id
  }
})
afterAll(() => t?.close())

describe('aggregate cache', () => {
  it('answers filters and sorts on an aggregation from a cache table', async () => {
    expect(await bySpent()).toEqual({ rows: [['Bob', 20], ['Alice', 10]], total: 2 })
    expect(await cacheTables()).toBeGreaterThan(0)
    const before = (await t.api('GET', '/api/metrics')).body.sqlStatements
    expect((await bySpent()).rows).toEqual([['Bob', 20], ['Alice', 10]])
    // A hit costs no extra statement: the page is still one.
    expect((await t.api('GET', '/api/metrics')).body.sqlStatements - before).toBe(1)
  })

  it('sees a change of a target row at once', async () => {
    expect((await t.api('PATCH', `/api/tables/${orders.id}/records/${ids['o1']}`, { fields: { Total: 50 } })).status).toBe(200)
    expect((await bySpent()).rows).toEqual([['Alice', 50], ['Bob', 20]])
  })

  it('sees new links and new source rows at once', async () => {
    expect((await t.api('PATCH', `/api/tables/${customers.id}/records/${ids['Carol']}`, { fields: { Orders: [ids['o3']] } })).status).toBe(200)
    expect((await bySpent()).rows).toEqual([['Alice', 50], ['Bob', 20], ['Carol', 5]])
    const dave = await t.api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: 'Dave', Orders: [ids['o2']] } })
    expect(dave.status).toBe(201)
    expect(await bySpent()).toEqual({ rows: [['Alice', 50], ['Bob', 20], ['Dave', 20], ['Carol', 5]], total: 4 })
  })

  it('sees deleted target rows at once', async () => {
    expect((await t.api('DELETE', `/api/tables/${orders.id}/records/${ids['o2']}`)).status).toBe(204)
    expect((await bySpent()).rows).toEqual([['Alice', 50], ['Carol', 5]])
  })
})
