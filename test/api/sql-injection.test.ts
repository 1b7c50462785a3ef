import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, type ApiResponse, type TestServer } from '../support/test-server.ts'

/**
 * Hostile strings everywhere a user can put text: stored and matched verbatim, never executed.
 * A NUL (which PostgreSQL text cannot hold) is a 4xx, never a 5xx.
 */

const HOSTILE = [
  'x"; drop table apps; --',
  "'); drop table apps; --",
  "\\'; select pg_sleep(5); --",
  '$1',
  '%_\\',
  "Robert'); DROP TABLE data_tables;--",
  '" OR 1=1 --',
  "' or '1'='1",
  '1; delete from apps',
  '$$; select pg_sleep(5); $$',
  "e'\\x41'",
  '`backtick`',
  '{"a","b"}',
  '{}',
  'NULL',
  '\\N',
  '\\.',
  ')::text; --',
  '/* comment */',
  'ünïcødé 😀 日本語 \u202e rtl \u2028 end',
]
const NUL = 'a\u0000b'
vi.setConfig({ testTimeout: 60_000 })
const SLOW_MS = 3000

let t: TestServer
let sentinelApp: string
let sentinelTable: string
let sentinelCount: number

/** A call that must be fast (no pg_sleep ran) and never a 5xx. */
async function api(method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const started = Date.now()
  const r = await t.api(method, path, body)
  expect(Date.now() - started, `${method} ${path} took too long`).toBeLessThan(SLOW_MS)
  expect(r.status, `${method} ${path}: ${r.text.slice(0, 300)}`).toBeLessThan(500)
  if (r.status >= 400) {
    expect(typeof r.body.error.code).toBe('string')
    expect(r.body.error.message).not.toMatch(/\n\s*at |node_modules|\.ts:\d+/)
  }
  return r
}

const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v))

/** The database is intact: apps list, the sentinel app and its table's rows are still there. */
async function intact() {
  const apps = await api('GET', '/api/apps')
  expect(apps.status).toBe(200)
  expect(Array.isArray(apps.body)).toBe(true)
  expect(apps.body.map((a: { id: string }) => a.id)).toContain(sentinelApp)
  const tables = await api('GET', `/api/apps/${sentinelApp}/tables`)
  expect(tables.status).toBe(200)
  expect(tables.body.map((x: { id: string }) => x.id)).toEqual([sentinelTable])
  const recs = await api('GET', `/api/tables/${sentinelTable}/records?count=true&limit=1`)
  expect(recs.status).toBe(200)
  expect(recs.body.total).toBe(sentinelCount)
}

beforeAll(async () => {
  t = await startTestServer()
  const app = await t.api('POST', '/api/apps', { name: 'Sentinel' })
  sentinelApp = app.body.id
  const table = await t.api('POST', `/api/apps/${sentinelApp}/tables`, { name: 'Sentinel table', columns: [{ name: 'V', type: 'text' }] })
  sentinelTable = table.body.id
  const b = await t.api('POST', `/api/tables/${sentinelTable}/records/bulk`, { records: [{ fields: { V: 'a' } }, { fields: { V: 'b' } }, { fields: { V: 'c' } }] })
  expect(b.status).toBe(201)
  sentinelCount = 3
})
afterAll(() => t?.close())

describe('app names', () => {
  it('are stored verbatim', async () => {
    for (const s of HOSTILE) {
      const c = await api('POST', '/api/apps', { name: s, description: s, icon: s })
      expect(c.status, s).toBe(201)
      expect(c.body.name).toBe(s)
      const g = await api('GET', `/api/apps/${c.body.id}`)
      expect(g.body).toMatchObject({ name: s, description: s, icon: s })
      const u = await api('PUT', `/api/apps/${c.body.id}`, { description: `${s} / ${s}` })
      expect(u.status).toBe(200)
      expect(u.body.description).toBe(`${s} / ${s}`)
    }
    const all = await api('GET', '/api/apps')
    const names = all.body.map((a: { name: string }) => a.name)
    for (const s of HOSTILE) expect(names).toContain(s)
    await intact()
  })

  it('a NUL is a 4xx and creates nothing', async () => {
    const before = (await api('GET', '/api/apps')).body.length
    for (const body of [{ name: NUL }, { name: 'ok', description: NUL }]) {
      const r = await api('POST', '/api/apps', body)
      expect(r.status).toBeGreaterThanOrEqual(400)
      expect(r.status).toBeLessThan(500)
    }
    const u = await api('PUT', `/api/apps/${sentinelApp}`, { name: NUL })
    expect(u.status).toBeGreaterThanOrEqual(400)
    expect((await api('GET', `/api/apps/${sentinelApp}`)).body.name).toBe('Sentinel')
    expect((await api('GET', '/api/apps')).body.length).toBe(before)
    await intact()
  })
})

