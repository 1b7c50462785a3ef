import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Search indexes follow a retype (issue 14): a column converted in place (every value converts)
 * keeps its physical column, loses the trigram index its new type cannot use and gains one (built
 * after the answer) when its new type is searchable text; a column archived by a lossy retype loses its index (nothing
 * searches archived columns, and every write would keep paying for it) and gets it back when
 * restored. Search answers the same throughout.
 */
let t: TestServer
let table: { id: string; tableName: string; columns: Array<{ id: string; name: string }> }
let base = ''

const names = async (text: string) => {
  const r = await t.api('GET', `${base}?search=${encodeURIComponent(text)}&count=true`)
  expect(r.status, r.text).toBe(200)
  return (r.body.records as Array<{ fields: Record<string, unknown> }>).map((x) => x.fields['Name']).sort()
}
/** The physical columns of the table that have a trigram index. */
const indexed = async () => {
  const rows = await t.db.db.query<{ indexdef: string }>(sql`select indexdef from pg_indexes where tablename = ${table.tableName} and indexdef like '%gin_trgm_ops%'`)
  return rows.map((r) => /\((f_[0-9a-f]+) gin_trgm_ops\)/.exec(r.indexdef)?.[1]).sort()
}
const columnsOf = async () => {
  const r = await t.api('GET', `/api/tables/${table.id}?includeArchived=true`)
  expect(r.status, r.text).toBe(200)
  return r.body as { columns: Array<{ id: string; name: string; type: string }>; archivedColumns?: Array<{ id: string; name: string; type: string }> }
}
const physical = async (columnId: string) => {
  const rows = await t.db.db.query<{ column_name: string }>(sql`select column_name from data_table_columns where id = ${columnId}`)
  return rows[0]?.column_name
}

beforeAll(async () => {
  t = await startTestServer()
  const appId = (await t.api('POST', '/api/apps', { name: 'Retype search' })).body.id
  const made = await t.api('POST', `/api/apps/${appId}/tables`, {
    name: 'Parts',
    columns: [
      { name: 'Name', type: 'text' },
      { name: 'Code', type: 'text' },
      { name: 'Label', type: 'text' },
    ],
  })
  expect(made.status, made.text).toBe(201)
  table = made.body
  base = `/api/tables/${table.id}/records`
  const rows = [
    { Name: 'bolt', Code: '250.5', Label: 'steel A7' },
    { Name: 'nut', Code: ' 12 ', Label: 'brass' },
    { Name: 'washer', Code: null, Label: 'zinc A7' },
  ]
  const bulk = await t.api('POST', `${base}/bulk`, { records: rows.map((fields) => ({ fields })) })
  expect(bulk.status, bulk.text).toBe(201)
})
afterAll(() => t?.close())

describe('search indexes across retypes', () => {
  it('every text column starts with its trigram index', async () => {
    // Indexes are built after the answer (a GIN build reads every row): polled where one is to appear.
    const all = (await Promise.all(table.columns.map((c) => physical(c.id)))).sort()
    await expect.poll(indexed).toEqual(all)
    expect(await names('250')).toEqual(['bolt'])
  })

  it('a lossless retype to number converts in place: same column, no trigram index, search by value', async () => {
    const code = table.columns.find((c) => c.name === 'Code')!
    const before = await physical(code.id)
    const r = await t.api('PATCH', `/api/tables/${table.id}/columns/${code.id}`, { type: 'number' })
    expect(r.status, r.text).toBe(200)
    expect(r.body.plan.conversions).toEqual([{ columnId: code.id, name: 'Code', from: 'text', to: 'number', values: 2, wouldEmpty: 0 }])
    // In place: nothing archived, the physical column kept, its values numbers now.
    expect((await columnsOf()).archivedColumns ?? []).toEqual([])
    expect(await physical(code.id)).toBe(before)
    expect(await indexed()).not.toContain(before)
    const recs = await t.api('GET', `${base}?sort=${encodeURIComponent(JSON.stringify([{ field: 'Name', direction: 'asc' }]))}`)
    expect(recs.body.records.map((x: { fields: Record<string, unknown> }) => x.fields['Code'])).toEqual([250.5, 12, null])
    // Search: a number by its value; text columns as before.
    expect(await names('250.5')).toEqual(['bolt'])
    expect(await names('12')).toEqual(['nut'])
    expect(await names('a7')).toEqual(['bolt', 'washer'])
  })

  it('back to text converts in place and the column is searchable text again, with its index', async () => {
    const code = table.columns.find((c) => c.name === 'Code')!
    const r = await t.api('PATCH', `/api/tables/${table.id}/columns/${code.id}`, { type: 'text' })
    expect(r.status, r.text).toBe(200)
    expect((await columnsOf()).archivedColumns ?? []).toEqual([])
    const now = await physical(code.id)
    await expect.poll(indexed).toContain(now)
    expect(await names('250.')).toEqual(['bolt'])
  })

  it('a lossy retype (forced) archives the old column without its index; restoring brings both back', async () => {
    const label = table.columns.find((c) => c.name === 'Label')!
    const old = await physical(label.id)
    const refused = await t.api('PATCH', `/api/tables/${table.id}/columns/${label.id}`, { type: 'number' })
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('KRN_ERR_DDL_LOSSY_CHANGE')
    expect(refused.body.error.details.conversions).toEqual([{ columnId: label.id, name: 'Label', from: 'text', to: 'number', values: 3, wouldEmpty: 3 }])
    expect(await indexed()).toContain(old)

    const r = await t.api('PATCH', `/api/tables/${table.id}/columns/${label.id}?force=true`, { type: 'number' })
    expect(r.status, r.text).toBe(200)
    const archived = (await columnsOf()).archivedColumns ?? []
    expect(archived).toHaveLength(1)
    expect(archived[0]).toMatchObject({ name: 'Label (before change to number)', type: 'text' })
    expect(await physical(archived[0]!.id)).toBe(old)
    expect(await indexed()).not.toContain(old)
    // Archived text is not searched; the other columns still are.
    expect(await names('brass')).toEqual([])
    expect(await names('bolt')).toEqual(['bolt'])

    const restored = await t.api('POST', `/api/tables/${table.id}/columns/${archived[0]!.id}/restore`)
    expect(restored.status, restored.text).toBe(200)
    await expect.poll(indexed).toContain(old)
    expect(await names('brass')).toEqual(['nut'])
  })
})
