import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, type ApiResponse, type TestServer } from '../support/test-server.ts'

/**
 * Malformed and hostile input over real HTTP: always a 4xx with the error shape, never a 5xx,
 * never a stack trace, never a half-written change.
 */

vi.setConfig({ testTimeout: 60_000 })

let t: TestServer
let appId: string
let tableId: string
let base: string
let cols: Record<string, string>
const seen: Array<{ where: string; status: number }> = []

/** Every call in this file goes through here: checks the status and the error shape. */
async function api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse> {
  const r = await t.api(method, path, body, headers)
  const where = `${method} ${path.slice(0, 120)}`
  seen.push({ where, status: r.status })
  expect(r.status, `${where}: ${r.text.slice(0, 300)}`).toBeLessThan(500)
  if (r.status >= 400) expectErrorShape(r, where)
  return r
}

function expectErrorShape(r: ApiResponse, where: string) {
  expect(r.body, where).toBeTypeOf('object')
  expect(Object.keys(r.body), where).toEqual(['error'])
  const e = r.body.error
  expect(typeof e.code, where).toBe('string')
  expect(e.code, where).toMatch(/^[A-Z]+_ERR_[A-Z0-9_]+$/)
  expect(typeof e.message, where).toBe('string')
  expect(e.message.length, where).toBeGreaterThan(0)
  // no stack traces or source paths
  expect(e.message, where).not.toMatch(/\n\s*at /)
  expect(e.message, where).not.toMatch(/\bat [\w.<>]+ \(/)
  expect(e.message, where).not.toMatch(/(\/work\/|node_modules|file:\/\/|\.ts:\d+|\.js:\d+)/)
  expect(r.text, where).not.toMatch(/"stack"/)
  if (e.path !== undefined) expect(Array.isArray(e.path), where).toBe(true)
}

async function count(): Promise<number> {
  const r = await api('GET', `${base}?count=true&limit=1`)
  expect(r.status).toBe(200)
  return r.body.total
}

beforeAll(async () => {
  t = await startTestServer()
  const app = await t.api('POST', '/api/apps', { name: 'Bad input app' })
  appId = app.body.id
  const table = await t.api('POST', `/api/apps/${appId}/tables`, {
    name: 'Things',
    columns: [
      { name: 'Title', type: 'text', required: true },
      { name: 'Body', type: 'long_text' },
      { name: 'Qty', type: 'number', config: { min: 0, max: 100 } },
      { name: 'Day', type: 'date' },
      {
        name: 'Stage',
        type: 'single_select',
        config: {
          options: [
            { id: 's1', label: 'One' },
            { id: 's2', label: 'Two' },
          ],
        },
      },
      {
        name: 'Tags',
        type: 'multiple_select',
        config: {
          options: [
            { id: 'red', label: 'Red' },
            { id: 'blue', label: 'Blue' },
          ],
        },
      },
      { name: 'Site', type: 'url' },
      { name: 'Mail', type: 'email' },
      { name: 'On', type: 'switch' },
    ],
  })
  expect(table.status).toBe(201)
  tableId = table.body.id
  cols = Object.fromEntries(table.body.columns.map((c: { id: string; name: string }) => [c.name, c.id]))
  base = `/api/tables/${tableId}/records`
  const seedRow = await t.api('POST', base, { fields: { Title: 'seed' } })
  expect(seedRow.status).toBe(201)
})
afterAll(async () => {
  await t?.close()
})

describe('malformed bodies', () => {
  it('bad JSON is a 400 HST_ERR_BAD_JSON, on every kind of route', async () => {
    for (const [m, path] of [
      ['POST', '/api/apps'],
      ['POST', base],
      ['POST', `${base}/bulk`],
      ['POST', `${base}/query`],
      ['PUT', `/api/apps/${appId}`],
      ['POST', `/api/apps/${appId}/tables`],
    ] as const) {
      for (const text of ['{"name":', '{name: "x"}', "{'a': 1}", '{"a": 1,}', 'nul', '{"a": 1}}']) {
        const r = await api(m, path, text)
        expect(r.status, `${m} ${path} ${text}`).toBe(400)
        expect(r.body.error.code, `${m} ${path} ${text}`).toBe('HST_ERR_BAD_JSON')
      }
    }
  })

  it('an empty JSON body is a 400', async () => {
    const r = await api('POST', '/api/apps', undefined, { 'content-type': 'application/json' })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('HST_ERR_BAD_JSON')
  })

  it('a body that is not JSON is a 415', async () => {
    const r = await api('POST', base, 'Title=x', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(r.status).toBe(415)
    expect(r.body.error.code).toBe('HST_ERR_UNSUPPORTED_MEDIA_TYPE')
  })

  it('JSON of the wrong shape is a 400 with a path', async () => {
    const before = await count()
    for (const body of [{ fields: [] }, { fields: 'Title' }, { fields: null }, [], 'null', '42', '"text"', {}]) {
      const r = await api('POST', base, body)
      expect(r.status, JSON.stringify(body)).toBe(400)
    }
    // The body's shape is the route's schema, checked before the record's values.
    const arr = await api('POST', base, { fields: ['x'] })
    expect(arr.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(arr.body.error.path).toEqual(['fields'])
    for (const body of [{ records: 'x' }, { records: {} }, { records: [null] }, { records: [{ fields: 1 }] }, {}]) {
      const r = await api('POST', `${base}/bulk`, body)
      expect(r.status, JSON.stringify(body)).toBe(400)
    }
    const app = await api('POST', '/api/apps', { name: 12 })
    expect(app.status).toBe(400)
    expect(app.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(app.body.error.path).toEqual(['name'])
    // Said as a person acts on it (kernel/src/validation-messages.ts), not in zod's wording.
    expect(app.body.error.message).toBe('name: Expected text, got a number.')
    for (const name of ['', '   ', 'x'.repeat(256)]) {
      const r = await api('POST', '/api/apps', { name })
      expect(r.status).toBe(400)
      expect(r.body.error.path).toEqual(['name'])
    }
    expect((await api('POST', '/api/apps', { name: 'x'.repeat(256) })).body.error.message).toBe('name: At most 255 characters.')
    const tbl = await api('POST', `/api/apps/${appId}/tables`, { name: 'T', columns: [{ name: 'A', type: 'no_such_type' }] })
    expect(tbl.status).toBe(400)
    expect(tbl.body.error.code).toBe('KRN_ERR_FIELD_TYPE_UNKNOWN')
    expect(tbl.body.error.path).toEqual(['columns', 0, 'type'])
    expect(await count()).toBe(before)
  })

  it('a __proto__ key does not pollute and is rejected', async () => {
    const r = await api('POST', base, '{"fields": {"Title": "p", "__proto__": {"polluted": true}}}')
    expect(r.status).toBe(400)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    // The same key spelt with escapes, and `constructor.prototype`: JSON.parse alone would take
    // both, so the parser's fast path must hand such bodies to the poisoning check.
    for (const body of ['{"fields": {"Title": "p", "\\u005f_proto__": {"polluted": true}}}', '{"fields": {"Title": "p", "constructor": {"prototype": {"polluted": true}}}}']) {
      const e = await api('POST', base, body)
      expect(e.status, body).toBe(400)
      expect(e.body.error.code, body).toBe('HST_ERR_BAD_JSON')
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    const c = await api('POST', base, { fields: { Title: 'x', constructor: 1 } })
    expect(c.status).toBe(400)
    expect(c.body.error.path).toEqual(['fields', 'constructor'])
  })
})

describe('unknown and malformed ids are 404', () => {
  it('tables, records and apps', async () => {
    const rec = (await api('POST', base, { fields: { Title: 'real' } })).body.id as string
    const cases: Array<[string, string, unknown?]> = [
      ['GET', `/api/tables/${randomUUID()}/records`],
      ['POST', `/api/tables/${randomUUID()}/records`, { fields: { Title: 'x' } }],
      ['POST', `/api/tables/${randomUUID()}/records/bulk`, { records: [{ fields: { Title: 'x' } }] }],
      ['POST', `/api/tables/${randomUUID()}/records/query`, {}],
      ['GET', `/api/tables/${randomUUID()}/records/${rec}`],
      ['GET', `${base}/${randomUUID()}`],
      ['PATCH', `${base}/${randomUUID()}`, { fields: { Title: 'x' } }],
      ['PUT', `${base}/${randomUUID()}`, { fields: { Title: 'x' } }],
      ['DELETE', `${base}/${randomUUID()}`],
      ['GET', '/api/tables/not-a-uuid/records'],
      ['POST', '/api/tables/not-a-uuid/records', { fields: { Title: 'x' } }],
      ['GET', `${base}/not-a-uuid`],
      ['GET', `${base}/${rec.toUpperCase().replace(/-/g, '')}`],
      ['GET', `${base}/${rec}x`],
      ['PATCH', `${base}/123`, { fields: { Title: 'x' } }],
      ['PUT', `${base}/'or'1'='1`, { fields: { Title: 'x' } }],
      ['DELETE', `${base}/%27%3B%20drop%20table%20apps%3B--`],
      ['GET', `/api/tables/${randomUUID()}`],
      ['GET', '/api/tables/zzz'],
      ['GET', `/api/apps/${randomUUID()}`],
      ['GET', '/api/apps/1'],
      ['DELETE', '/api/apps/nope'],
      ['POST', `/api/apps/${randomUUID()}/tables`, { name: 'x', columns: [] }],
      ['POST', '/api/apps/bad/tables', { name: 'x', columns: [] }],
    ]
    for (const [m, path, body] of cases) {
      const r = await api(m, path, body)
      expect(r.status, `${m} ${path}`).toBe(404)
      expect(r.body.error.code, `${m} ${path}`).toBe('KRN_ERR_NOT_FOUND')
    }
    // the real record is untouched
    expect((await api('GET', `${base}/${rec}`)).body.fields.Title).toBe('real')
  })

  it('a record id of another table is 404', async () => {
    const other = await api('POST', `/api/apps/${appId}/tables`, { name: 'Other', columns: [{ name: 'Title', type: 'text' }] })
    const rec = await api('POST', `/api/tables/${other.body.id}/records`, { fields: { Title: 'theirs' } })
    expect(rec.status).toBe(201)
    for (const m of ['GET', 'DELETE'] as const) {
      const r = await api(m, `${base}/${rec.body.id}`)
      expect(r.status).toBe(404)
    }
    expect((await api('GET', `/api/tables/${other.body.id}/records/${rec.body.id}`)).status).toBe(200)
  })
})

describe('values of the wrong type', () => {
  const cases: Array<[Record<string, unknown>, Array<string | number>]> = [
    [{ Title: 123 }, ['fields', 'Title']],
    [{ Title: ['a'] }, ['fields', 'Title']],
    [{ Title: { a: 1 } }, ['fields', 'Title']],
    [{ Title: 'x'.repeat(10_001) }, ['fields', 'Title']],
    [{ Qty: '12' }, ['fields', 'Qty']],
    [{ Qty: true }, ['fields', 'Qty']],
    [{ Qty: 101 }, ['fields', 'Qty']],
    [{ Qty: -1 }, ['fields', 'Qty']],
    [{ Day: '2024-13-01' }, ['fields', 'Day']],
    [{ Day: '2024-02-30' }, ['fields', 'Day']],
    [{ Day: '10000-01-01' }, ['fields', 'Day']],
    [{ Day: 20240101 }, ['fields', 'Day']],
    [{ On: 'yes' }, ['fields', 'On']],
    [{ On: 1 }, ['fields', 'On']],
    [{ Tags: 'red' }, ['fields', 'Tags']],
    [{ Stage: ['s1'] }, ['fields', 'Stage']],
  ]
  for (const [fields, path] of cases) {
    it(`${JSON.stringify(fields).slice(0, 60)} is a 400 at ${path.join('.')}`, async () => {
      const before = await count()
      const r = await api('POST', base, { fields: { Title: 'ok', ...fields } })
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
      expect(r.body.error.path.slice(0, path.length)).toEqual(path)
      expect(r.body.error.message).toContain(String(path[1]))
      expect(await count()).toBe(before)
    })
  }

  it('a number that overflows JSON (1e999 = Infinity) is a 400', async () => {
    const r = await api('POST', base, '{"fields": {"Title": "x", "Qty": 1e999}}')
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['fields', 'Qty'])
  })

  it('PATCH with a wrong type changes nothing', async () => {
    const c = await api('POST', base, { fields: { Title: 'stable', Qty: 5 } })
    const p = await api('PATCH', `${base}/${c.body.id}`, { fields: { Title: 'changed', Qty: 'x' } })
    expect(p.status).toBe(400)
    expect(p.body.error.path).toEqual(['fields', 'Qty'])
    expect((await api('GET', `${base}/${c.body.id}`)).body.fields).toMatchObject({ Title: 'stable', Qty: 5 })
  })

  it('invalid email and url are 400 with the path', async () => {
    for (const mail of ['not-an-email', 'a@', '@b.com', 'a b@c.com', 'x'.repeat(330) + '@example.com']) {
      const r = await api('POST', base, { fields: { Title: 'x', Mail: mail } })
      expect(r.status, mail).toBe(400)
      expect(r.body.error.path, mail).toEqual(['fields', 'Mail'])
    }
    for (const url of ['example.com', 'javascript:alert(1)', 'file:///etc/passwd', 'http//x', '', 'https://' + 'a'.repeat(2100) + '.com']) {
      const r = await api('POST', base, { fields: { Title: 'x', Site: url } })
      expect(r.status, url).toBe(400)
      expect(r.body.error.path, url).toEqual(['fields', 'Site'])
    }
    const ok = await api('POST', base, { fields: { Title: 'x', Site: 'https://example.com', Mail: 'a@example.com' } })
    expect(ok.status).toBe(201)
  })

  it('select values that are neither an option id nor a label are 400', async () => {
    const s = await api('POST', base, { fields: { Title: 'x', Stage: 'Three' } })
    expect(s.status).toBe(400)
    expect(s.body.error.path).toEqual(['fields', 'Stage'])
    expect(s.body.error.message).toContain('give one of One, Two (or an option id)')
    const m = await api('POST', base, { fields: { Title: 'x', Tags: ['red', 'green'] } })
    expect(m.status).toBe(400)
    expect(m.body.error.path).toEqual(['fields', 'Tags', 1])
    const dup = await api('POST', base, { fields: { Title: 'x', Tags: ['red', 'red'] } })
    expect(dup.status).toBe(400)
    expect(dup.body.error.path.slice(0, 2)).toEqual(['fields', 'Tags'])
    const bulk = await api('POST', `${base}/bulk`, { records: [{ fields: { Title: 'a', Stage: 's1' } }, { fields: { Title: 'b', Stage: 's9' } }] })
    expect(bulk.status).toBe(400)
    expect(bulk.body.error.path).toEqual(['records', 1, 'fields', 'Stage'])
  })

  it('bad values by column id name the id', async () => {
    const r = await api('POST', `${base}?fieldKey=id`, { fields: { [cols['Title']!]: 'x', [cols['Qty']!]: 'nope' } })
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['fields', cols['Qty']])
  })
})

describe('oversized input', () => {
  it('a 10 MB string on POST /records is a 413 and nothing is written', async () => {
    const before = await count()
    const big = 'x'.repeat(10 * 1024 * 1024)
    for (const field of ['Title', 'Body']) {
      const r = await api('POST', base, { fields: { Title: 'big', [field]: big } })
      expect(r.status, field).toBe(413)
      expect(r.body.error.code).toBe('HST_ERR_BODY_TOO_LARGE')
      expect(r.body.error.message).toMatch(/\d+ bytes/)
    }
    expect(await count()).toBe(before)
    expect((await api('GET', `${base}?filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Title', op: 'eq', value: 'big' }] }))}`)).body.records).toEqual([])
  })

  it('a 10 MB string in a bulk (which allows large bodies) is a 400 over maxLength and nothing is written', async () => {
    const before = await count()
    const big = 'y'.repeat(10 * 1024 * 1024)
    const r = await api('POST', `${base}/bulk`, { records: [{ fields: { Title: 'ok' } }, { fields: { Title: 'big', Body: big } }] })
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['records', 1, 'fields', 'Body'])
    expect(await count()).toBe(before)
  })

  it('a 1.5 MB text under the body limit but over maxLength is a 400', async () => {
    const r = await api('POST', base, { fields: { Title: 'x'.repeat(1_500_000) } })
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['fields', 'Title'])
  })
})

describe('filters that are too deep or too big', () => {
  const nest = (depth: number) => {
    let f: unknown = { field: 'Title', op: 'eq', value: 'seed' }
    for (let i = 0; i < depth; i++) f = { and: [f] }
    return f
  }

  it('depth 50 is a 400 (GET and POST)', async () => {
    const g = await api('GET', `${base}?filter=${encodeURIComponent(JSON.stringify(nest(50)))}`)
    expect(g.status).toBe(400)
    expect(g.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(g.body.error.path[0]).toBe('filter')
    // As a body, 50 groups (101 JSON levels) are refused before parsing (DOCPAL_MAX_JSON_DEPTH).
    const p = await api('POST', `${base}/query`, { filter: nest(50) })
    expect(p.status).toBe(400)
    expect(p.body.error.code).toBe('HST_ERR_JSON_TOO_DEEP')
    const q = await api('POST', `${base}/query`, { filter: nest(20) })
    expect(q.status).toBe(400)
    expect(q.body.error.code).toBe('KRN_ERR_VALIDATION')
  })

  it('depth 10 000 is a 400 too (no stack overflow)', async () => {
    // built as text: JSON.stringify itself overflows the stack at this depth
    const leaf = '{"field":"Title","op":"eq","value":"seed"}'
    const p = await api('POST', `${base}/query`, '{"filter":' + '{"and":['.repeat(10_000) + leaf + ']}'.repeat(10_000) + '}')
    expect(p.status).toBe(400)
    expect(p.body.error.code).toBe('HST_ERR_JSON_TOO_DEEP')
    const deepJson = '{"filter":' + '{"and":['.repeat(10_000) + ']}'.repeat(10_000) + '}'
    const q = await api('POST', `${base}/query`, deepJson)
    expect(q.status).toBe(400)
  })

  it('a moderately nested filter works', async () => {
    const r = await api('GET', `${base}?filter=${encodeURIComponent(JSON.stringify(nest(8)))}`)
    expect(r.status).toBe(200)
    expect(r.body.records.map((x: { fields: { Title: string } }) => x.fields.Title)).toEqual(['seed'])
  })

  it('too many conditions or sorts are a 400', async () => {
    const wide = { or: Array.from({ length: 600 }, (_, i) => ({ field: 'Title', op: 'eq', value: `v${i}` })) }
    const r = await api('POST', `${base}/query`, { filter: wide })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_VALIDATION')
    const sorts = await api('POST', `${base}/query`, { sort: Array.from({ length: 11 }, () => ({ field: 'Title' })) })
    expect(sorts.status).toBe(400)
    const inList = await api('POST', `${base}/query`, { filter: { and: [{ field: 'Title', op: 'in', value: Array.from({ length: 1001 }, (_, i) => `v${i}`) }] } })
    expect(inList.status).toBe(400)
    expect(inList.body.error.code).toBe('KRN_ERR_QUERY_BAD_VALUE')
  })

  it('bad list parameters are 400, not 500', async () => {
    for (const q of [
      'limit=abc',
      'offset=x',
      'count=maybe',
      'fieldKey=nope',
      'cursor=%00',
      `sort=${encodeURIComponent('[{"field":"Title","direction":"sideways"}]')}`,
      'fields=%7B%7D',
      'offset=99999999999',
    ]) {
      const r = await api('GET', `${base}?${q}`)
      expect(r.status, q).toBe(400)
    }
  })
})

describe('the whole file', () => {
  it('never answered with a 5xx', () => {
    expect(seen.length).toBeGreaterThan(50)
    expect(seen.filter((s) => s.status >= 500)).toEqual([])
  })
})
