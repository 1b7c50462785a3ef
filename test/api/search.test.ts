import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Quick search (issue 15): `search=` on list, query and view data; a case-insensitive contains
 * across the table's searchable fields (text, select labels, linked records' display values,
 * numbers by value), ANDed with the filter; `%` and `_` are literal; long text is a bounded 400.
 */
let t: TestServer
let contacts: { id: string; tableName: string; columns: Array<{ id: string; name: string }> }
let base = ''

const names = (body: { records: Array<{ fields: Record<string, unknown> }> }) => body.records.map((r) => r.fields['Name']).sort()
const search = async (text: string, extra = '') => {
  const r = await t.api('GET', `${base}?search=${encodeURIComponent(text)}&count=true${extra}`)
  expect(r.status, r.text).toBe(200)
  expect(r.body.total).toBe(r.body.records.length)
  return names(r.body)
}

type Row = { fields: Record<string, unknown> }
/**
 * A search's rows through `base` (a records or view data URL ending in `?` or `&`): all at once
 * (`all`), or page by page of `limit` by cursor or by offset, labelled by `label`.
 */
async function searchPages(base: string, term: string, by: 'all' | 'cursor' | 'offset', limit = 0, label = (x: Row) => String(x.fields['Name'])): Promise<string[]> {
  const out: string[] = []
  let cursor: string | undefined
  for (let page = 0; page < 200; page++) {
    const paging = by === 'all' ? '&limit=1000' : `&limit=${limit}${by === 'cursor' ? (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '') : `&offset=${page * limit}`}`
    const r = await t.api('GET', `${base}search=${term}${paging}`)
    expect(r.status, r.text).toBe(200)
    out.push(...(r.body.records as Row[]).map(label))
    cursor = r.body.nextCursor
    if (by === 'all' || r.body.records.length < limit || (by === 'cursor' && !cursor)) break
  }
  return out
}

beforeAll(async () => {
  t = await startTestServer()
  const appId = (await t.api('POST', '/api/apps', { name: 'Search' })).body.id
  const companies = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Companies', columns: [{ name: 'Name', type: 'text' }] })).body
  const acme = (await t.api('POST', `/api/tables/${companies.id}/records`, { fields: { Name: 'Acme Corp' } })).body.id
  const r = await t.api('POST', `/api/apps/${appId}/tables`, {
    name: 'Contacts',
    columns: [
      { name: 'Name', type: 'text' },
      { name: 'Notes', type: 'long_text' },
      { name: 'Email', type: 'email' },
      {
        name: 'Stage',
        type: 'single_select',
        config: {
          options: [
            { id: 's1', label: 'Won' },
            { id: 's2', label: 'Lost' },
          ],
        },
      },
      {
        name: 'Tags',
        type: 'multiple_select',
        config: {
          options: [
            { id: 't1', label: 'Priority' },
            { id: 't2', label: 'Cold' },
          ],
        },
      },
      { name: 'Amount', type: 'number' },
      { name: 'Company', type: 'relation', config: { targetTableId: companies.id } },
      { name: 'Shout', type: 'formula', config: { formula: "UPPER({Name}) & '!'" } },
    ],
  })
  expect(r.status, r.text).toBe(201)
  contacts = r.body
  base = `/api/tables/${contacts.id}/records`
  const rows = [
    { Name: 'Alice', Email: 'alice@example.com', Stage: 's1', Amount: 250.5 },
    { Name: 'Bob', Notes: 'met at the Alicante fair', Tags: ['t1'] },
    { Name: 'Carol', Email: 'carol@won.example', Stage: 's2', Company: [acme] },
    { Name: 'a_b', Notes: '100% sure' },
    { Name: 'axb', Notes: '100 percent' },
    { Name: 'Dave', Amount: 2505 },
  ]
  const bulk = await t.api('POST', `${base}/bulk`, { records: rows.map((fields) => ({ fields })) })
  expect(bulk.status, bulk.text).toBe(201)
})
afterAll(() => t?.close())

