import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

// Deleted records come back as they were: same id, values, creation time and links (undo of a
// delete in the grid, POST .../records/restore).
let t: TestServer
let customers: any
let orders: any
let alice: string, bob: string

const get = async (tableId: string, id: string) => (await t.api('GET', `/api/tables/${tableId}/records/${id}`)).body
const restore = (tableId: string, ids: string[]) => t.api('POST', `/api/tables/${tableId}/records/restore`, { ids })
const linked = (cell: Array<{ id: string }> | null) => (cell ?? []).map((l) => l.id).sort()

beforeAll(async () => {
  t = await startTestServer()
  const appId = (await t.api('POST', '/api/apps', { name: 'Shop' })).body.id
  customers = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Customers', columns: [{ name: 'Name', type: 'text' }] })).body
  orders = (
    await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Orders',
      columns: [
        { name: 'Ref', type: 'text' },
        { name: 'Total', type: 'number', config: { precision: 2 } },
        { name: 'Due', type: 'date' },
      ],
    })
  ).body
  expect(
    (await t.api('POST', `/api/tables/${orders.id}/columns`, { name: 'Customer', type: 'relation', config: { targetTableId: customers.id, reverseRelationName: 'Orders' } }))
      .status,
  ).toBe(201)
  customers = (await t.api('GET', `/api/tables/${customers.id}`)).body
  const ordersField = customers.columns.find((c: any) => c.name === 'Orders').id
  expect(
    (await t.api('POST', `/api/tables/${customers.id}/columns`, { name: 'Order count', type: 'aggregation', config: { relationFieldId: ordersField, aggregation: 'count' } }))
      .status,
  ).toBe(201)
  alice = (await t.api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: 'Alice' } })).body.id
  bob = (await t.api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: 'Bob' } })).body.id
})
afterAll(() => t?.close())

