import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Record CRUD over real HTTP: one table with a column of each basic field type.
 */

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const COLUMNS = [
  { name: 'Title', type: 'text', required: true },
  { name: 'Notes', type: 'long_text' },
  { name: 'Amount', type: 'number', config: { precision: 2 } },
  { name: 'Count', type: 'number' },
  { name: 'Day', type: 'date' },
  { name: 'When', type: 'date', config: { includeTime: true } },
  {
    name: 'Status',
    type: 'single_select',
    config: {
      options: [
        { id: 'todo', label: 'To do' },
        { id: 'done', label: 'Done', color: 'green' },
      ],
    },
  },
  {
    name: 'Tags',
    type: 'multiple_select',
    config: {
      options: [
        { id: 'a', label: 'Alpha' },
        { id: 'b', label: 'Beta' },
        { id: 'c', label: 'Gamma' },
      ],
    },
  },
  { name: 'Site', type: 'url' },
  { name: 'Mail', type: 'email' },
  { name: 'Active', type: 'switch' },
] as const
const NAMES = COLUMNS.map((c) => c.name)

const ALL_NULL = Object.fromEntries(NAMES.map((n) => [n, null])) as Record<string, unknown>

vi.setConfig({ testTimeout: 60_000 })

let t: TestServer
let tableId: string
let colId: Record<string, string>
let base: string

async function count(): Promise<number> {
  const r = await t.api('GET', `${base}?count=true&limit=1`)
  expect(r.status).toBe(200)
  return r.body.total
}

beforeAll(async () => {
  t = await startTestServer()
  const app = await t.api('POST', '/api/apps', { name: 'Records app' })
  expect(app.status).toBe(201)
  const table = await t.api('POST', `/api/apps/${app.body.id}/tables`, { name: 'Everything', columns: COLUMNS })
  expect(table.status).toBe(201)
  tableId = table.body.id
  colId = Object.fromEntries(table.body.columns.map((c: { id: string; name: string }) => [c.name, c.id]))
  expect(Object.keys(colId)).toEqual(NAMES)
  base = `/api/tables/${tableId}/records`
})
afterAll(() => t?.close())

