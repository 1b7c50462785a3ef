import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Issue 12, defect 11: after 1,200 add/remove cycles a table with 3 columns refused every add.
 * Archived columns can be purged, and a table compacted so PostgreSQL's dropped columns stop counting.
 */
let t: TestServer
let customers: any
let orders: any
const ids: Record<string, string> = {}

const get = async (id: string) => (await t.api('GET', `/api/tables/${id}?includeArchived=true`)).body
const col = (table: any, name: string) => table.columns.find((c: any) => c.name === name)
const list = async (id: string) =>
  (await t.api('GET', `/api/tables/${id}/records?sort=${encodeURIComponent(JSON.stringify([{ field: 'Name', direction: 'asc' }]))}`)).body.records.map((r: any) => r.fields)
const slots = async (tableName: string) =>
  (await t.db.db.query<{ n: number }>(sql`select count(*)::int as n from pg_attribute where attrelid = to_regclass(${tableName}::text) and attnum > 0`))[0]!.n
const indexes = async (tableName: string) =>
  (await t.db.db.query<{ indexname: string }>(sql`select indexname from pg_indexes where tablename = ${tableName} order by indexname`)).map((r) => r.indexname)

beforeAll(async () => {
  t = await startTestServer()
  const appId = (await t.api('POST', '/api/apps', { name: 'Compaction' })).body.id
  customers = (
    await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Customers',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Tier', type: 'text' },
      ],
    })
  ).body
  orders = (
    await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Orders',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Total', type: 'number' },
      ],
    })
  ).body
  const rel = await t.api('POST', `/api/tables/${customers.id}/columns`, {
    name: 'Orders',
    type: 'relation',
    config: { targetTableId: orders.id, allowMultiple: true, reverseRelationName: 'Customer' },
  })
  expect(rel.status).toBe(201)
  customers = await get(customers.id)
  const spent = await t.api('POST', `/api/tables/${customers.id}/columns`, {
    name: 'Spent',
    type: 'aggregation',
    config: { relationFieldId: col(customers, 'Orders').id, targetFieldId: col(orders, 'Total').id, aggregation: 'sum' },
  })
  expect(spent.status).toBe(201)
  for (const [name, total] of [
    ['o1', 10],
    ['o2', 32],
    ['o3', 5],
  ] as const)
    ids[name] = (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Name: name, Total: total } })).body.id
  ids['alice'] = (await t.api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: 'Alice', Tier: '2', Orders: [ids['o1'], ids['o2']] } })).body.id
  ids['bob'] = (await t.api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: 'Bob', Tier: 'one', Orders: [ids['o3']] } })).body.id
})
afterAll(() => t?.close())

describe('purging archived columns', () => {
  it('removed and converted columns stay archived until purged, one or all; a purged one cannot be restored', async () => {
    for (let i = 0; i < 3; i++) {
      const added = await t.api('POST', `/api/tables/${customers.id}/columns`, { name: `Tmp ${i}`, type: 'number' })
      expect(added.status).toBe(201)
      expect((await t.api('DELETE', `/api/tables/${customers.id}/columns/${added.body.column.id}`)).status).toBe(200)
    }
    // text -> number losing a value ('one', forced) makes a fresh column and archives the old values
    // (a conversion that loses nothing rewrites the column in place: nothing to archive).
    customers = await get(customers.id)
    expect((await t.api('PATCH', `/api/tables/${customers.id}/columns/${col(customers, 'Tier').id}?force=true`, { type: 'number' })).status).toBe(200)
    customers = await get(customers.id)
    expect(customers.archivedColumns.map((c: any) => c.name).sort()).toEqual(['Tier (before change to number)', 'Tmp 0', 'Tmp 1', 'Tmp 2'])
    const before = await slots(customers.tableName)

    const one = customers.archivedColumns.find((c: any) => c.name === 'Tmp 0')
    const r = await t.api('DELETE', `/api/tables/${customers.id}/archived-columns/${one.id}`)
    expect(r.status).toBe(200)
    expect(r.body.purged).toEqual([{ id: one.id, name: 'Tmp 0' }])
    expect(r.body.table.archivedColumns).toHaveLength(3)
    expect((await t.api('POST', `/api/tables/${customers.id}/columns/${one.id}/restore`)).body.error.code).toBe('KRN_ERR_NOT_FOUND')
    expect((await t.api('DELETE', `/api/tables/${customers.id}/archived-columns/${one.id}`)).status).toBe(404)

    const all = await t.api('DELETE', `/api/tables/${customers.id}/archived-columns`)
    expect(all.status).toBe(200)
    expect(all.body.purged).toHaveLength(3)
    expect(all.body.table.archivedColumns).toEqual([])
    // Dropped, the columns still hold PostgreSQL's slots: only compaction gives those back.
    expect(await slots(customers.tableName)).toBe(before)
    expect(await list(customers.id)).toMatchObject([
      { Name: 'Alice', Tier: 2, Spent: 42 },
      { Name: 'Bob', Tier: null, Spent: 5 },
    ])
  })

  it('purging a removed relation drops its link table, with the other side', async () => {
    const rel = await t.api('POST', `/api/tables/${orders.id}/columns`, {
      name: 'Also',
      type: 'relation',
      config: { targetTableId: customers.id, allowMultiple: true, reverseRelationName: 'Also of' },
    })
    expect(rel.status).toBe(201)
    const lk = `lk_${String(rel.body.column.id).replace(/-/g, '').slice(0, 16)}`
    expect((await t.db.db.query(sql`select to_regclass(${lk}::text) as r`))[0]).toEqual({ r: lk })
    expect((await t.api('DELETE', `/api/tables/${orders.id}/columns/${rel.body.column.id}`)).status).toBe(200)
    expect((await get(customers.id)).archivedColumns.map((c: any) => c.name)).toEqual(['Also of'])
    expect((await t.api('DELETE', `/api/tables/${orders.id}/archived-columns`)).body.purged.map((c: any) => c.name)).toEqual(['Also'])
    expect((await get(customers.id)).archivedColumns).toEqual([])
    expect((await t.db.db.query(sql`select to_regclass(${lk}::text) as r`))[0]).toEqual({ r: null })
  })
})

