import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Record queries over real HTTP: 60 seeded rows, checked against a model computed here.
 */

const N = 60
const pad = (i: number) => String(i).padStart(2, '0')

interface Row {
  id: string
  i: number
  Code: string
  Name: string
  Qty: number | null
  Price: number
  Due: string | null
  At: string
  Stage: string | null
  Tags: string[] | null
  Done: boolean | null
  Note: string | null
}

function seed(i: number): Omit<Row, 'id'> {
  return {
    i,
    Code: `r${pad(i)}`,
    Name: i % 3 === 0 ? `Apple ${i}` : i % 3 === 1 ? `banana ${i}` : `Cherry pie ${i}`,
    Qty: i % 7 === 0 ? null : i % 10,
    Price: i * 1.5,
    Due: i % 5 === 0 ? null : `2024-01-${pad(1 + (i % 28))}`,
    At: new Date(Date.UTC(2024, 5, 1) + i * 3_600_000).toISOString(),
    Stage: (['s1', 's2', 's3', null] as const)[i % 4]!,
    Tags: [null, ['red'], ['red', 'green'], ['blue'], []][i % 5]!,
    Done: i % 3 === 0 ? true : i % 3 === 1 ? false : null,
    Note: i % 6 === 0 ? null : i % 6 === 1 ? '' : `note ${i}`,
  }
}

vi.setConfig({ testTimeout: 60_000 })

let t: TestServer
let base: string
let rows: Row[]
let colId: Record<string, string>

const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v))