describe('table and column names', () => {
  it('hostile table names are stored verbatim', async () => {
    const app = await api('POST', '/api/apps', { name: 'Table names' })
    for (const s of HOSTILE) {
      const c = await api('POST', `/api/apps/${app.body.id}/tables`, { name: s, columns: [{ name: 'v', type: 'text' }] })
      expect(c.status, s).toBe(201)
      expect(c.body.name).toBe(s)
      expect(c.body.tableName).toMatch(/^dt_[0-9a-f]{12}_[0-9a-f]{16}$/)
      expect((await api('GET', `/api/tables/${c.body.id}`)).body.name).toBe(s)
    }
    const list = await api('GET', `/api/apps/${app.body.id}/tables`)
    expect(list.body.map((x: { name: string }) => x.name).sort()).toEqual([...HOSTILE].sort())
    const nul = await api('POST', `/api/apps/${app.body.id}/tables`, { name: NUL, columns: [] })
    expect(nul.status).toBeGreaterThanOrEqual(400)
    expect((await api('GET', `/api/apps/${app.body.id}/tables`)).body).toHaveLength(HOSTILE.length)
    await intact()
  })

  it('hostile column names work as keys for writes, reads, filters, sorts and fields', async () => {
    const app = await api('POST', '/api/apps', { name: 'Column names' })
    const c = await api('POST', `/api/apps/${app.body.id}/tables`, { name: 'Hostile columns', columns: HOSTILE.map((s) => ({ name: s, type: 'text' })) })
    expect(c.status).toBe(201)
    expect(c.body.columns.map((x: { name: string }) => x.name)).toEqual(HOSTILE)
    const base = `/api/tables/${c.body.id}/records`
    const fields = Object.fromEntries(HOSTILE.map((s) => [s, `value of ${s}`]))
    const r = await api('POST', base, { fields })
    expect(r.status).toBe(201)
    expect(r.body.fields).toEqual(fields)
    const other = await api('POST', base, { fields: Object.fromEntries(HOSTILE.map((s) => [s, 'other'])) })
    expect(other.status).toBe(201)
    const b = await api('POST', `${base}/bulk`, { records: [{ fields }] })
    expect(b.status).toBe(201)
    expect((await api('GET', `${base}/${b.body.ids[0]}`)).body.fields).toEqual(fields)
    for (const s of HOSTILE) {
      const f = await api(
        'GET',
        `${base}?filter=${enc({ and: [{ field: s, op: 'eq', value: `value of ${s}` }] })}&sort=${enc([{ field: s, direction: 'desc' }])}&fields=${enc([s])}`,
      )
      expect(f.status, s).toBe(200)
      expect(f.body.records.map((x: { id: string }) => x.id).sort(), s).toEqual([r.body.id, b.body.ids[0]].sort())
      for (const rec of f.body.records) expect(rec.fields).toEqual({ [s]: `value of ${s}` })
      const p = await api('PATCH', `${base}/${r.body.id}`, { fields: { [s]: s } })
      expect(p.status).toBe(200)
      expect(p.body.fields[s]).toBe(s)
    }
    const nul = await api('POST', `/api/apps/${app.body.id}/tables`, { name: 'nul column', columns: [{ name: NUL, type: 'text' }] })
    expect(nul.status).toBeGreaterThanOrEqual(400)
    const add = await api('POST', `/api/tables/${c.body.id}/columns`, { name: NUL, type: 'text' })
    expect(add.status).toBeGreaterThanOrEqual(400)
    expect((await api('GET', `/api/tables/${c.body.id}`)).body.columns).toHaveLength(HOSTILE.length)
    await intact()
  })
})

