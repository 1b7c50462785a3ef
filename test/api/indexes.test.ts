import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Index proposals from observed queries (issue 14): the columns ad-hoc list queries filter and
 * sort by are counted with how long the queries took; three slow ones on an unindexed column
 * propose its index, which one request creates. `slowQueryMs: 0` makes every query count as
 * slow here, so the test holds whatever the machine's speed.
 */
async function call(t: TestServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { ...t.owner.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

async function makeTable(t: TestServer) {
  const app = await call(t, 'POST', '/api/apps', { name: 'Idx' })
  const table = await call(t, 'POST', `/api/apps/${app.body.id}/tables`, {
    name: 'Deals',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'Amount', type: 'number', config: { precision: 2 } },
      { name: 'Due', type: 'date' },
      { name: 'Total', type: 'formula', config: { formula: '{Amount} * 2' } },
    ],
  })
  expect(table.status).toBe(201)
  await call(t, 'POST', `/api/tables/${table.body.id}/records/bulk`, { records: [{ fields: { Title: 'a', Amount: 1 } }, { fields: { Title: 'b', Amount: 2 } }] })
  return { appId: app.body.id as string, tableId: table.body.id as string }
}

const list = (t: TestServer, tableId: string, q: string) => call(t, 'GET', `/api/tables/${tableId}/records?${q}`)

describe('index proposals', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ slowQueryMs: 0 })
  })
  afterAll(() => t?.close())

  it('proposes the column slow queries filter and sort by, and creates its index on request', async () => {
    const { tableId } = await makeTable(t)
    const none = await call(t, 'GET', `/api/tables/${tableId}/indexes`)
    expect(none.status).toBe(200)
    expect(none.body.autoIndex).toBe(false)
    expect(none.body.proposals).toEqual([])
    const byAmount = `filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Amount', op: 'gt', value: 0 }] }))}&sort=${encodeURIComponent(JSON.stringify([{ field: 'Due', direction: 'desc' }]))}`
    await list(t, tableId, byAmount)
    await list(t, tableId, byAmount)
    // Two slow queries are not yet a pattern.
    expect((await call(t, 'GET', `/api/tables/${tableId}/indexes`)).body.proposals).toEqual([])
    await list(t, tableId, byAmount)
    const advice = await call(t, 'GET', `/api/tables/${tableId}/indexes`)
    const proposed = Object.fromEntries(advice.body.proposals.map((p: any) => [p.field, p]))
    expect(Object.keys(proposed).sort()).toEqual(['Amount', 'Due'])
    expect(proposed.Amount).toMatchObject({ filtered: 3, sorted: 0, slowQueries: 3 })
    expect(proposed.Due).toMatchObject({ filtered: 0, sorted: 3, slowQueries: 3 })
    expect(proposed.Amount.reason).toContain("'Amount' was filtered 3x")

    const made = await call(t, 'POST', `/api/tables/${tableId}/indexes`, { field: 'Amount' })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ field: 'Amount', created: true })
    const again = await call(t, 'POST', `/api/tables/${tableId}/indexes`, { field: 'Amount' })
    expect(again.body.created).toBe(false)
    const after = await call(t, 'GET', `/api/tables/${tableId}/indexes`)
    expect(after.body.indexed.map((i: any) => i.field)).toContain('Amount')
    expect(after.body.proposals.map((p: any) => p.field)).toEqual(['Due'])
    // The index is real: the planner has it on the physical table.
    const table = await call(t, 'GET', `/api/tables/${tableId}`)
    const names = await t.db.db.query<{ indexname: string }>(sql`select indexname from pg_indexes where tablename = ${table.body.tableName as string}`)
    expect(names.map((r) => r.indexname)).toContain(made.body.index)
  })

  it('proposes a search index for a long text that slow quick searches read row by row, and creates it on request', async () => {
    const { tableId } = await makeTable(t)
    const added = await call(t, 'POST', `/api/tables/${tableId}/columns`, { name: 'Notes', type: 'long_text' })
    expect(added.status).toBe(201)
    await call(t, 'POST', `/api/tables/${tableId}/records`, { fields: { Title: 'c', Notes: 'met at the Lisbon fair' } })
    for (let i = 0; i < 3; i++) expect((await list(t, tableId, 'search=lisbon')).body.records).toHaveLength(1)
    const advice = await call(t, 'GET', `/api/tables/${tableId}/indexes`)
    expect(advice.status).toBe(200)
    // Title (text) has its search index from the start: only the long text is read row by row.
    expect(advice.body.proposals).toEqual([expect.objectContaining({ field: 'Notes', kind: 'search', searched: 3, filtered: 0, sorted: 0, slowQueries: 3 })])
    expect(advice.body.proposals[0].reason).toContain("Quick search read 'Notes' row by row 3x")

    // A search index needs a column stored as text.
    const numeric = await call(t, 'POST', `/api/tables/${tableId}/indexes`, { field: 'Amount', kind: 'search' })
    expect(numeric.status).toBe(400)
    expect(numeric.body.error).toMatchObject({ code: 'KRN_ERR_VALIDATION', path: ['kind'] })

    const made = await call(t, 'POST', `/api/tables/${tableId}/indexes`, { field: 'Notes', kind: 'search' })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ field: 'Notes', kind: 'search', created: true })
    expect(made.body.index).toMatch(/_trgm$/)
    expect((await call(t, 'POST', `/api/tables/${tableId}/indexes`, { field: 'Notes', kind: 'search' })).body.created).toBe(false)
    const after = await call(t, 'GET', `/api/tables/${tableId}/indexes`)
    expect(after.body.indexed).toEqual([expect.objectContaining({ field: 'Notes', kind: 'search', index: made.body.index })])
    expect(after.body.proposals).toEqual([])
    // The index is real and trigram: the search still answers; a retype to a type trigrams cannot take drops it.
    const table = await call(t, 'GET', `/api/tables/${tableId}`)
    const defs = await t.db.db.query<{ indexdef: string }>(
      sql`select indexdef from pg_indexes where tablename = ${table.body.tableName as string} and indexname = ${made.body.index as string}`,
    )
    expect(defs[0]?.indexdef).toContain('gin_trgm_ops')
    expect((await list(t, tableId, 'search=LISBON')).body.records).toHaveLength(1)
    const notes = table.body.columns.find((c: { name: string }) => c.name === 'Notes').id as string
    const retyped = await call(t, 'PATCH', `/api/tables/${tableId}/columns/${notes}?force=true`, { type: 'number' })
    expect(retyped.status, JSON.stringify(retyped.body)).toBe(200)
    expect((await call(t, 'GET', `/api/tables/${tableId}/indexes`)).body.indexed).toEqual([])
  })

  it('proposes the btree of a number column slow quick searches compare by value, and counts it only for terms that read as numbers', async () => {
    const { tableId } = await makeTable(t)
    // Words never compare with a number: Amount is not read for them.
    for (let i = 0; i < 3; i++) expect((await list(t, tableId, 'search=zzz')).status).toBe(200)
    expect((await call(t, 'GET', `/api/tables/${tableId}/indexes`)).body.proposals).toEqual([])
    // A number term is an equality on Amount (a search by value): three slow ones propose its index.
    for (let i = 0; i < 3; i++) expect((await list(t, tableId, 'search=2')).body.records.map((r: { fields: { Title: string } }) => r.fields.Title)).toEqual(['b'])
    const advice = await call(t, 'GET', `/api/tables/${tableId}/indexes`)
    expect(advice.body.proposals).toEqual([expect.objectContaining({ field: 'Amount', kind: 'sort', filtered: 3, searched: 0, slowQueries: 3 })])
    const made = await call(t, 'POST', `/api/tables/${tableId}/indexes`, { field: 'Amount' })
    expect(made.status).toBe(201)
    expect((await call(t, 'GET', `/api/tables/${tableId}/indexes`)).body.proposals).toEqual([])
    expect((await list(t, tableId, 'search=2')).body.records).toHaveLength(1)
  })

  it('refuses what cannot be indexed with a 400 naming the field, and unknown tables with 404', async () => {
    const { tableId } = await makeTable(t)
    const unknown = await call(t, 'POST', `/api/tables/${tableId}/indexes`, { field: 'Nope' })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error).toMatchObject({ code: 'KRN_ERR_VALIDATION', path: ['field'] })
    const computed = await call(t, 'POST', `/api/tables/${tableId}/indexes`, { field: 'Total' })
    expect(computed.status).toBe(400)
    expect(computed.body.error.message).toContain('Total')
    const bad = await call(t, 'POST', `/api/tables/${tableId}/indexes`, { field: 'Amount', extra: 1 })
    expect(bad.status).toBe(400)
    expect((await call(t, 'GET', '/api/tables/00000000-0000-4000-8000-000000000000/indexes')).status).toBe(404)
  })
})

