import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '@docpal/plugin-sdk'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Exports (issue 15): a table's or a view's records as CSV or XLSX, streamed page by page,
 * parsed back here with the same libraries a user's tools would use. Cells that a spreadsheet
 * would run as formulas are escaped; numbers stay numbers; select options come by label.
 */
let t: TestServer
let tableId: string
let appId: string
const TOTAL = 10_345 // more than two export batches of 5,000 (cursor fetches on PostgreSQL, keyset pages on PGlite)

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Exports' })).body.id
  const table = await t.api('POST', `/api/apps/${appId}/tables`, {
    name: 'Deals / Q4',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'Amount', type: 'number', config: { precision: 2 } },
      {
        name: 'Stage',
        type: 'single_select',
        config: {
          options: [
            { id: 'w', label: 'Won' },
            { id: 'l', label: 'Lost' },
          ],
        },
      },
      { name: 'Notes', type: 'long_text' },
    ],
  })
  expect(table.status).toBe(201)
  tableId = table.body.id
  const hostile = [
    { Title: '=HYPERLINK("http://evil.example","click")', Amount: -3.5, Stage: 'l', Notes: 'line one\nline "two", with comma' },
    { Title: '+1+2', Amount: 0, Stage: 'w', Notes: '@SUM(A1)' },
    { Title: '-2', Amount: 7, Stage: null, Notes: '\t=1' },
  ]
  const records = [...hostile, ...Array.from({ length: TOTAL - hostile.length }, (_, i) => ({ Title: `Deal ${i}`, Amount: i, Stage: i % 2 ? 'w' : 'l', Notes: null }))]
  const bulk = await t.api('POST', `/api/tables/${tableId}/records/bulk`, { records: records.map((fields) => ({ fields })) })
  expect(bulk.status).toBe(201)
})
afterAll(() => t?.close())

async function download(path: string) {
  const res = await fetch(`${t.url}${path}`, { headers: t.owner.headers })
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) }
}