describe('single records', () => {
  it('creates a record: 201 with id, ISO timestamps, createdBy and every column', async () => {
    const r = await t.api('POST', base, { fields: { Title: 'First', Amount: 12.5, Active: true } })
    expect(r.status).toBe(201)
    expect(Object.keys(r.body).sort()).toEqual(['createdAt', 'createdBy', 'fields', 'id', 'updatedAt'])
    expect(r.body.id).toMatch(UUID)
    expect(r.body.createdBy).toMatch(UUID)
    expect(r.body.createdAt).toMatch(ISO)
    expect(r.body.updatedAt).toMatch(ISO)
    expect(r.body.createdAt).toBe(r.body.updatedAt)
    expect(Math.abs(Date.parse(r.body.createdAt) - Date.now())).toBeLessThan(60_000)
    expect(r.body.fields).toEqual({ ...ALL_NULL, Title: 'First', Amount: 12.5, Active: true })
  })

  it('gets a record exactly as it was created', async () => {
    const c = await t.api('POST', base, { fields: { Title: 'Get me', Count: 3, Status: 'done' } })
    expect(c.status).toBe(201)
    const g = await t.api('GET', `${base}/${c.body.id}`)
    expect(g.status).toBe(200)
    expect(g.body).toEqual(c.body)
  })

  it('PATCH merges: only the sent fields change, updatedAt moves', async () => {
    const c = await t.api('POST', base, { fields: { Title: 'Patch me', Amount: 1, Count: 2, Tags: ['a'], Mail: 'x@example.com' } })
    expect(c.status).toBe(201)
    await new Promise((r) => setTimeout(r, 15))
    const p = await t.api('PATCH', `${base}/${c.body.id}`, { fields: { Amount: 2.25, Tags: ['b', 'c'], Mail: null } })
    expect(p.status).toBe(200)
    expect(p.body.id).toBe(c.body.id)
    expect(p.body.createdAt).toBe(c.body.createdAt)
    expect(p.body.createdBy).toBe(c.body.createdBy)
    expect(Date.parse(p.body.updatedAt)).toBeGreaterThan(Date.parse(c.body.updatedAt))
    expect(p.body.fields).toEqual({ ...ALL_NULL, Title: 'Patch me', Amount: 2.25, Count: 2, Tags: ['b', 'c'] })
    const g = await t.api('GET', `${base}/${c.body.id}`)
    expect(g.body).toEqual(p.body)
  })

  it('PUT replaces: fields not sent become null', async () => {
    const c = await t.api('POST', base, { fields: { Title: 'Put me', Notes: 'n', Amount: 3, Day: '2024-01-02', Status: 'todo', Active: false } })
    expect(c.status).toBe(201)
    const p = await t.api('PUT', `${base}/${c.body.id}`, { fields: { Title: 'Replaced', Count: 9 } })
    expect(p.status).toBe(200)
    expect(p.body.fields).toEqual({ ...ALL_NULL, Title: 'Replaced', Count: 9 })
    expect((await t.api('GET', `${base}/${c.body.id}`)).body.fields).toEqual({ ...ALL_NULL, Title: 'Replaced', Count: 9 })
  })

  it('PUT without a required column is a 400 and changes nothing', async () => {
    const c = await t.api('POST', base, { fields: { Title: 'Keep', Count: 1 } })
    const p = await t.api('PUT', `${base}/${c.body.id}`, { fields: { Count: 2 } })
    expect(p.status).toBe(400)
    expect(p.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(p.body.error.path).toEqual(['fields', 'Title'])
    expect((await t.api('GET', `${base}/${c.body.id}`)).body).toEqual(c.body)
  })

  it('PATCH cannot empty a required column', async () => {
    const c = await t.api('POST', base, { fields: { Title: 'Required' } })
    const p = await t.api('PATCH', `${base}/${c.body.id}`, { fields: { Title: null } })
    expect(p.status).toBe(400)
    expect(p.body.error.path).toEqual(['fields', 'Title'])
    expect((await t.api('GET', `${base}/${c.body.id}`)).body.fields.Title).toBe('Required')
  })

  it('DELETE answers 204, then the record is 404 everywhere', async () => {
    const c = await t.api('POST', base, { fields: { Title: 'Delete me' } })
    const before = await count()
    const d = await t.api('DELETE', `${base}/${c.body.id}`)
    expect(d.status).toBe(204)
    expect(d.text).toBe('')
    expect(await count()).toBe(before - 1)
    for (const [m, body] of [
      ['GET', undefined],
      ['PATCH', { fields: { Count: 1 } }],
      ['PUT', { fields: { Title: 'x' } }],
      ['DELETE', undefined],
    ] as const) {
      const r = await t.api(m, `${base}/${c.body.id}`, body)
      expect(r.status, m).toBe(404)
      expect(r.body.error.code, m).toBe('KRN_ERR_NOT_FOUND')
    }
  })

  it('a missing required column is a 400 naming it', async () => {
    const before = await count()
    const r = await t.api('POST', base, { fields: { Count: 1 } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(r.body.error.path).toEqual(['fields', 'Title'])
    expect(r.body.error.message).toContain('Title')
    const n = await t.api('POST', base, { fields: { Title: null } })
    expect(n.status).toBe(400)
    expect(n.body.error.path).toEqual(['fields', 'Title'])
    expect(await count()).toBe(before)
  })

  it('an unknown column is a 400 naming it', async () => {
    const r = await t.api('POST', base, { fields: { Title: 'x', Nope: 1 } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(r.body.error.path).toEqual(['fields', 'Nope'])
  })

  it('every refused column is named at once in details.fields; the first keeps the answer', async () => {
    const before = await count()
    const r = await t.api('POST', base, { fields: { Count: 'ten', Mail: 'not-an-email', Nope: 1, Status: 'nope' } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(r.body.error.path).toEqual(['fields', 'Count'])
    const fields = r.body.error.details.fields as Array<{ path: string[]; code: string; message: string }>
    expect(fields.map((f) => f.path[1])).toEqual(['Count', 'Mail', 'Nope', 'Status', 'Title'])
    for (const f of fields) expect(f.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(fields[4]?.message).toBe("Column 'Title' is required.")
    // The same for a record of a bulk request: paths under its index.
    const b = await t.api('POST', `${base}/bulk`, { records: [{ fields: { Title: 'ok' } }, { fields: { Title: null, Count: 'x' } }] })
    expect(b.status).toBe(400)
    expect((b.body.error.details.fields as Array<{ path: unknown[] }>).map((f) => f.path)).toEqual([
      ['records', 1, 'fields', 'Title'],
      ['records', 1, 'fields', 'Count'],
    ])
    expect(await count()).toBe(before)
  })
})

describe('fieldKey=id', () => {
  it('switches request and response keys to column ids', async () => {
    const c = await t.api('POST', `${base}?fieldKey=id`, { fields: { [colId['Title']!]: 'By id', [colId['Amount']!]: 4.5, [colId['Tags']!]: ['c'] } })
    expect(c.status).toBe(201)
    expect(Object.keys(c.body.fields).sort()).toEqual(Object.values(colId).sort())
    expect(c.body.fields[colId['Title']!]).toBe('By id')
    expect(c.body.fields[colId['Amount']!]).toBe(4.5)
    expect(c.body.fields[colId['Tags']!]).toEqual(['c'])
    expect(c.body.fields[colId['Mail']!]).toBeNull()

    const g = await t.api('GET', `${base}/${c.body.id}?fieldKey=id`)
    expect(g.body).toEqual(c.body)
    const byName = await t.api('GET', `${base}/${c.body.id}`)
    expect(byName.body.fields).toEqual({ ...ALL_NULL, Title: 'By id', Amount: 4.5, Tags: ['c'] })

    const p = await t.api('PATCH', `${base}/${c.body.id}?fieldKey=id`, { fields: { [colId['Count']!]: 7 } })
    expect(p.status).toBe(200)
    expect(p.body.fields[colId['Count']!]).toBe(7)
    expect(p.body.fields[colId['Title']!]).toBe('By id')

    const list = await t.api('GET', `${base}?fieldKey=id&limit=1000`)
    expect(list.status).toBe(200)
    const row = list.body.records.find((x: { id: string }) => x.id === c.body.id)
    expect(row.fields[colId['Count']!]).toBe(7)
    expect(row.fields.Title).toBeUndefined()
  })

  it('names are unknown keys under fieldKey=id (and ids under names)', async () => {
    const r = await t.api('POST', `${base}?fieldKey=id`, { fields: { Title: 'x' } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(r.body.error.path).toEqual(['fields', 'Title'])
    const missing = await t.api('POST', `${base}?fieldKey=id`, { fields: { [colId['Count']!]: 1 } })
    expect(missing.status).toBe(400)
    expect(missing.body.error.path).toEqual(['fields', colId['Title']])
    const ids = await t.api('POST', base, { fields: { [colId['Title']!]: 'x' } })
    expect(ids.status).toBe(400)
    expect(ids.body.error.path).toEqual(['fields', colId['Title']])
  })
})

describe('values round-trip for every type', () => {
  const roundTrip = async (fields: Record<string, unknown>) => {
    const c = await t.api('POST', base, { fields: { Title: 'rt', ...fields } })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const g = await t.api('GET', `${base}/${c.body.id}`)
    expect(g.status).toBe(200)
    expect(g.body.fields).toEqual(c.body.fields)
    return g.body.fields as Record<string, unknown>
  }

  it('numbers never change silently: a column without precision keeps what it is given, one with N decimals refuses more', async () => {
    expect(await roundTrip({ Amount: 3.14, Count: 250.5 })).toMatchObject({ Amount: 3.14, Count: 250.5 })
    expect(await roundTrip({ Amount: -0.01, Count: 0.1 + 0.2 })).toMatchObject({ Amount: -0.01, Count: 0.1 + 0.2 })
    expect(await roundTrip({ Amount: 123456789.12, Count: 0 })).toMatchObject({ Amount: 123456789.12, Count: 0 })
    expect(await roundTrip({ Amount: 1e21, Count: 9007199254740991 })).toMatchObject({ Amount: 1e21, Count: 9007199254740991 })
    for (const amount of [3.14159, 1.239, -0.004]) {
      const r = await t.api('POST', base, { fields: { Title: 'x', Amount: amount } })
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
      expect(r.body.error.path).toEqual(['fields', 'Amount'])
      expect(r.body.error.message).toMatch(/at most 2 decimal places/)
    }
    const bulk = await t.api('POST', `${base}/bulk`, { records: [{ fields: { Title: 'ok', Amount: 1.5 } }, { fields: { Title: 'x', Amount: 1.505 } }] })
    expect(bulk.status).toBe(400)
    expect(bulk.body.error.path).toEqual(['records', 1, 'fields', 'Amount'])
  })

  it('date-times keep milliseconds and refuse finer digits rather than dropping them', async () => {
    expect(await roundTrip({ When: '2024-03-10T12:34:56.789000Z' })).toMatchObject({ When: '2024-03-10T12:34:56.789Z' })
    const r = await t.api('POST', base, { fields: { Title: 'x', When: '2024-03-10T12:34:56.7891Z' } })
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['fields', 'When'])
    expect(r.body.error.message).toMatch(/millisecond/)
  })

  it('dates and date-times', async () => {
    expect(await roundTrip({ Day: '2024-02-29', When: '2024-03-10T12:34:56.789+02:00' })).toMatchObject({ Day: '2024-02-29', When: '2024-03-10T10:34:56.789Z' })
    expect(await roundTrip({ Day: '0001-01-01', When: '2024-12-31T23:59:59Z' })).toMatchObject({ Day: '0001-01-01', When: '2024-12-31T23:59:59.000Z' })
    expect(await roundTrip({ Day: '9999-12-31', When: '2024-06-01' })).toMatchObject({ Day: '9999-12-31', When: '2024-06-01T00:00:00.000Z' })
    const bad = await t.api('POST', base, { fields: { Title: 'x', Day: '2023-02-29' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['fields', 'Day'])
    const noOffset = await t.api('POST', base, { fields: { Title: 'x', When: '2024-03-10T12:34:56' } })
    expect(noOffset.status).toBe(400)
    expect(noOffset.body.error.path).toEqual(['fields', 'When'])
  })

  it('selects: option ids, multiple_select arrays keep their order', async () => {
    expect(await roundTrip({ Status: 'done', Tags: ['c', 'a'] })).toMatchObject({ Status: 'done', Tags: ['c', 'a'] })
    expect(await roundTrip({ Status: 'todo', Tags: ['a', 'b', 'c'] })).toMatchObject({ Status: 'todo', Tags: ['a', 'b', 'c'] })
    expect(await roundTrip({ Tags: [] })).toMatchObject({ Tags: [], Status: null })
  })

  it('switch booleans, url and email', async () => {
    expect(await roundTrip({ Active: true, Site: 'https://example.com/a?b=c&d=%20e#f', Mail: 'someone+tag@example.org' })).toMatchObject({
      Active: true,
      Site: 'https://example.com/a?b=c&d=%20e#f',
      Mail: 'someone+tag@example.org',
    })
    expect(await roundTrip({ Active: false, Site: 'mailto:a@b.co' })).toMatchObject({ Active: false, Site: 'mailto:a@b.co' })
  })

  it('text with tabs, newlines, backslashes, quotes and unicode', async () => {
    const nasty = 'a\tb\nc\r\nd \\ e \\\\ f "q" \'s\' `b` \\N \\. 😀 日本語 Ünïcødé \u2028 \u202e end'
    expect(await roundTrip({ Title: nasty, Notes: nasty + '\n\n' + nasty })).toMatchObject({ Title: nasty, Notes: nasty + '\n\n' + nasty })
    expect(await roundTrip({ Notes: '' })).toMatchObject({ Notes: '' })
    expect(await roundTrip({ Notes: '  padded  ' })).toMatchObject({ Notes: '  padded  ' })
  })
})

describe('bulk insert', () => {
  it('answers 201 {created, ids}; every row is readable', async () => {
    const records = Array.from({ length: 25 }, (_, i) => ({
      fields: {
        Title: `bulk ${i}`,
        Amount: i + 0.25,
        Count: i,
        Day: `2024-01-${String(i + 1).padStart(2, '0')}`,
        Tags: i % 2 ? ['a', 'c'] : [],
        Active: i % 3 === 0,
        Status: i % 2 ? 'done' : null,
      },
    }))
    const before = await count()
    const r = await t.api('POST', `${base}/bulk`, { records })
    expect(r.status).toBe(201)
    expect(r.body.created).toBe(25)
    expect(r.body.ids).toHaveLength(25)
    expect(new Set(r.body.ids).size).toBe(25)
    for (const id of r.body.ids) expect(id).toMatch(UUID)
    expect(await count()).toBe(before + 25)
    for (const i of [0, 1, 12, 24]) {
      const g = await t.api('GET', `${base}/${r.body.ids[i]}`)
      expect(g.status).toBe(200)
      expect(g.body.createdAt).toMatch(ISO)
      expect(g.body.fields).toEqual({
        ...ALL_NULL,
        Title: `bulk ${i}`,
        Amount: i + 0.25,
        Count: i,
        Day: `2024-01-${String(i + 1).padStart(2, '0')}`,
        Tags: i % 2 ? ['a', 'c'] : [],
        Active: i % 3 === 0,
        Status: i % 2 ? 'done' : null,
      })
    }
  })

  it('bulk with fieldKey=id', async () => {
    const r = await t.api('POST', `${base}/bulk?fieldKey=id`, { records: [{ fields: { [colId['Title']!]: 'bulk by id', [colId['Count']!]: 5 } }] })
    expect(r.status).toBe(201)
    expect((await t.api('GET', `${base}/${r.body.ids[0]}`)).body.fields).toMatchObject({ Title: 'bulk by id', Count: 5 })
  })

  it('an empty bulk creates nothing', async () => {
    const r = await t.api('POST', `${base}/bulk`, { records: [] })
    expect(r.status).toBe(201)
    expect(r.body).toEqual({ created: 0, ids: [] })
  })

  it('600 rows with row 500 invalid: 400 naming row 500, nothing inserted', async () => {
    const before = await count()
    const records = Array.from({ length: 600 }, (_, i): { fields: Record<string, unknown> } => ({ fields: { Title: `row ${i}`, Count: i } }))
    records[500]!.fields['Count'] = 'five hundred'
    const r = await t.api('POST', `${base}/bulk`, { records })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(r.body.error.path.slice(0, 4)).toEqual(['records', 500, 'fields', 'Count'])
    expect(r.body.error.message).toMatch(/\b500\b/)
    expect(await count()).toBe(before)

    const missing = Array.from({ length: 600 }, (_, i): { fields: Record<string, unknown> } => ({ fields: { Title: `row ${i}` } }))
    delete missing[500]!.fields['Title']
    const m = await t.api('POST', `${base}/bulk`, { records: missing })
    expect(m.status).toBe(400)
    expect(m.body.error.path).toEqual(['records', 500, 'fields', 'Title'])
    expect(m.body.error.message).toMatch(/\b500\b/)
    expect(await count()).toBe(before)
  })

  it('a bad row after several streamed COPY chunks still leaves nothing inserted', async () => {
    const before = await count()
    const records = Array.from({ length: 9000 }, (_, i): { fields: Record<string, unknown> } => ({ fields: { Title: `row ${i}`, Count: i } }))
    records[8500]!.fields['Count'] = 'not a number'
    const r = await t.api('POST', `${base}/bulk`, { records })
    expect(r.status).toBe(400)
    expect(r.body.error.path.slice(0, 4)).toEqual(['records', 8500, 'fields', 'Count'])
    expect(await count()).toBe(before)
    const ok = await t.api('POST', `${base}/bulk`, { records: records.slice(0, 8500) })
    expect(ok.status).toBe(201)
    expect(await count()).toBe(before + 8500)
  })

  it('a bulk row that is not an object is a 400 naming it', async () => {
    const before = await count()
    const r = await t.api('POST', `${base}/bulk`, { records: [{ fields: { Title: 'ok' } }, 'nope'] })
    expect(r.status).toBe(400)
    expect(r.body.error.path.slice(0, 2)).toEqual(['records', 1])
    expect(await count()).toBe(before)
  })

  it('text with \\t \\n \\\\ and \\N literally round-trips exactly through COPY', async () => {
    const texts = [
      'tab\there',
      'line\nbreak',
      'cr\rhere',
      'back\\slash',
      '\\N',
      '\\',
      '\\\\N',
      '\\.',
      'a\\tb (escaped-looking, not a tab)',
      'a\\nb',
      '',
      'end with backslash\\',
      '\t\n\\N\r\n\\\t',
      'quotes "double" \'single\' and unicode 😀 ñ',
    ]
    const r = await t.api('POST', `${base}/bulk`, { records: texts.map((s) => ({ fields: { Title: s.length ? s : 'empty notes', Notes: s } })) })
    expect(r.status).toBe(201)
    expect(r.body.created).toBe(texts.length)
    for (let i = 0; i < texts.length; i++) {
      const g = await t.api('GET', `${base}/${r.body.ids[i]}`)
      expect(g.body.fields.Notes, JSON.stringify(texts[i])).toBe(texts[i])
      expect(g.body.fields.Title).toBe(texts[i]!.length ? texts[i] : 'empty notes')
    }
    // a \N string is a string, not NULL; a real null is NULL
    const n = await t.api('POST', `${base}/bulk`, { records: [{ fields: { Title: 'null notes', Notes: null } }] })
    expect((await t.api('GET', `${base}/${n.body.ids[0]}`)).body.fields.Notes).toBeNull()
  })
})

describe('bulk delete', () => {
  it('deletes several records at once, all or nothing, and keeps the insertion order of a bulk insert by default', async () => {
    const made = await t.api('POST', `${base}/bulk`, { records: Array.from({ length: 30 }, (_, i) => ({ fields: { Title: `order ${String(i).padStart(2, '0')}` } })) })
    expect(made.status).toBe(201)
    const ids: string[] = made.body.ids
    const page = (await t.api('GET', `${base}?filter=${encodeURIComponent(JSON.stringify({ field: 'Title', op: 'starts_with', value: 'order ' }))}&limit=100`)).body
    expect(page.records.map((r: any) => r.fields.Title)).toEqual(Array.from({ length: 30 }, (_, i) => `order ${String(i).padStart(2, '0')}`))

    const before = await count()
    const missing = '00000000-0000-4000-8000-000000000000'
    const refused = await t.api('POST', `${base}/delete`, { ids: [ids[0], missing] })
    expect(refused.status).toBe(404)
    expect(refused.body.error.message).toContain(missing)
    expect(await count()).toBe(before)

    const bad = await t.api('POST', `${base}/delete`, { ids: ['nope'] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['ids', 0])
    expect((await t.api('POST', `${base}/delete`, { ids: [] })).status).toBe(400)

    const ok = await t.api('POST', `${base}/delete`, { ids: [...ids.slice(0, 10), ids[0]] })
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({ deleted: 10 })
    expect(await count()).toBe(before - 10)
    expect((await t.api('GET', `${base}/${ids[0]}`)).status).toBe(404)
  })
})