describe('automatic indexes (DOCPAL_AUTO_INDEX=on)', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ slowQueryMs: 0, autoIndex: true })
  })
  afterAll(() => t?.close())

  it('creates the index of a column once slow queries keep filtering by it', async () => {
    const { tableId } = await makeTable(t)
    const q = `filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Title', op: 'eq', value: 'a' }] }))}`
    for (let i = 0; i < 3; i++) expect((await list(t, tableId, q)).status).toBe(200)
    // Created in the background, after the third query answered.
    let indexed: string[] = []
    for (let i = 0; i < 100 && !indexed.includes('Title'); i++) {
      indexed = (await call(t, 'GET', `/api/tables/${tableId}/indexes`)).body.indexed.map((x: any) => x.field)
      if (!indexed.includes('Title')) await new Promise((r) => setTimeout(r, 50))
    }
    expect(indexed).toContain('Title')
    const advice = await call(t, 'GET', `/api/tables/${tableId}/indexes`)
    expect(advice.body.autoIndex).toBe(true)
    expect(advice.body.proposals).toEqual([])
  })

  it('creates the search index of a long text once slow quick searches keep reading it', async () => {
    const { tableId } = await makeTable(t)
    expect((await call(t, 'POST', `/api/tables/${tableId}/columns`, { name: 'Notes', type: 'long_text' })).status).toBe(201)
    for (let i = 0; i < 3; i++) expect((await list(t, tableId, 'search=x')).status).toBe(200)
    let indexed: Array<{ field: string; kind: string }> = []
    for (let i = 0; i < 100 && !indexed.length; i++) {
      indexed = (await call(t, 'GET', `/api/tables/${tableId}/indexes`)).body.indexed
      if (!indexed.length) await new Promise((r) => setTimeout(r, 50))
    }
    // A search reads the long text only: no btree for it, one trigram index.
    expect(indexed.map((x) => [x.field, x.kind])).toEqual([['Notes', 'search']])
  })
})