describe('export', () => {
  it('a table as CSV: every record, header first, formulas escaped, numbers as numbers, options by label', async () => {
    const r = await download(`/api/tables/${tableId}/export?format=csv`)
    expect(r.status).toBe(200)
    expect(r.type).toBe('text/csv; charset=utf-8')
    expect(decodeURIComponent(r.disposition ?? '')).toContain("filename*=UTF-8''Deals _ Q4.csv")
    // UTF-8 with a byte-order mark, so spreadsheets read it as UTF-8.
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows: string[][] = parse(r.bytes.toString('utf8').slice(1))
    expect(rows[0]).toEqual(['Title', 'Amount', 'Stage', 'Notes'])
    expect(rows.length).toBe(TOTAL + 1)
    expect(rows[1]).toEqual([`'=HYPERLINK("http://evil.example","click")`, '-3.5', 'Lost', 'line one\nline "two", with comma'])
    expect(rows[2]).toEqual(["'+1+2", '0', 'Won', "'@SUM(A1)"])
    expect(rows[3]).toEqual(["'-2", '7', '', "'\t=1"])
    expect(rows[TOTAL]![0]).toBe(`Deal ${TOTAL - 4}`)
  })

  it('a table as XLSX with the list parameters (filter, sort, fields)', async () => {
    const filter = encodeURIComponent(JSON.stringify({ and: [{ field: 'Stage', op: 'eq', value: 'Won' }] }))
    const sort = encodeURIComponent(JSON.stringify([{ field: 'Amount', direction: 'desc' }]))
    const fields = encodeURIComponent(JSON.stringify(['Title', 'Amount']))
    const r = await download(`/api/tables/${tableId}/export?format=xlsx&filter=${filter}&sort=${sort}&fields=${fields}`)
    expect(r.status).toBe(200)
    expect(r.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(r.bytes as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1)
    expect(values(1)).toEqual(['Title', 'Amount'])
    const won = 1 + Math.floor((TOTAL - 3) / 2)
    expect(sheet.rowCount).toBe(won + 1)
    // Numbers are numeric cells, in the order asked for; text that looks like a formula is text.
    expect(typeof values(2)[1]).toBe('number')
    expect((values(2)[1] as number) >= (values(3)[1] as number)).toBe(true)
    const plus = [...Array(sheet.rowCount).keys()].map((i) => values(i + 1)[0]).find((v) => typeof v === 'string' && v.includes('+1+2'))
    expect(plus).toBe("'+1+2")
  })

  it("a view: its filter and visible fields, and the request's search", async () => {
    const view = await t.api('POST', `/api/apps/${appId}/views`, {
      name: 'Lost deals',
      dataTableId: tableId,
      type: 'table',
      queryConfig: { filter: { field: 'Stage', op: 'eq', value: 'l' }, sort: [{ field: 'Amount', direction: 'asc' }] },
      config: { hiddenFields: [] },
    })
    expect(view.status).toBe(201)
    const table = (await t.api('GET', `/api/tables/${tableId}`)).body
    const notes = table.columns.find((c: { name: string }) => c.name === 'Notes').id
    expect((await t.api('PUT', `/api/views/${view.body.id}`, { config: { hiddenFields: [notes] } })).status).toBe(200)
    const r = await download(`/api/views/${view.body.id}/export`)
    expect(r.status).toBe(200)
    const rows: string[][] = parse(r.bytes.toString('utf8').slice(1))
    expect(rows[0]).toEqual(['Title', 'Amount', 'Stage'])
    expect(rows.slice(1).every((row) => row[2] === 'Lost')).toBe(true)
    // In the view's order across batches.
    const amounts = rows.slice(1).map((row) => Number(row[1]))
    expect(amounts.every((a, i) => i === 0 || a >= amounts[i - 1]!)).toBe(true)
    expect(rows.length - 1).toBe(Math.ceil((TOTAL - 3) / 2) + 1)
    const searched: string[][] = parse((await download(`/api/views/${view.body.id}/export?search=Deal%2010`)).bytes.toString('utf8').slice(1))
    expect(searched.slice(1).every((row) => row[0]!.includes('Deal 10'))).toBe(true)
  })

  it('compresses the download for clients that ask (brotli, else gzip), the same rows inside', async () => {
    for (const encoding of ['br', 'gzip']) {
      const res = await fetch(`${t.url}/api/tables/${tableId}/export?format=csv`, { headers: { ...t.owner.headers, 'accept-encoding': encoding } })
      expect(res.headers.get('content-encoding')).toBe(encoding)
      const rows: string[][] = parse((await res.text()).slice(1))
      expect(rows.length).toBe(TOTAL + 1)
      expect(rows[2]).toEqual(["'+1+2", '0', 'Won', "'@SUM(A1)"])
    }
  })

  it('a client that stops reading half-way gives its cursor and connection back', async () => {
    const ctrl = new AbortController()
    const res = await fetch(`${t.url}/api/tables/${tableId}/export?format=csv`, { headers: { ...t.owner.headers, 'accept-encoding': 'identity' }, signal: ctrl.signal })
    const reader = res.body!.getReader()
    await reader.read()
    ctrl.abort()
    await reader.read().catch(() => undefined)
    if (t.db.url) {
      // No connection is left inside the export's transaction (PostgreSQL; PGlite holds none).
      const open = async () =>
        (await t.db.db.one<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`))?.n
      await expect.poll(open, { timeout: 10_000 }).toBe(0)
    }
    // And the next export answers in full.
    const again: string[][] = parse((await download(`/api/tables/${tableId}/export?format=csv`)).bytes.toString('utf8').slice(1))
    expect(again.length).toBe(TOTAL + 1)
  })

  it('refuses a bad request before any byte of the file, in the error shape', async () => {
    const bad = await t.api('GET', `/api/tables/${tableId}/export?filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Nope', op: 'eq', value: 1 }] }))}`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toBeDefined()
    const format = await t.api('GET', `/api/tables/${tableId}/export?format=pdf`)
    expect(format.status).toBe(400)
    expect((await t.api('GET', '/api/tables/00000000-0000-4000-8000-000000000000/export')).status).toBe(404)
  })
})