describe('select options', () => {
  it('hostile labels are stored verbatim and name their option; hostile ids are a 400 at the id', async () => {
    const app = await api('POST', '/api/apps', { name: 'Selects' })
    const options = HOSTILE.map((s, i) => ({ id: `o${i}`, label: s }))
    const c = await api('POST', `/api/apps/${app.body.id}/tables`, {
      name: 'Options',
      columns: [
        { name: 'S', type: 'single_select', config: { options } },
        { name: 'M', type: 'multiple_select', config: { options } },
      ],
    })
    expect(c.status).toBe(201)
    expect(c.body.columns[0].config.options).toEqual(options)
    const base = `/api/tables/${c.body.id}/records`
    const r = await api('POST', base, { fields: { S: 'o2', M: ['o0', 'o4'] } })
    expect(r.status).toBe(201)
    expect(r.body.fields).toEqual({ S: 'o2', M: ['o0', 'o4'] })
    const f = await api(
      'GET',
      `${base}?filter=${enc({
        and: [
          { field: 'M', op: 'has_all', value: ['o4', 'o0'] },
          { field: 'S', op: 'in', value: ['o2'] },
        ],
      })}`,
    )
    expect(f.body.records.map((x: { id: string }) => x.id)).toEqual([r.body.id])
    // A hostile label names its option (values by label, issue 15): stored as the option's id.
    const byLabel = await api('POST', base, { fields: { S: HOSTILE[0], M: [HOSTILE[1]!.toUpperCase()] } })
    expect(byLabel.status, byLabel.text).toBe(201)
    expect(byLabel.body.fields).toEqual({ S: 'o0', M: ['o1'] })
    const unknown = await api('POST', base, { fields: { S: `${HOSTILE[0]} ` } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.path).toEqual(['fields', 'S'])

    for (const s of [...HOSTILE.filter((x) => !/^[A-Za-z0-9_-]{1,64}$/.test(x)), NUL, '', 'a b', 'x'.repeat(65)]) {
      for (const type of ['single_select', 'multiple_select']) {
        const bad = await api('POST', `/api/apps/${app.body.id}/tables`, {
          name: `bad ${type}`,
          columns: [
            {
              name: 'S',
              type,
              config: {
                options: [
                  { id: 'ok', label: 'ok' },
                  { id: s, label: 'x' },
                ],
              },
            },
          ],
        })
        expect(bad.status, `${type} ${JSON.stringify(s)}`).toBe(400)
        expect(bad.body.error.path.slice(0, 2)).toEqual(['columns', 0])
        expect(bad.body.error.path.slice(-3)).toEqual(['options', 1, 'id'])
      }
      // Hostile text that is neither an option id nor a label (the labels are HOSTILE themselves).
      const v = `${s} (none)`
      const filt = await api('GET', `${base}?filter=${enc({ and: [{ field: 'S', op: 'eq', value: v }] })}`)
      expect(filt.status).toBe(400)
      expect(filt.body.error.code).toBe('KRN_ERR_QUERY_BAD_VALUE')
      const rec = await api('POST', base, { fields: { M: ['o1', v] } })
      expect(rec.status).toBe(400)
      expect(rec.body.error.path).toEqual(['fields', 'M', 1])
    }
    expect((await api('GET', `/api/apps/${app.body.id}/tables`)).body).toHaveLength(1)
    const nulLabel = await api('POST', `/api/apps/${app.body.id}/tables`, {
      name: 'nul label',
      columns: [{ name: 'S', type: 'single_select', config: { options: [{ id: 'a', label: NUL }] } }],
    })
    expect(nulLabel.status).toBeGreaterThanOrEqual(400)
    expect((await api('GET', `/api/apps/${app.body.id}/tables`)).body).toHaveLength(1)
    await intact()
  })
})

describe('record values and filter values', () => {
  const EXTRA = ['100%', '50_50', 'plain', 'back\\slash', 'under_score', '%', '_', 'percent % inside', 'UPPER %_\\ case', 'ends with \\']
  const VALUES = [...HOSTILE, ...EXTRA]
  let base: string
  let tableId: string
  /** Each value is stored twice: once by POST, once by bulk. */
  const stored: Array<{ id: string; text: string }> = []

  beforeAll(async () => {
    const app = await t.api('POST', '/api/apps', { name: 'Values' })
    const c = await t.api('POST', `/api/apps/${app.body.id}/tables`, {
      name: 'Values',
      columns: [
        { name: 'Text', type: 'text' },
        { name: 'Note', type: 'long_text' },
        { name: 'N', type: 'number' },
      ],
    })
    tableId = c.body.id
    base = `/api/tables/${tableId}/records`
  })

  const matching = (pred: (s: string) => boolean) =>
    stored
      .filter((x) => pred(x.text))
      .map((x) => x.id)
      .sort()
  async function ids(filter: unknown, viaPost = false): Promise<string[]> {
    const r = viaPost ? await api('POST', `${base}/query`, { filter, limit: 1000 }) : await api('GET', `${base}?filter=${enc(filter)}&limit=1000`)
    expect(r.status, JSON.stringify(filter)).toBe(200)
    return r.body.records.map((x: { id: string }) => x.id).sort()
  }

  it('are stored verbatim by POST, PATCH and bulk', async () => {
    for (const s of VALUES) {
      const r = await api('POST', base, { fields: { Text: s, Note: s } })
      expect(r.status, s).toBe(201)
      expect(r.body.fields).toEqual({ Text: s, Note: s, N: null })
      const g = await api('GET', `${base}/${r.body.id}`)
      expect(g.body.fields.Text).toBe(s)
      const p = await api('PATCH', `${base}/${r.body.id}`, { fields: { Note: `${s}\n${s}` } })
      expect(p.body.fields).toEqual({ Text: s, Note: `${s}\n${s}`, N: null })
      stored.push({ id: r.body.id, text: s })
    }
    const b = await api('POST', `${base}/bulk`, { records: VALUES.map((s) => ({ fields: { Text: s, Note: s } })) })
    expect(b.status).toBe(201)
    for (const [i, s] of VALUES.entries()) {
      expect((await api('GET', `${base}/${b.body.ids[i]}`)).body.fields).toEqual({ Text: s, Note: s, N: null })
      stored.push({ id: b.body.ids[i], text: s })
    }
    await intact()
  })

  it('eq / contains / starts_with / ends_with / in match them literally', async () => {
    for (const s of VALUES) {
      for (const viaPost of [false, true]) {
        expect(await ids({ and: [{ field: 'Text', op: 'eq', value: s }] }, viaPost), `eq ${s}`).toEqual(matching((x) => x === s))
        expect(await ids({ and: [{ field: 'Text', op: 'contains', value: s }] }, viaPost), `contains ${s}`).toEqual(matching((x) => x.toLowerCase().includes(s.toLowerCase())))
        expect(await ids({ and: [{ field: 'Text', op: 'starts_with', value: s }] }, viaPost), `starts_with ${s}`).toEqual(
          matching((x) => x.toLowerCase().startsWith(s.toLowerCase())),
        )
        expect(await ids({ and: [{ field: 'Note', op: 'ends_with', value: s }] }, viaPost), `ends_with ${s}`).toEqual(matching((x) => x.toLowerCase().endsWith(s.toLowerCase())))
        expect(await ids({ and: [{ field: 'Text', op: 'in', value: [s, 'plain'] }] }, viaPost), `in ${s}`).toEqual(matching((x) => x === s || x === 'plain'))
        expect(await ids({ and: [{ field: 'Text', op: 'neq', value: s }] }, viaPost), `neq ${s}`).toEqual(matching((x) => x !== s))
      }
    }
    await intact()
  })

  it("LIKE wildcards are literal: contains '%' matches only rows with a %", async () => {
    const pct = await ids({ and: [{ field: 'Text', op: 'contains', value: '%' }] })
    expect(pct).toEqual(matching((x) => x.includes('%')))
    expect(pct.length).toBe(2 * VALUES.filter((x) => x.includes('%')).length)
    expect(pct.length).toBeLessThan(stored.length / 2)
    expect(await ids({ and: [{ field: 'Text', op: 'contains', value: '_' }] })).toEqual(matching((x) => x.includes('_')))
    expect(await ids({ and: [{ field: 'Text', op: 'contains', value: '\\' }] })).toEqual(matching((x) => x.includes('\\')))
    expect(await ids({ and: [{ field: 'Text', op: 'starts_with', value: '%' }] })).toEqual(matching((x) => x.startsWith('%')))
    expect(await ids({ and: [{ field: 'Text', op: 'ends_with', value: '\\' }] })).toEqual(matching((x) => x.endsWith('\\')))
    expect(await ids({ and: [{ field: 'Text', op: 'eq', value: '%' }] })).toEqual(matching((x) => x === '%'))
    expect(await ids({ and: [{ field: 'Text', op: 'not_contains', value: '%' }] })).toEqual(matching((x) => !x.includes('%')))
  })

  it('a NUL in a value or a filter is a 4xx and writes nothing', async () => {
    const before = (await api('GET', `${base}?count=true&limit=1`)).body.total
    const r = await api('POST', base, { fields: { Text: NUL } })
    expect(r.status).toBeGreaterThanOrEqual(400)
    const b = await api('POST', `${base}/bulk`, { records: [{ fields: { Text: 'fine' } }, { fields: { Text: NUL } }] })
    expect(b.status).toBeGreaterThanOrEqual(400)
    const p = await api('PATCH', `${base}/${stored[0]!.id}`, { fields: { Text: 'changed', Note: NUL } })
    expect(p.status).toBeGreaterThanOrEqual(400)
    expect((await api('GET', `${base}/${stored[0]!.id}`)).body.fields.Text).toBe(stored[0]!.text)
    for (const op of ['eq', 'contains', 'starts_with']) {
      const f = await api('GET', `${base}?filter=${enc({ and: [{ field: 'Text', op, value: NUL }] })}`)
      expect(f.status, op).toBeGreaterThanOrEqual(400)
    }
    const inList = await api('POST', `${base}/query`, { filter: { and: [{ field: 'Text', op: 'in', value: ['x', NUL] }] } })
    expect(inList.status).toBeGreaterThanOrEqual(400)
    expect((await api('GET', `${base}?count=true&limit=1`)).body.total).toBe(before)
    await intact()
  })

  it('hostile sort and filter field names are unknown fields (400)', async () => {
    const meta = (await api('GET', `/api/tables/${tableId}`)).body
    const sqlish = [
      ...HOSTILE,
      NUL,
      'created_at',
      'updated_at',
      'created_by',
      'ID',
      'CreatedAt',
      't.id',
      '"id"',
      'id; drop table apps',
      '1=1',
      'text',
      'TEXT ',
      ' Text',
      meta.tableName,
      'f_0123456789abcdef',
      'fields',
      '__proto__',
      'constructor',
      'toString',
    ]
    for (const s of sqlish) {
      const so = await api('GET', `${base}?sort=${enc([{ field: s, direction: 'asc' }])}`)
      expect(so.status, s).toBe(400)
      expect(so.body.error.code, s).toBe('KRN_ERR_QUERY_UNKNOWN_FIELD')
      expect(so.body.error.path).toEqual(['sort', 0, 'field'])
      const fi = await api('POST', `${base}/query`, { filter: { and: [{ field: s, op: 'eq', value: 'x' }] } })
      expect(fi.status, s).toBe(400)
      expect(fi.body.error.code, s).toBe('KRN_ERR_QUERY_UNKNOWN_FIELD')
      expect(fi.body.error.path).toEqual(['filter', 'and', 0, 'field'])
      const fl = await api('GET', `${base}?fields=${enc([s])}`)
      expect(fl.status, s).toBe(400)
      const op = await api('POST', `${base}/query`, { filter: { and: [{ field: 'Text', op: s, value: 'x' }] } })
      expect(op.status, s).toBe(400)
      expect(op.body.error.code, s).toBe('KRN_ERR_QUERY_UNKNOWN_OPERATOR')
      const dir = await api('POST', `${base}/query`, { sort: [{ field: 'Text', direction: s }] })
      expect(dir.status, s).toBe(400)
    }
    await intact()
  })

  it('hostile cursors are a 400; a forged cursor with hostile values is never executed', async () => {
    for (const s of [...HOSTILE, NUL, Buffer.from(HOSTILE[0]!).toString('base64url')]) {
      const r = await api('GET', `${base}?cursor=${encodeURIComponent(s)}&limit=5`)
      expect(r.status, s).toBe(400)
      expect(r.body.error.code).toBe('KRN_ERR_QUERY_BAD_CURSOR')
      const p = await api('POST', `${base}/query`, { cursor: s, limit: 5 })
      expect(p.status, s).toBe(400)
    }
    // Forged: the right shape and signature for the default sort (createdAt, id), hostile values
    const forge = (v: unknown[], sort: unknown[] = []) => Buffer.from(JSON.stringify({ v, s: JSON.stringify([sort, null]) })).toString('base64url')
    for (const s of HOSTILE) {
      const r = await api('GET', `${base}?cursor=${forge([s, s])}&limit=5`)
      expect(r.status, s).toBe(400)
    }
    // Sorted by a text column, a hostile cursor value is just a string to compare with
    const meta = (await api('GET', `/api/tables/${tableId}`)).body
    const textId = meta.columns[0].id
    for (const s of HOSTILE) {
      const sort = [{ field: textId, direction: 'asc' }]
      const r = await api('GET', `${base}?sort=${enc(sort)}&cursor=${forge([s, randomUUID()], sort)}&limit=1000`)
      expect(r.status, s).toBe(200)
      expect(r.body.records.length).toBeLessThanOrEqual(stored.length)
    }
    await intact()
  })

  it('hostile fieldKey values are a 400', async () => {
    for (const s of [...HOSTILE, 'ID', 'names', '']) {
      const l = await api('GET', `${base}?fieldKey=${encodeURIComponent(s)}`)
      expect(l.status, s).toBe(400)
      expect(l.body.error.path).toEqual(['fieldKey'])
      const q = await api('POST', `${base}/query?fieldKey=${encodeURIComponent(s)}`, {})
      expect(q.status, s).toBe(400)
      const before = (await api('GET', `${base}?count=true&limit=1`)).body.total
      const c = await api('POST', `${base}?fieldKey=${encodeURIComponent(s)}`, { fields: { Text: 'fk' } })
      expect(c.status, s).toBe(400)
      expect(c.body.error.path).toEqual(['fieldKey'])
      const b = await api('POST', `${base}/bulk?fieldKey=${encodeURIComponent(s)}`, { records: [{ fields: { Text: 'fk' } }] })
      expect(b.status, s).toBe(400)
      const g = await api('GET', `${base}/${stored[0]!.id}?fieldKey=${encodeURIComponent(s)}`)
      expect(g.status, s).toBe(400)
      const pa = await api('PATCH', `${base}/${stored[0]!.id}?fieldKey=${encodeURIComponent(s)}`, { fields: { Note: 'fk' } })
      expect(pa.status, s).toBe(400)
      expect((await api('GET', `${base}?count=true&limit=1`)).body.total).toBe(before)
    }
    expect((await api('GET', `${base}/${stored[0]!.id}`)).body.fields.Note).not.toBe('fk')
    await intact()
  })

  it('a number column rejects SQL text', async () => {
    for (const s of HOSTILE) {
      const r = await api('POST', base, { fields: { N: s } })
      expect(r.status).toBe(400)
      expect(r.body.error.path).toEqual(['fields', 'N'])
      const f = await api('GET', `${base}?filter=${enc({ and: [{ field: 'N', op: 'gt', value: s }] })}`)
      expect(f.status).toBe(400)
      expect(f.body.error.code).toBe('KRN_ERR_QUERY_BAD_VALUE')
    }
    await intact()
  })
})