async function list(params: Record<string, unknown>) {
  const qs = Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? encodeURIComponent(String(v)) : enc(v)}`)
    .join('&')
  return t.api('GET', `${base}?${qs}`)
}

/** Codes of the rows a filter returns, in code order. */
async function codesFor(filter: unknown): Promise<string[]> {
  const r = await list({ filter, limit: 1000, sort: [{ field: 'Code', direction: 'asc' }] })
  expect(r.status, JSON.stringify(r.body)).toBe(200)
  return r.body.records.map((x: { fields: { Code: string } }) => x.fields.Code)
}

const expected = (pred: (r: Row) => boolean) => rows.filter(pred).map((r) => r.Code)

async function check(filter: unknown, pred: (r: Row) => boolean) {
  const want = expected(pred)
  expect(want.length, 'model sanity: the filter should match some rows').toBeGreaterThan(0)
  expect(want.length, 'model sanity: the filter should not match all rows').toBeLessThan(N)
  expect(await codesFor(filter)).toEqual(want)
}

/** Expected order for sort keys over the model (PostgreSQL: asc nulls last, desc nulls first; then id). */
function sorted(keys: Array<{ get: (r: Row) => number | string | null; dir: 'asc' | 'desc' }>): string[] {
  const cmp = (a: number | string | null, b: number | string | null, dir: 'asc' | 'desc') => {
    if (a === b) return 0
    if (a === null) return dir === 'asc' ? 1 : -1
    if (b === null) return dir === 'asc' ? -1 : 1
    const c = a < b ? -1 : 1
    return dir === 'asc' ? c : -c
  }
  const lastDir = keys.length ? keys[keys.length - 1]!.dir : 'asc'
  return [...rows]
    .sort((x, y) => {
      for (const k of keys) {
        const c = cmp(k.get(x), k.get(y), k.dir)
        if (c) return c
      }
      return cmp(x.id, y.id, lastDir)
    })
    .map((r) => r.Code)
}

beforeAll(async () => {
  t = await startTestServer()
  const app = await t.api('POST', '/api/apps', { name: 'Query app' })
  const table = await t.api('POST', `/api/apps/${app.body.id}/tables`, {
    name: 'Items',
    columns: [
      { name: 'Code', type: 'text', required: true },
      { name: 'Name', type: 'text' },
      { name: 'Qty', type: 'number' },
      { name: 'Price', type: 'number', config: { precision: 2 } },
      { name: 'Due', type: 'date' },
      { name: 'At', type: 'date', config: { includeTime: true } },
      {
        name: 'Stage',
        type: 'single_select',
        config: {
          options: [
            { id: 's1', label: 'One' },
            { id: 's2', label: 'Two' },
            { id: 's3', label: 'Three' },
          ],
        },
      },
      {
        name: 'Tags',
        type: 'multiple_select',
        config: {
          options: [
            { id: 'red', label: 'Red' },
            { id: 'green', label: 'Green' },
            { id: 'blue', label: 'Blue' },
          ],
        },
      },
      { name: 'Done', type: 'switch' },
      { name: 'Note', type: 'long_text' },
    ],
  })
  expect(table.status).toBe(201)
  colId = Object.fromEntries(table.body.columns.map((c: { id: string; name: string }) => [c.name, c.id]))
  base = `/api/tables/${table.body.id}/records`
  const seeds = Array.from({ length: N }, (_, i) => seed(i))
  const b = await t.api('POST', `${base}/bulk`, { records: seeds.map(({ i: _i, ...fields }) => ({ fields })) })
  expect(b.status).toBe(201)
  expect(b.body.created).toBe(N)
  rows = seeds.map((s, k) => ({ ...s, id: b.body.ids[k] }))
})
afterAll(() => t?.close())

describe('seed', () => {
  it('stored every row as sent', async () => {
    const r = await list({ limit: 1000, sort: [{ field: 'Code', direction: 'asc' }], count: 'true' })
    expect(r.status).toBe(200)
    expect(r.body.total).toBe(N)
    expect(r.body.records).toHaveLength(N)
    for (const [k, rec] of (r.body.records as Array<{ id: string; fields: Record<string, unknown> }>).entries()) {
      const { id, i: _i, ...fields } = rows[k]!
      expect(rec.id).toBe(id)
      expect(rec.fields).toEqual({ ...fields, At: fields.At })
    }
  })
})

describe('filters', () => {
  it('nested and/or groups', async () => {
    await check(
      {
        or: [
          {
            and: [
              { field: 'Qty', op: 'gte', value: 5 },
              { field: 'Stage', op: 'eq', value: 's1' },
            ],
          },
          {
            and: [
              { field: 'Done', op: 'is_true' },
              {
                or: [
                  { field: 'Due', op: 'is_empty' },
                  { field: 'Price', op: 'lt', value: 10 },
                ],
              },
            ],
          },
        ],
      },
      (r) => (r.Qty !== null && r.Qty >= 5 && r.Stage === 's1') || (r.Done === true && (r.Due === null || r.Price < 10)),
    )
    expect(await codesFor({ and: [] })).toHaveLength(N)
    expect(await codesFor({ or: [] })).toEqual([])
  })

  it('eq / neq (neq keeps empty rows)', async () => {
    await check({ and: [{ field: 'Name', op: 'eq', value: 'Apple 3' }] }, (r) => r.Name === 'Apple 3')
    expect(await codesFor({ and: [{ field: 'Name', op: 'eq', value: 'apple 3' }] })).toEqual([])
    await check({ and: [{ field: 'Qty', op: 'eq', value: 4 }] }, (r) => r.Qty === 4)
    await check({ and: [{ field: 'Qty', op: 'neq', value: 4 }] }, (r) => r.Qty !== 4)
    expect(expected((r) => r.Qty !== 4)).toContain('r00') // a null row
    await check({ and: [{ field: 'Stage', op: 'neq', value: 's2' }] }, (r) => r.Stage !== 's2')
    await check({ and: [{ field: 'Note', op: 'neq', value: 'note 2' }] }, (r) => r.Note !== 'note 2')
    await check({ and: [{ field: 'Due', op: 'eq', value: '2024-01-03' }] }, (r) => r.Due === '2024-01-03')
    await check({ and: [{ field: 'Done', op: 'eq', value: false }] }, (r) => r.Done === false)
    await check({ and: [{ field: 'Done', op: 'neq', value: true }] }, (r) => r.Done !== true)
    await check({ and: [{ field: 'Tags', op: 'eq', value: ['green', 'red'] }] }, (r) => JSON.stringify(r.Tags) === '["red","green"]')
  })

  it('gt / gte / lt / lte on numbers and dates', async () => {
    await check({ and: [{ field: 'Qty', op: 'gt', value: 6 }] }, (r) => r.Qty !== null && r.Qty > 6)
    await check({ and: [{ field: 'Qty', op: 'gte', value: 6 }] }, (r) => r.Qty !== null && r.Qty >= 6)
    await check({ and: [{ field: 'Qty', op: 'lt', value: 2 }] }, (r) => r.Qty !== null && r.Qty < 2)
    await check({ and: [{ field: 'Qty', op: 'lte', value: 2 }] }, (r) => r.Qty !== null && r.Qty <= 2)
    await check({ and: [{ field: 'Price', op: 'gt', value: 43.5 }] }, (r) => r.Price > 43.5)
    await check({ and: [{ field: 'Price', op: 'lte', value: 1.5 }] }, (r) => r.Price <= 1.5)
    await check({ and: [{ field: 'Due', op: 'gte', value: '2024-01-20' }] }, (r) => r.Due !== null && r.Due >= '2024-01-20')
    await check({ and: [{ field: 'At', op: 'lt', value: '2024-06-01T05:00:00Z' }] }, (r) => r.At < '2024-06-01T05:00:00.000Z')
  })

  it('contains / not_contains / starts_with / ends_with, case-insensitive', async () => {
    await check({ and: [{ field: 'Name', op: 'contains', value: 'APPLE' }] }, (r) => r.Name.toLowerCase().includes('apple'))
    await check({ and: [{ field: 'Name', op: 'contains', value: 'pie 1' }] }, (r) => r.Name.includes('pie 1'))
    await check({ and: [{ field: 'Note', op: 'not_contains', value: 'NOTE 1' }] }, (r) => !(r.Note ?? '').includes('note 1'))
    expect(expected((r) => !(r.Note ?? '').includes('note 1'))).toContain('r00') // null kept
    await check({ and: [{ field: 'Name', op: 'starts_with', value: 'cherry' }] }, (r) => r.Name.startsWith('Cherry'))
    await check({ and: [{ field: 'Name', op: 'starts_with', value: 'BAN' }] }, (r) => r.Name.startsWith('banana'))
    await check({ and: [{ field: 'Name', op: 'ends_with', value: 'E 5' }] }, (r) => r.Name.toLowerCase().endsWith('e 5'))
    await check({ and: [{ field: 'Name', op: 'ends_with', value: '7' }] }, (r) => r.Name.endsWith('7'))
  })

  it('in / not_in (not_in keeps empty rows)', async () => {
    await check({ and: [{ field: 'Stage', op: 'in', value: ['s1', 's3'] }] }, (r) => r.Stage === 's1' || r.Stage === 's3')
    await check({ and: [{ field: 'Stage', op: 'not_in', value: ['s1'] }] }, (r) => r.Stage !== 's1')
    await check({ and: [{ field: 'Qty', op: 'in', value: [1, 2, 3] }] }, (r) => r.Qty !== null && [1, 2, 3].includes(r.Qty))
    await check({ and: [{ field: 'Qty', op: 'not_in', value: [1, 2, 3] }] }, (r) => r.Qty === null || ![1, 2, 3].includes(r.Qty))
    await check({ and: [{ field: 'Code', op: 'in', value: ['r01', 'r02', 'zz'] }] }, (r) => ['r01', 'r02'].includes(r.Code))
    await check({ and: [{ field: 'Due', op: 'in', value: ['2024-01-02', '2024-01-03'] }] }, (r) => r.Due === '2024-01-02' || r.Due === '2024-01-03')
  })

  it('is_empty / is_not_empty (text: null or empty string)', async () => {
    await check({ and: [{ field: 'Note', op: 'is_empty' }] }, (r) => r.Note === null || r.Note === '')
    await check({ and: [{ field: 'Note', op: 'is_not_empty' }] }, (r) => r.Note !== null && r.Note !== '')
    await check({ and: [{ field: 'Qty', op: 'is_empty' }] }, (r) => r.Qty === null)
    await check({ and: [{ field: 'Stage', op: 'is_not_empty' }] }, (r) => r.Stage !== null)
    await check({ and: [{ field: 'Tags', op: 'is_empty' }] }, (r) => r.Tags === null || r.Tags.length === 0)
    await check({ and: [{ field: 'Tags', op: 'is_not_empty' }] }, (r) => r.Tags !== null && r.Tags.length > 0)
    await check({ and: [{ field: 'Done', op: 'is_empty' }] }, (r) => r.Done === null)
  })

  it('has_any / has_all / has_none', async () => {
    await check({ and: [{ field: 'Tags', op: 'has_any', value: ['green', 'blue'] }] }, (r) => !!r.Tags?.some((x) => x === 'green' || x === 'blue'))
    await check({ and: [{ field: 'Tags', op: 'has_all', value: ['red', 'green'] }] }, (r) => !!r.Tags?.includes('red') && r.Tags.includes('green'))
    await check({ and: [{ field: 'Tags', op: 'has_all', value: ['red'] }] }, (r) => !!r.Tags?.includes('red'))
    await check({ and: [{ field: 'Tags', op: 'has_none', value: ['red'] }] }, (r) => !r.Tags?.includes('red'))
    expect(expected((r) => !r.Tags?.includes('red'))).toContain('r00') // null kept
  })

  it('is_true / is_false (an unset switch is false)', async () => {
    await check({ and: [{ field: 'Done', op: 'is_true' }] }, (r) => r.Done === true)
    await check({ and: [{ field: 'Done', op: 'is_false' }] }, (r) => r.Done !== true)
  })

  it('dates: before / after / on / between', async () => {
    await check({ and: [{ field: 'Due', op: 'before', value: '2024-01-05' }] }, (r) => r.Due !== null && r.Due < '2024-01-05')
    await check({ and: [{ field: 'Due', op: 'after', value: '2024-01-25' }] }, (r) => r.Due !== null && r.Due > '2024-01-25')
    await check({ and: [{ field: 'Due', op: 'on', value: '2024-01-04' }] }, (r) => r.Due === '2024-01-04')
    await check({ and: [{ field: 'Due', op: 'between', value: ['2024-01-10', '2024-01-12'] }] }, (r) => r.Due !== null && r.Due >= '2024-01-10' && r.Due <= '2024-01-12')
    // date-times
    await check({ and: [{ field: 'At', op: 'on', value: '2024-06-02' }] }, (r) => r.At.startsWith('2024-06-02'))
    await check({ and: [{ field: 'At', op: 'after', value: '2024-06-03T01:00:00+01:00' }] }, (r) => r.At > '2024-06-03T00:00:00.000Z')
    await check({ and: [{ field: 'At', op: 'before', value: '2024-06-01T03:00:00Z' }] }, (r) => r.At < '2024-06-01T03:00:00.000Z')
    await check(
      { and: [{ field: 'At', op: 'between', value: ['2024-06-01T10:00:00Z', '2024-06-01T12:00:00Z'] }] },
      (r) => r.At >= '2024-06-01T10:00:00.000Z' && r.At <= '2024-06-01T12:00:00.000Z',
    )
    // a plain-date upper bound includes that whole day
    await check({ and: [{ field: 'At', op: 'between', value: ['2024-06-02', '2024-06-02'] }] }, (r) => r.At.startsWith('2024-06-02'))
  })

  it('system fields: createdAt before/after, id in / eq, createdBy', async () => {
    const all = await codesFor({ and: [{ field: 'createdAt', op: 'after', value: '2000-01-01T00:00:00Z' }] })
    expect(all).toHaveLength(N)
    expect(await codesFor({ and: [{ field: 'createdAt', op: 'after', value: '2999-01-01' }] })).toEqual([])
    expect(await codesFor({ and: [{ field: 'createdAt', op: 'before', value: '2000-01-01' }] })).toEqual([])
    expect(await codesFor({ and: [{ field: 'updatedAt', op: 'lte', value: new Date(Date.now() + 3_600_000).toISOString() }] })).toHaveLength(N)
    const pick = [rows[4]!, rows[17]!, rows[42]!]
    expect(await codesFor({ and: [{ field: 'id', op: 'in', value: pick.map((r) => r.id) }] })).toEqual(pick.map((r) => r.Code))
    expect(await codesFor({ and: [{ field: 'id', op: 'eq', value: rows[9]!.id }] })).toEqual(['r09'])
    expect(await codesFor({ and: [{ field: 'id', op: 'not_in', value: [rows[0]!.id] }] })).toHaveLength(N - 1)
    const first = await list({ limit: 1 })
    expect(await codesFor({ and: [{ field: 'createdBy', op: 'eq', value: first.body.records[0].createdBy }] })).toHaveLength(N)
  })

  it('filters by column id too', async () => {
    await check({ and: [{ field: colId['Qty'], op: 'eq', value: 3 }] }, (r) => r.Qty === 3)
  })
})

describe('sort, fields, limit/offset, count', () => {
  const codes = (r: { body: { records: Array<{ fields: { Code: string } }> } }) => r.body.records.map((x) => x.fields.Code)

  it('default order is creation order, then id', async () => {
    const r = await list({ limit: 1000 })
    expect(r.status).toBe(200)
    // bulk rows share one createdAt: the tie-break is id
    expect(codes(r)).toEqual(sorted([]))
  })

  it('asc / desc on columns with nulls and duplicates', async () => {
    expect(codes(await list({ limit: 1000, sort: [{ field: 'Qty', direction: 'asc' }] }))).toEqual(sorted([{ get: (r) => r.Qty, dir: 'asc' }]))
    expect(codes(await list({ limit: 1000, sort: [{ field: 'Qty', direction: 'desc' }] }))).toEqual(sorted([{ get: (r) => r.Qty, dir: 'desc' }]))
    expect(codes(await list({ limit: 1000, sort: [{ field: 'Due', direction: 'desc' }] }))).toEqual(sorted([{ get: (r) => r.Due, dir: 'desc' }]))
    expect(codes(await list({ limit: 1000, sort: [{ field: 'Code', direction: 'desc' }] }))).toEqual(rows.map((r) => r.Code).reverse())
    expect(codes(await list({ limit: 1000, sort: [{ field: 'Price' }] }))).toEqual(rows.map((r) => r.Code))
  })

  it('single_select sorts by option order', async () => {
    const stageRank = (r: Row) => (r.Stage === null ? null : ['s1', 's2', 's3'].indexOf(r.Stage))
    expect(codes(await list({ limit: 1000, sort: [{ field: 'Stage', direction: 'asc' }] }))).toEqual(sorted([{ get: stageRank, dir: 'asc' }]))
  })

  it('multi-sort', async () => {
    const stageRank = (r: Row) => (r.Stage === null ? null : ['s1', 's2', 's3'].indexOf(r.Stage))
    const r = await list({
      limit: 1000,
      sort: [
        { field: 'Stage', direction: 'asc' },
        { field: 'Qty', direction: 'desc' },
        { field: 'Price', direction: 'asc' },
      ],
    })
    expect(codes(r)).toEqual(
      sorted([
        { get: stageRank, dir: 'asc' },
        { get: (x) => x.Qty, dir: 'desc' },
        { get: (x) => x.Price, dir: 'asc' },
      ]),
    )
    const r2 = await list({
      limit: 1000,
      sort: [
        { field: 'Done', direction: 'desc' },
        { field: 'Code', direction: 'asc' },
      ],
    })
    const doneKey = (x: Row) => (x.Done === null ? null : x.Done ? 1 : 0)
    expect(codes(r2)).toEqual(
      sorted([
        { get: doneKey, dir: 'desc' },
        { get: (x) => x.Code, dir: 'asc' },
      ]),
    )
  })

  it('sorts on system columns', async () => {
    expect(codes(await list({ limit: 1000, sort: [{ field: 'id', direction: 'asc' }] }))).toEqual(sorted([{ get: (r) => r.id, dir: 'asc' }]))
    expect(codes(await list({ limit: 1000, sort: [{ field: 'id', direction: 'desc' }] }))).toEqual(sorted([{ get: (r) => r.id, dir: 'desc' }]))
    expect(codes(await list({ limit: 1000, sort: [{ field: 'createdAt', direction: 'desc' }] }))).toEqual(sorted([{ get: () => 0, dir: 'desc' }]))
  })

  it('fields selection returns only those keys (system fields always)', async () => {
    const r = await list({ limit: 5, fields: ['Name', 'Qty'], sort: [{ field: 'Code' }] })
    expect(r.status).toBe(200)
    expect(r.body.records).toHaveLength(5)
    for (const [k, rec] of (r.body.records as Array<Record<string, any>>).entries()) {
      expect(Object.keys(rec).sort()).toEqual(['createdAt', 'createdBy', 'fields', 'id', 'updatedAt'])
      expect(Object.keys(rec['fields']).sort()).toEqual(['Name', 'Qty'])
      expect(rec['fields']).toEqual({ Name: rows[k]!.Name, Qty: rows[k]!.Qty })
    }
    const byId = await list({ limit: 1, fields: [colId['Tags']], fieldKey: 'id', sort: [{ field: 'Code' }] })
    expect(byId.body.records[0].fields).toEqual({ [colId['Tags']!]: null })
    const sys = await list({ fields: ['id'] })
    expect(sys.status).toBe(400)
    expect(sys.body.error.path).toEqual(['fields', 0])
  })

  it('limit / offset', async () => {
    const r = await list({ limit: 10, offset: 20, sort: [{ field: 'Code' }] })
    expect(r.status).toBe(200)
    expect(codes(r)).toEqual(rows.slice(20, 30).map((x) => x.Code))
    expect(r.body.limit).toBe(10)
    expect(r.body.offset).toBe(20)
    expect(r.body.total).toBeUndefined()
    const tail = await list({ limit: 10, offset: 55, sort: [{ field: 'Code' }] })
    expect(codes(tail)).toEqual(rows.slice(55).map((x) => x.Code))
    expect(tail.body.nextCursor).toBeUndefined()
    const past = await list({ limit: 10, offset: 100 })
    expect(past.body.records).toEqual([])
    const dflt = await list({})
    expect(dflt.body.limit).toBe(50)
    expect(dflt.body.offset).toBe(0)
    expect(dflt.body.records).toHaveLength(50)
  })

  it('count=true gives the exact total, with and without a filter', async () => {
    const all = await list({ count: 'true', limit: 3 })
    expect(all.body.total).toBe(N)
    expect(all.body.records).toHaveLength(3)
    expect(all.body.totalIsEstimate).toBeUndefined()
    const some = await list({ count: 'true', limit: 1, filter: { and: [{ field: 'Stage', op: 'eq', value: 's2' }] } })
    expect(some.body.total).toBe(rows.filter((r) => r.Stage === 's2').length)
    const none = await list({ count: 'true', filter: { and: [{ field: 'Qty', op: 'gt', value: 1000 }] } })
    expect(none.body).toMatchObject({ records: [], total: 0 })
    const exact = await list({ count: 'exact', limit: 1 })
    expect(exact.body.total).toBe(N)
    const no = await list({ count: 'false', limit: 1 })
    expect(no.body.total).toBeUndefined()
  })

  it('count=estimate gives a number: flagged as an estimate, or else exact', async () => {
    const r = await list({ count: 'estimate', limit: 1 })
    expect(r.status).toBe(200)
    expect(typeof r.body.total).toBe('number')
    expect(Number.isInteger(r.body.total)).toBe(true)
    // a small table may be counted exactly; an unflagged total must then be the true one
    if (r.body.totalIsEstimate === undefined) expect(r.body.total).toBe(N)
    else expect(r.body.totalIsEstimate).toBe(true)
    const f = await list({ count: 'estimate', limit: 1, filter: { and: [{ field: 'Stage', op: 'eq', value: 's2' }] } })
    expect(f.status).toBe(200)
    if (f.body.totalIsEstimate === undefined) expect(f.body.total).toBe(rows.filter((x) => x.Stage === 's2').length)
    else expect(f.body.totalIsEstimate).toBe(true)
  })

  it('count=estimate on a big table', async () => {
    const app = await t.api('POST', '/api/apps', { name: 'Big app' })
    const table = await t.api('POST', `/api/apps/${app.body.id}/tables`, { name: 'Big', columns: [{ name: 'N', type: 'number' }] })
    const big = `/api/tables/${table.body.id}/records`
    const M = 12_000
    const b = await t.api('POST', `${big}/bulk`, { records: Array.from({ length: M }, (_, i) => ({ fields: { N: i } })) })
    expect(b.status).toBe(201)
    const exact = await t.api('GET', `${big}?count=true&limit=1`)
    expect(exact.body.total).toBe(M)
    expect(exact.body.totalIsEstimate).toBeUndefined()
    const r = await t.api('GET', `${big}?count=estimate&limit=1`)
    expect(r.status).toBe(200)
    expect(Number.isInteger(r.body.total)).toBe(true)
    if (r.body.totalIsEstimate === undefined) expect(r.body.total).toBe(M)
    else {
      expect(r.body.totalIsEstimate).toBe(true)
      expect(r.body.total).toBeGreaterThan(0)
    }
  })
})

describe('cursor pagination', () => {
  async function byOffset(sort: unknown, limit: number): Promise<string[]> {
    const out: string[] = []
    for (let offset = 0; offset < N + limit; offset += limit) {
      const r = await list({ limit, offset, ...(sort ? { sort } : {}) })
      expect(r.status).toBe(200)
      out.push(...r.body.records.map((x: { id: string }) => x.id))
      if (r.body.records.length < limit) break
    }
    return out
  }
  async function byCursor(sort: unknown, limit: number, post = false): Promise<string[]> {
    const out: string[] = []
    let cursor: string | undefined
    for (let guard = 0; guard < 100; guard++) {
      const r = post
        ? await t.api('POST', `${base}/query`, { limit, ...(sort ? { sort } : {}), ...(cursor ? { cursor } : {}) })
        : await list({ limit, ...(sort ? { sort } : {}), ...(cursor ? { cursor } : {}) })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.records.length).toBeLessThanOrEqual(limit)
      out.push(...r.body.records.map((x: { id: string }) => x.id))
      if (!r.body.nextCursor) break
      expect(typeof r.body.nextCursor).toBe('string')
      cursor = r.body.nextCursor
    }
    return out
  }

  const sorts: Array<[string, unknown]> = [
    ['default', undefined],
    ['Qty asc (nulls, duplicates)', [{ field: 'Qty', direction: 'asc' }]],
    ['Qty desc (nulls, duplicates)', [{ field: 'Qty', direction: 'desc' }]],
    [
      'Due desc, Qty asc',
      [
        { field: 'Due', direction: 'desc' },
        { field: 'Qty', direction: 'asc' },
      ],
    ],
    [
      'Stage asc, Done desc',
      [
        { field: 'Stage', direction: 'asc' },
        { field: 'Done', direction: 'desc' },
      ],
    ],
    ['Note asc (null and empty)', [{ field: 'Note', direction: 'asc' }]],
    ['At desc', [{ field: 'At', direction: 'desc' }]],
    ['createdAt desc', [{ field: 'createdAt', direction: 'desc' }]],
  ]
  for (const [label, sort] of sorts) {
    it(`following nextCursor yields every row once, in offset order: ${label}`, async () => {
      for (const limit of [7, 10]) {
        const offsetIds = await byOffset(sort, limit)
        expect(offsetIds).toHaveLength(N)
        expect(new Set(offsetIds).size).toBe(N)
        const cursorIds = await byCursor(sort, limit)
        expect(cursorIds).toEqual(offsetIds)
      }
    })
  }

  it('cursor pagination through POST /query', async () => {
    const sort = [{ field: 'Qty', direction: 'desc' }]
    expect(await byCursor(sort, 8, true)).toEqual(await byOffset(sort, 8))
  })

  it('a cursor combined with a filter stays within the filter', async () => {
    const filter = { and: [{ field: 'Qty', op: 'is_not_empty' }] }
    const sort = [{ field: 'Qty', direction: 'asc' }]
    const ids: string[] = []
    let cursor: string | undefined
    for (let g = 0; g < 50; g++) {
      const r = await list({ limit: 6, filter, sort, ...(cursor ? { cursor } : {}) })
      ids.push(...r.body.records.map((x: { id: string }) => x.id))
      if (!r.body.nextCursor) break
      cursor = r.body.nextCursor
    }
    const want = rows.filter((r) => r.Qty !== null)
    expect(ids.length).toBe(want.length)
    expect(new Set(ids)).toEqual(new Set(want.map((r) => r.id)))
  })

  it('a cursor from another sort (or a garbled one) is a 400', async () => {
    const first = await list({ limit: 5, sort: [{ field: 'Qty', direction: 'asc' }] })
    const cursor = first.body.nextCursor as string
    expect(typeof cursor).toBe('string')
    for (const other of [[{ field: 'Qty', direction: 'desc' }], [{ field: 'Price', direction: 'asc' }], undefined]) {
      const r = await list({ limit: 5, cursor, ...(other ? { sort: other } : {}) })
      expect(r.status, JSON.stringify(other)).toBe(400)
      expect(r.body.error.code).toBe('KRN_ERR_QUERY_BAD_CURSOR')
      expect(r.body.error.path).toEqual(['cursor'])
    }
    for (const bad of ['garbage', cursor.slice(0, -4), Buffer.from('{"v":[1],"s":"x"}').toString('base64url')]) {
      const r = await list({ limit: 5, cursor: bad, sort: [{ field: 'Qty', direction: 'asc' }] })
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('KRN_ERR_QUERY_BAD_CURSOR')
    }
  })

  it('a cursor whose values the sort column cannot hold is a 400 on the cursor, not on a field', async () => {
    const forge = (cursor: string, at: number, value: string) => {
      const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v: unknown[]; s: string }
      c.v[at] = value
      return Buffer.from(JSON.stringify(c)).toString('base64url')
    }
    for (const field of ['Qty', 'Price', 'Due', 'At', 'Stage', 'Done', 'createdAt']) {
      const sort = [{ field, direction: 'asc' }]
      const first = await list({ limit: 5, sort })
      const cursor = first.body.nextCursor as string
      for (const [at, value] of [
        [0, 'not a value <script>'],
        [0, '1e999999'],
        [1, 'not-an-id'],
      ] as const) {
        const r = await list({ limit: 5, cursor: forge(cursor, at, value), sort })
        expect(r.status, `${field} ${value}`).toBe(400)
        expect(r.body.error.code).toBe('KRN_ERR_QUERY_BAD_CURSOR')
        expect(r.body.error.path).toEqual(['cursor'])
        expect(JSON.stringify(r.body)).not.toContain(value)
      }
    }
    // A text sort holds any text: a forged value there is only a position.
    const first = await list({ limit: 5, sort: [{ field: 'Code', direction: 'asc' }] })
    const r = await list({ limit: 5, cursor: forge(first.body.nextCursor as string, 0, 'zzz <script>'), sort: [{ field: 'Code', direction: 'asc' }] })
    expect(r.status).toBe(200)
  })
})

describe('POST /records/query', () => {
  it('takes the same shape as a body and answers the same', async () => {
    const body = {
      filter: {
        or: [
          { field: 'Stage', op: 'in', value: ['s1', 's2'] },
          { field: 'Done', op: 'is_true' },
        ],
      },
      sort: [{ field: 'Price', direction: 'desc' }],
      fields: ['Code', 'Price'],
      limit: 7,
      offset: 3,
      count: true,
    }
    const post = await t.api('POST', `${base}/query`, body)
    expect(post.status).toBe(200)
    const get = await list(body)
    expect(get.status).toBe(200)
    expect(post.body).toEqual(get.body)
    const want = rows.filter((r) => r.Stage === 's1' || r.Stage === 's2' || r.Done === true).sort((a, b) => b.Price - a.Price)
    expect(post.body.total).toBe(want.length)
    expect(post.body.records.map((x: { fields: unknown }) => x.fields)).toEqual(want.slice(3, 10).map((r) => ({ Code: r.Code, Price: r.Price })))
    expect(post.body.limit).toBe(7)
    expect(post.body.offset).toBe(3)
  })

  it('accepts filter/sort as JSON strings too, and fieldKey=id in the query string', async () => {
    const r = await t.api('POST', `${base}/query?fieldKey=id`, { filter: JSON.stringify({ and: [{ field: 'Code', op: 'eq', value: 'r05' }] }) })
    expect(r.status).toBe(200)
    expect(r.body.records).toHaveLength(1)
    expect(r.body.records[0].fields[colId['Code']!]).toBe('r05')
  })

  it('validates like GET', async () => {
    const r = await t.api('POST', `${base}/query`, { limit: 0 })
    expect(r.status).toBe(400)
    const f = await t.api('POST', `${base}/query`, { filter: { and: [{ field: 'Nope', op: 'eq', value: 1 }] } })
    expect(f.status).toBe(400)
    expect(f.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_FIELD')
    expect(f.body.error.path).toEqual(['filter', 'and', 0, 'field'])
  })
})

describe('query errors', () => {
  it('unknown field: 400 KRN_ERR_QUERY_UNKNOWN_FIELD with its path', async () => {
    const r = await list({ filter: { and: [{ field: 'Nope', op: 'eq', value: 1 }] } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_FIELD')
    expect(r.body.error.path).toEqual(['filter', 'and', 0, 'field'])
    expect(r.body.error.message).toContain("'Nope'")
    const nested = await list({
      filter: {
        or: [
          { field: 'Qty', op: 'is_empty' },
          {
            and: [
              { field: 'Code', op: 'is_empty' },
              { field: 'qty', op: 'is_empty' },
            ],
          },
        ],
      },
    })
    expect(nested.status).toBe(400)
    expect(nested.body.error.path).toEqual(['filter', 'or', 1, 'and', 1, 'field'])
    const sort = await list({ sort: [{ field: 'Code' }, { field: 'Nope' }] })
    expect(sort.status).toBe(400)
    expect(sort.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_FIELD')
    expect(sort.body.error.path).toEqual(['sort', 1, 'field'])
    // A misspelt key is refused, not read as ascending.
    const dir = await list({ sort: [{ field: 'Code', dir: 'desc' }] })
    expect(dir.status).toBe(400)
    expect(dir.body.error.path).toEqual(['sort', 0, 'dir'])
    expect(dir.body.error.message).toContain('not "dir"')
    const fields = await list({ fields: ['Code', 'Nope'] })
    expect(fields.status).toBe(400)
    expect(fields.body.error.path).toEqual(['fields', 1])
  })

  it('an operator the type lacks: 400 KRN_ERR_QUERY_UNKNOWN_OPERATOR listing the available ones', async () => {
    const r = await list({ filter: { and: [{ field: 'Done', op: 'contains', value: 'x' }] } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_OPERATOR')
    expect(r.body.error.path).toEqual(['filter', 'and', 0, 'op'])
    for (const op of ['eq', 'neq', 'is_true', 'is_false', 'is_empty', 'is_not_empty']) expect(r.body.error.message).toContain(op)
    const num = await list({ filter: { and: [{ field: 'Qty', op: 'has_any', value: [1] }] } })
    expect(num.status).toBe(400)
    expect(num.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_OPERATOR')
    for (const op of ['gt', 'gte', 'lt', 'lte', 'in', 'not_in']) expect(num.body.error.message).toContain(op)
    const proto = await list({ filter: { and: [{ field: 'Qty', op: 'constructor', value: 1 }] } })
    expect(proto.status).toBe(400)
    expect(proto.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_OPERATOR')
  })

  it('a value of the wrong type: 400 KRN_ERR_QUERY_BAD_VALUE at ...value', async () => {
    const cases: unknown[] = [
      { field: 'Qty', op: 'eq', value: 'abc' },
      { field: 'Qty', op: 'in', value: 3 },
      { field: 'Qty', op: 'in', value: [] },
      { field: 'Due', op: 'before', value: 'yesterday' },
      { field: 'Due', op: 'between', value: ['2024-01-01'] },
      { field: 'Stage', op: 'eq', value: 'nope' },
      { field: 'Tags', op: 'has_any', value: ['purple'] },
      { field: 'Done', op: 'eq', value: 'true' },
      { field: 'Name', op: 'contains', value: 5 },
      { field: 'id', op: 'eq', value: 'not-a-uuid' },
      { field: 'createdAt', op: 'after', value: 'now' },
      { field: 'Qty', op: 'gt' },
    ]
    for (const c of cases) {
      const r = await list({ filter: { and: [c] } })
      expect(r.status, JSON.stringify(c)).toBe(400)
      expect(r.body.error.code, JSON.stringify(c)).toBe('KRN_ERR_QUERY_BAD_VALUE')
      expect(r.body.error.path.slice(0, 4), JSON.stringify(c)).toEqual(['filter', 'and', 0, 'value'])
    }
  })

  it('a filter that is not JSON (or not a filter) is a 400', async () => {
    const r = await t.api('GET', `${base}?filter=${encodeURIComponent('{"and": [')}`)
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(r.body.error.path).toEqual(['filter'])
    const s = await t.api('GET', `${base}?sort=nope`)
    expect(s.status).toBe(400)
    expect(s.body.error.path).toEqual(['sort'])
    for (const f of [[1], 'x', { and: 'x' }, { field: 'Qty' }, { and: [42] }]) {
      const x = await list({ filter: f })
      expect(x.status, JSON.stringify(f)).toBe(400)
      expect(x.body.error.code).toBe('KRN_ERR_VALIDATION')
    }
  })

  it('limit 0 / 5000 / -1 / 1.5 and a negative offset are 400', async () => {
    for (const q of ['limit=0', 'limit=5000', 'limit=-1', 'limit=1.5', 'limit=abc', 'offset=-1']) {
      const r = await t.api('GET', `${base}?${q}`)
      expect(r.status, q).toBe(400)
      expect(r.body.error.code, q).toBe('KRN_ERR_VALIDATION')
    }
    const max = await t.api('GET', `${base}?limit=1000`)
    expect(max.status).toBe(200)
    expect(max.body.records).toHaveLength(N)
  })
})