describe('compacting a table', () => {
  it('refuses to add a column when PostgreSQL slots run out, saying how to get them back; compaction does, keeping rows, links, stored values and indexes', async () => {
    // 1,200 add/remove cycles through the API take minutes; the same slots used up directly in SQL.
    const name = customers.tableName as string
    const junk = 1590 - (await slots(name))
    await t.db.db.exec(
      `do $$ begin for i in 1..${junk} loop execute format('alter table %I add column junk_%s int', '${name}', i); execute format('alter table %I drop column junk_%s', '${name}', i); end loop; end $$`,
    )
    const full = await t.api('POST', `/api/tables/${customers.id}/columns`, { name: 'One more', type: 'text' })
    expect(full.status).toBe(409)
    expect(full.body.error.code).toBe('KRN_ERR_DDL_TABLE_NEEDS_COMPACTION')
    expect(full.body.error.message).toContain('POST /api/tables/:id/compact')

    const indexesBefore = await indexes(name)
    const rowsBefore = await list(customers.id)
    const c = await t.api('POST', `/api/tables/${customers.id}/compact`)
    expect(c.status).toBe(200)
    expect(c.body.attributeSlotsBefore).toBeGreaterThan(1580)
    // id, created_at, updated_at, created_by, Name, Tier's fresh column and Spent's stored values.
    expect(c.body.attributeSlotsAfter).toBe(7)
    expect(await indexes(name)).toEqual(indexesBefore)
    expect(await list(customers.id)).toEqual(rowsBefore)

    expect((await t.api('POST', `/api/tables/${customers.id}/columns`, { name: 'One more', type: 'text' })).status).toBe(201)
    expect((await t.api('PATCH', `/api/tables/${customers.id}/records/${ids['bob']}`, { fields: { 'One more': 'yes', Orders: [ids['o3'], ids['o2']] } })).status).toBe(200)
    // The link table's foreign keys point at the rebuilt table: deleting an order still cascades.
    expect((await t.api('DELETE', `/api/tables/${orders.id}/records/${ids['o2']}`)).status).toBe(204)
    expect(await list(customers.id)).toMatchObject([
      { Name: 'Alice', Spent: 10, Orders: [{ id: ids['o1'] }] },
      { Name: 'Bob', Spent: 5, 'One more': 'yes', Orders: [{ id: ids['o3'] }] },
    ])
    // And deleting a customer removes its links (the foreign key on the src side cascades too).
    expect((await t.api('DELETE', `/api/tables/${customers.id}/records/${ids['alice']}`)).status).toBe(204)
    const o1 = (await t.api('GET', `/api/tables/${orders.id}/records/${ids['o1']}`)).body.fields
    expect(o1.Customer ?? []).toEqual([])
  })

  it('answers 404 for a missing table', async () => {
    expect((await t.api('POST', `/api/tables/00000000-0000-4000-8000-000000000000/compact`)).status).toBe(404)
  })
})