describe('quick search', () => {
  it('finds text anywhere in a text, long text or e-mail field, ignoring case', async () => {
    expect(await search('ali')).toEqual(['Alice', 'Bob'])
    expect(await search('ALI')).toEqual(['Alice', 'Bob'])
    expect(await search('example.com')).toEqual(['Alice'])
  })

  it('searches select labels (not ids), linked records by display value, numbers by value and text formulas', async () => {
    // "won" is Alice's stage label and part of Carol's e-mail; the option id s1 is not searched.
    expect(await search('won')).toEqual(['Alice', 'Carol'])
    expect(await search('s1')).toEqual([])
    expect(await search('prio')).toEqual(['Bob'])
    expect(await search('acme')).toEqual(['Carol'])
    expect(await search('250.5')).toEqual(['Alice'])
    expect(await search('250.50')).toEqual(['Alice'])
    expect(await search('DAVE!')).toEqual(['Dave'])
  })

  it('searches lookups as the looked-up field: text and select labels contain, numbers equal; dates not', async () => {
    const companiesId = (await t.api('GET', `/api/tables/${contacts.id}`)).body.columns.find((c: { name: string }) => c.name === 'Company').config.targetTableId as string
    const add = async (tableId: string, column: unknown) => {
      const r = await t.api('POST', `/api/tables/${tableId}/columns`, column)
      expect(r.status, r.text).toBe(201)
      return r.body.column.id as string
    }
    const city = await add(companiesId, { name: 'City', type: 'text' })
    const staff = await add(companiesId, { name: 'Staff', type: 'number' })
    const kind = await add(companiesId, { name: 'Kind', type: 'single_select', config: { options: [{ id: 'k1', label: 'Partner' }] } })
    const founded = await add(companiesId, { name: 'Founded', type: 'date' })
    const acme = (await t.api('GET', `/api/tables/${companiesId}/records`)).body.records[0].id as string
    const patched = await t.api('PATCH', `/api/tables/${companiesId}/records/${acme}`, { fields: { City: 'Zurich', Staff: 4711, Kind: 'k1', Founded: '1999-03-04' } })
    expect(patched.status, patched.text).toBe(200)
    const relation = contacts.columns.find((c) => c.name === 'Company')?.id ?? ''
    for (const [name, targetFieldId] of [
      ['Company city', city],
      ['Company staff', staff],
      ['Company kind', kind],
      ['Company founded', founded],
    ] as const)
      await add(contacts.id, { name, type: 'lookup', config: { relationFieldId: relation, targetFieldId } })
    expect(await search('zur')).toEqual(['Carol'])
    expect(await search('4711')).toEqual(['Carol'])
    expect(await search('471')).toEqual([])
    expect(await search('partner')).toEqual(['Carol'])
    expect(await search('k1')).toEqual([])
    expect(await search('1999')).toEqual([])
  })

  it('treats % and _ literally, and blank text as no search', async () => {
    expect(await search('_')).toEqual(['a_b'])
    expect(await search('%')).toEqual(['a_b'])
    expect(await search('a\\b')).toEqual([])
    expect(await search('   ')).toHaveLength(6)
    // Search text is a parameter, never SQL text.
    expect(await search(`x'; drop table ${contacts.tableName}; --`)).toEqual([])
    expect(await search("' or 1=1 --")).toEqual([])
    expect(await search('Alice')).toEqual(['Alice'])
  })

  it('is ANDed with the filter, and works on POST query and view data', async () => {
    const q = await t.api('POST', `${base}/query`, { search: 'ali', filter: { and: [{ field: 'Name', op: 'eq', value: 'Bob' }] }, count: true })
    expect(q.status, q.text).toBe(200)
    expect(names(q.body)).toEqual(['Bob'])
    expect(q.body.total).toBe(1)
    // Sorted by a relation (read from a join over the whole table): search still reads each row's own links.
    for (const [text, found] of [
      ['acme', ['Carol']],
      ['ali', ['Alice', 'Bob']],
    ] as const) {
      const sorted = await t.api('POST', `${base}/query`, { search: text, sort: [{ field: 'Company', direction: 'desc' }], count: true })
      expect(sorted.status, sorted.text).toBe(200)
      expect(names(sorted.body)).toEqual(found)
      expect(sorted.body.total).toBe(found.length)
    }
    const view = await t.api('POST', `/api/apps/${(await t.api('GET', `/api/tables/${contacts.id}`)).body.appId}/views`, {
      name: 'Won or lost',
      dataTableId: contacts.id,
      type: 'table',
      queryConfig: { filter: { and: [{ field: 'Stage', op: 'is_not_empty' }] } },
    })
    expect(view.status, view.text).toBe(201)
    const data = await t.api('GET', `/api/views/${view.body.id}/data?search=example`)
    expect(data.status, data.text).toBe(200)
    expect(names(data.body)).toEqual(['Alice', 'Carol'])
    const labels = await t.api('GET', `/api/views/${view.body.id}/data?search=alice&cellFormat=label`)
    expect(labels.body.records[0].fields.Stage).toBe('Won')
  })

  it('refuses search text over 200 characters with a bounded 400 naming search', async () => {
    const long = 'x'.repeat(10_000)
    for (const r of [await t.api('GET', `${base}?search=${long}`), await t.api('POST', `${base}/query`, { search: long }), await t.api('POST', `${base}/query`, { search: 42 })]) {
      expect(r.status, r.text.slice(0, 300)).toBe(400)
      expect(r.body.error.path).toEqual(['search'])
      expect(r.text.length).toBeLessThan(2000)
    }
    expect((await t.api('GET', `${base}?search=${'x'.repeat(200)}`)).status).toBe(200)
  })

  it('pages of a search in the default order are the same whether the walk of the next rows fills them or the branches run', async () => {
    // Name (indexed text) and Notes (long text, no index): one branch per field, so the first
    // pages try a walk of the next 20 rows per page row first (search-probe.ts).
    const made = await t.api('POST', `/api/apps/${(await t.api('GET', `/api/tables/${contacts.id}`)).body.appId}/tables`, {
      name: 'Walked',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Notes', type: 'long_text' },
      ],
    })
    expect(made.status, made.text).toBe(201)
    const url = `/api/tables/${made.body.id}/records`
    // Every third row "common"; "rare" at rows 5 and 150 (the walk for a page of 2 reads 40 rows: it finds one of them);
    // "late" only at row 170 (past any walk of the first pages).
    const rows = Array.from({ length: 180 }, (_, i) => ({
      fields: { Name: `row ${String(i).padStart(3, '0')}${i % 3 === 0 ? ' common' : ''}`, Notes: i === 5 || i === 150 ? 'a rare note' : i === 170 ? 'late' : 'plain' },
    }))
    for (const chunk of [rows.slice(0, 90), rows.slice(90)]) expect((await t.api('POST', `${url}/bulk`, { records: chunk })).status).toBe(201)
    const all = (term: string) => searchPages(`${url}?`, term, 'all')
    const paged = (term: string, limit: number, by: 'cursor' | 'offset') => searchPages(`${url}?`, term, by, limit)
    expect(await all('common')).toHaveLength(60)
    expect(await all('rare')).toEqual(['row 005', 'row 150 common'])
    expect(await all('late')).toEqual(['row 170'])
    for (const term of ['common', 'rare', 'late', 'row 1']) {
      const expected = await all(term)
      for (const limit of [1, 2, 3, 7]) for (const by of ['cursor', 'offset'] as const) expect(await paged(term, limit, by), `${term}, ${limit} a page by ${by}`).toEqual(expected)
    }
    // ANDed with a filter the walk cannot see past: still the same rows.
    const filtered = await t.api('POST', `${url}/query`, { search: 'common', limit: 2, filter: { and: [{ field: 'Name', op: 'contains', value: '17' }] } })
    expect(filtered.body.records.map((x: { fields: { Name: string } }) => x.fields.Name)).toEqual(['row 117 common', 'row 171 common'])
  })

  it('pages of a search in a sorted view are the same whether its sort index is walked or the branches run', async () => {
    // Rank: a number a view sorts by (which indexes it), in an order unlike creation's, with ties
    // and empties; Name: a text column sorted by nothing but its trigram (GIN) index, which cannot
    // hand out an order, so its searches are never walked.
    const appId = (await t.api('GET', `/api/tables/${contacts.id}`)).body.appId
    const made = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Ranked',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Notes', type: 'long_text' },
        { name: 'Rank', type: 'number' },
      ],
    })
    expect(made.status, made.text).toBe(201)
    const url = `/api/tables/${made.body.id}/records`
    const rows = Array.from({ length: 180 }, (_, i) => ({
      fields: {
        Name: `row ${String(i).padStart(3, '0')}${i % 3 === 0 ? ' common' : ''}`,
        Notes: i === 5 || i === 150 ? 'a rare note' : i === 170 ? 'late' : 'plain',
        Rank: i % 20 === 7 ? null : (i * 37) % 45,
      },
    }))
    for (const chunk of [rows.slice(0, 90), rows.slice(90)]) expect((await t.api('POST', `${url}/bulk`, { records: chunk })).status).toBe(201)
    const view = await t.api('POST', `/api/apps/${appId}/views`, {
      name: 'By rank',
      dataTableId: made.body.id,
      type: 'table',
      queryConfig: { sort: [{ field: 'Rank', direction: 'desc' }] },
    })
    expect(view.status, view.text).toBe(201)
    const btree = await t.db.db.query(sql`select indexdef from pg_indexes where tablename = ${made.body.tableName} and indexdef not like '%gin%' and indexdef like '%(f_%, id)%'`)
    expect(btree, 'the view indexed its sort column').toHaveLength(1)
    const label = (x: Row) => `${String(x.fields['Name'])}:${String(x.fields['Rank'])}`
    const sortBy = (field: string, direction: string) => `&sort=${encodeURIComponent(JSON.stringify([{ field, direction }]))}`
    const pages = (base: string, term: string, limit: number, by: 'cursor' | 'offset' | 'all') => searchPages(base, term, by, limit, label)
    const orders = [
      ['the view (Rank desc, indexed)', `/api/views/${view.body.id}/data?`],
      ['Rank desc, indexed', `${url}?${sortBy('Rank', 'desc')}&`],
      ['Rank asc, indexed', `${url}?${sortBy('Rank', 'asc')}&`],
      ['Name desc, no btree', `${url}?${sortBy('Name', 'desc')}&`],
    ] as const
    const rare = await pages(orders[1][1], 'rare', 0, 'all')
    expect(rare).toEqual(['row 150 common:15', 'row 005:5'])
    for (const [order, base] of orders) {
      for (const term of ['common', 'rare', 'late', 'row 1']) {
        const expected = await pages(base, term, 0, 'all')
        expect(expected.length, `${order}, ${term}`).toBeGreaterThan(0)
        for (const limit of [1, 2, 7])
          for (const by of ['cursor', 'offset'] as const) expect(await pages(base, term, limit, by), `${order}, ${term}, ${limit} a page by ${by}`).toEqual(expected)
      }
    }
  })

  it('short text columns get a trigram index; long text does not', async () => {
    // Built after the answer (a GIN build reads every row): polled.
    const trigram = async () => (await t.db.db.query(sql`select indexdef from pg_indexes where tablename = ${contacts.tableName} and indexdef like '%gin_trgm_ops%'`)).length
    // Name and Email; Notes (long text) is searched by reading the rows.
    await expect.poll(trigram).toBe(2)
    // A text column added later gets one too.
    const added = await t.api('POST', `/api/tables/${contacts.id}/columns`, { name: 'City', type: 'text' })
    expect(added.status, added.text).toBeLessThan(300)
    await expect.poll(trigram).toBe(3)
  })
})