describe('restoring deleted records', () => {
  it('brings records deleted one by one and in bulk back with their ids, values, creation time and links from both sides', async () => {
    const mk = async (Ref: string, Total: number, Customer: string[]) =>
      (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref, Total, Due: '2026-12-24', Customer } })).body
    const o1 = await mk('A-1', 10.25, [alice])
    const o2 = await mk('A-2', 32.5, [alice, bob])
    expect((await get(customers.id, alice)).fields['Order count']).toBe(2)

    expect((await t.api('DELETE', `/api/tables/${orders.id}/records/${o1.id}`)).status).toBe(204)
    expect((await t.api('POST', `/api/tables/${orders.id}/records/delete`, { ids: [o2.id] })).body).toEqual({ deleted: 1 })
    expect((await get(customers.id, alice)).fields['Order count']).toBe(0)

    const r = await restore(orders.id, [o1.id, o2.id])
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ restored: 2, ids: [o1.id, o2.id], linksSkipped: 0 })
    for (const before of [o1, o2]) {
      const after = await get(orders.id, before.id)
      expect(after.createdAt).toBe(before.createdAt)
      expect(after.createdBy).toBe(before.createdBy)
      expect({ ...after.fields, Customer: linked(after.fields.Customer) }).toEqual({ ...before.fields, Customer: linked(before.fields.Customer) })
    }
    // The other side sees its links again, and what it computes from them is up to date.
    const a = await get(customers.id, alice)
    expect(linked(a.fields.Orders)).toEqual([o1.id, o2.id].sort())
    expect(a.fields['Order count']).toBe(2)
    expect(linked((await get(customers.id, bob)).fields.Orders)).toEqual([o2.id])
  })

  it('keeps the history of one record: the delete entry reads without its copy, the restore is an entry of its own', async () => {
    const o = (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'H-1', Total: 1 } })).body
    await t.api('DELETE', `/api/tables/${orders.id}/records/${o.id}`)
    expect((await restore(orders.id, [o.id])).status).toBe(200)
    const log = (await t.api('GET', `/api/audit/logs?resourceType=record&resourceId=${o.id}`)).body.entries
    expect(log.map((e: any) => e.action)).toEqual(['record.restore', 'record.delete', 'record.create'])
    const deleted = log[1].metadata
    expect(deleted.values).toMatchObject({ Ref: 'H-1', Total: 1 })
    expect(deleted).not.toHaveProperty('restore')
    expect(log[0].metadata.values).toMatchObject({ Ref: 'H-1', Total: 1 })
  })

  it('refuses, restoring none, a record that exists or was never deleted here, naming it', async () => {
    const kept = (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'K-1' } })).body.id
    const gone = (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'K-2' } })).body.id
    await t.api('DELETE', `/api/tables/${orders.id}/records/${gone}`)

    const exists = await restore(orders.id, [gone, kept])
    expect(exists.status).toBe(409)
    expect(exists.body.error).toMatchObject({ code: 'KRN_ERR_CONFLICT', path: ['ids', 1] })
    expect(exists.body.error.message).toContain('only deleted records can be restored')

    const never = await restore(orders.id, [gone, '0190a6f0-0000-7000-8000-000000000000'])
    expect(never.status).toBe(409)
    expect(never.body.error).toMatchObject({ code: 'KRN_ERR_RECORD_NOT_RESTORABLE', path: ['ids', 1] })
    expect(never.body.error.message).toContain('no copy of it was kept')
    // Deleted from another table: not this table's to restore.
    expect((await restore(customers.id, [gone])).body.error.code).toBe('KRN_ERR_RECORD_NOT_RESTORABLE')
    // All or none: the restorable one stayed deleted.
    expect((await t.api('GET', `/api/tables/${orders.id}/records/${gone}`)).status).toBe(404)
    expect((await restore(orders.id, [gone])).status).toBe(200)

    const bad = await t.api('POST', `/api/tables/${orders.id}/records/restore`, { ids: ['x'] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['ids', 0])
  })

  it('leaves out links to records deleted since, and says how many; undone in reverse order, every link is back', async () => {
    const carol = (await t.api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: 'Carol' } })).body.id
    const o = (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'C-1', Customer: [carol, alice] } })).body.id
    await t.api('DELETE', `/api/tables/${orders.id}/records/${o}`)
    await t.api('DELETE', `/api/tables/${customers.id}/records/${carol}`)
    // Out of order: Carol is still deleted, so the order comes back linked to Alice only.
    expect((await restore(orders.id, [o])).body).toMatchObject({ restored: 1, linksSkipped: 1 })
    expect(linked((await get(orders.id, o)).fields.Customer)).toEqual([alice])

    // As undo runs: the last delete first, then the one before it.
    const o2 = (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'C-2', Customer: [bob] } })).body.id
    await t.api('DELETE', `/api/tables/${orders.id}/records/${o2}`)
    await t.api('DELETE', `/api/tables/${customers.id}/records/${bob}`)
    expect((await restore(customers.id, [bob])).body).toMatchObject({ restored: 1 })
    expect((await restore(orders.id, [o2])).body).toMatchObject({ restored: 1, linksSkipped: 0 })
    expect(linked((await get(customers.id, bob)).fields.Orders)).toContain(o2)
  })

  it('says which column stands in the way once one needs a value the record did not have', async () => {
    const o = (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'R-1' } })).body.id
    await t.api('DELETE', `/api/tables/${orders.id}/records/${o}`)
    // Every remaining order has a Total; make it required.
    const rest = (await t.api('GET', `/api/tables/${orders.id}/records?limit=100`)).body.records
    for (const rec of rest) if (rec.fields.Total === null) await t.api('PATCH', `/api/tables/${orders.id}/records/${rec.id}`, { fields: { Total: 0 } })
    const total = orders.columns.find((c: any) => c.name === 'Total')
    const req = await t.api('PATCH', `/api/tables/${orders.id}/columns/${total.id}`, { required: true })
    expect(req.status).toBe(200)
    const r = await restore(orders.id, [o])
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('KRN_ERR_RECORD_NOT_RESTORABLE')
    expect(r.body.error.message).toContain("'Total' needs a value now")
  })
})
