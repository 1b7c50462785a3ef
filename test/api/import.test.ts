import { crc32, deflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type ApiResponse, type TestServer } from '../support/test-server.ts'

/**
 * Imports (issue 15): CSV, TSV and XLSX files uploaded, previewed (types proposed per column),
 * mapped onto a new or an existing table and written in chunks through the bulk path, in
 * skipInvalid or atomic mode, followed over GET /api/imports/:id; hostile files refused with a
 * 4xx that says what is wrong, never a 5xx, never a half-written table in atomic mode.
 */
let t: TestServer
let appId: string

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Imports' })).body.id
})
afterAll(() => t?.close())

async function upload(body: string | Uint8Array, fileName = 'data.csv', type = 'text/csv', query = ''): Promise<ApiResponse> {
  return t.api('POST', `/api/imports?fileName=${encodeURIComponent(fileName)}${query}`, typeof body === 'string' ? Buffer.from(body) : body, { 'content-type': type })
}

/** Polls the import until it ends (the answer says when; no timing is asserted). */
async function finished(id: string): Promise<any> {
  for (;;) {
    const r = await t.api('GET', `/api/imports/${id}`)
    expect(r.status).toBe(200)
    if (!['uploaded', 'running'].includes(r.body.state)) return r.body
    await new Promise((res) => setTimeout(res, 20))
  }
}

async function records(tableId: string): Promise<Array<Record<string, unknown>>> {
  const r = await t.api('GET', `/api/tables/${tableId}/records?limit=1000&sort=${encodeURIComponent('[{"field":"createdAt","direction":"asc"}]')}&cellFormat=label`)
  expect(r.status).toBe(200)
  return r.body.records.map((x: { fields: Record<string, unknown> }) => x.fields)
}

const DEALS = [
  'Name,Amount,Closed,Won,Stage,Contact,Site,Notes',
  'Acme,"1,200.50",2026-01-31,yes,Open,ann@acme.example,https://acme.example,first',
  'Globex,300,2026/02/01,no,Won,bob@globex.example,https://globex.example,"quoted, with comma"',
  'Initech,42.25,2026-02-03,true,Open,cy@initech.example,http://initech.example,',
  'Umbrella,7,2026-02-04,false,Lost,dee@umbrella.example,https://umbrella.example,"line one',
  'line two"',
  'Hooli,8,2026-02-05,no,Open,ed@hooli.example,https://hooli.example,last',
].join('\n')

describe('import: upload and preview', () => {
  it('detects delimiter, encoding, header and a type per column', async () => {
    const r = await upload(DEALS)
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', header: true, state: 'uploaded', total: 5 })
    const types = Object.fromEntries(r.body.preview.columns.map((c: any) => [c.name, c.detected]))
    expect(types['Amount']).toEqual({ type: 'number', config: { precision: 2 } })
    expect(types['Closed']).toEqual({ type: 'date', config: { includeTime: false } })
    expect(types['Won'].type).toBe('switch')
    expect(types['Stage'].type).toBe('single_select')
    expect(types['Contact'].type).toBe('email')
    expect(types['Site'].type).toBe('url')
    expect(types['Notes'].type).toBe('long_text')
    expect(types['Name'].type).toBe('text')
    expect(r.body.preview.rows[3][7]).toBe('line one\nline two')
  })

  it('a semicolon CSV, a header-less file, and reading it again with other settings', async () => {
    const r = await upload('1;2;3\n4;5;6\n')
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ delimiter: ';', header: false, total: 2 })
    expect(r.body.preview.columns.map((c: any) => c.name)).toEqual(['Column 1', 'Column 2', 'Column 3'])
    const again = await t.api('PATCH', `/api/imports/${r.body.id}`, { header: true })
    expect(again.status).toBe(200)
    expect(again.body.preview.columns.map((c: any) => c.name)).toEqual(['1', '2', '3'])
    expect(again.body.preview.rows).toEqual([['4', '5', '6']])
  })
})

describe('import: into a new table', () => {
  it('creates the table with the detected types and writes every row', async () => {
    const up = await upload(DEALS)
    const start = await t.api('POST', `/api/imports/${up.body.id}/start`, { newTable: { appId, name: 'Deals import' }, mode: 'atomic' })
    expect(start.status).toBe(202)
    const done = await finished(up.body.id)
    expect(done).toMatchObject({ state: 'done', processed: 5, written: 5, rejected: 0, total: 5, report: [] })
    const table = (await t.api('GET', `/api/tables/${done.tableId}`)).body
    expect(table.columns.map((c: any) => [c.name, c.type])).toEqual([
      ['Name', 'text'],
      ['Amount', 'number'],
      ['Closed', 'date'],
      ['Won', 'switch'],
      ['Stage', 'single_select'],
      ['Contact', 'email'],
      ['Site', 'url'],
      ['Notes', 'long_text'],
    ])
    const rows = await records(done.tableId)
    expect(rows[0]).toMatchObject({ Name: 'Acme', Amount: 1200.5, Closed: '2026-01-31', Won: true, Stage: 'Open', Contact: 'ann@acme.example', Notes: 'first' })
    expect(rows[1]).toMatchObject({ Closed: '2026-02-01', Won: false, Stage: 'Won', Notes: 'quoted, with comma' })
    expect(rows[2]!['Notes']).toBeNull()
    expect(rows[3]!['Notes']).toBe('line one\nline two')
  })

  it('a mapping that renames, retypes and skips file columns', async () => {
    const up = await upload(DEALS)
    const start = await t.api('POST', `/api/imports/${up.body.id}/start`, {
      newTable: { appId, name: 'Mapped' },
      columns: [
        { source: 0, create: { name: 'Company', type: 'text' } },
        { source: 1, create: { name: 'Value', type: 'text' } },
      ],
    })
    expect(start.status).toBe(202)
    const done = await finished(up.body.id)
    expect(done.state).toBe('done')
    expect((await records(done.tableId)).map((r) => r['Value'])).toEqual(['1,200.50', '300', '42.25', '7', '8'])
  })

  it('more columns than a table holds is a 400 before anything is made', async () => {
    const header = Array.from({ length: 1000 }, (_, i) => `c${i}`).join(',')
    const row = Array.from({ length: 1000 }, (_, i) => String(i)).join(',')
    const up = await upload(`${header}\n${row}\n${row}\n`)
    expect(up.status).toBe(201)
    expect(up.body.preview.columns).toHaveLength(1000)
    const tables = (await t.api('GET', `/api/apps/${appId}/tables`)).body.length
    const start = await t.api('POST', `/api/imports/${up.body.id}/start`, { newTable: { appId, name: 'Wide' } })
    expect(start.status).toBe(400)
    expect(start.text).toContain('at most 500 columns')
    expect((await t.api('GET', `/api/apps/${appId}/tables`)).body.length).toBe(tables)
    // The upload stays usable: three of its 1,000 columns into a table.
    const again = await t.api('POST', `/api/imports/${up.body.id}/start`, {
      newTable: { appId, name: 'Three of a thousand' },
      columns: [0, 500, 999].map((source) => ({ source, create: { name: `c${source}`, type: 'number' } })),
    })
    expect(again.status).toBe(202)
    const done = await finished(up.body.id)
    expect(done).toMatchObject({ state: 'done', written: 2 })
    expect(await records(done.tableId)).toEqual([
      { c0: 0, c500: 500, c999: 999 },
      { c0: 0, c500: 500, c999: 999 },
    ])
  })
})

describe('import: into an existing table, both modes', () => {
  let tableId: string
  beforeAll(async () => {
    const table = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Contacts',
      columns: [
        { name: 'Name', type: 'text', required: true },
        { name: 'Age', type: 'number', config: { precision: 0 } },
        {
          name: 'Tier',
          type: 'single_select',
          config: {
            options: [
              { id: 'g', label: 'Gold' },
              { id: 's', label: 'Silver' },
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
            ],
          },
        },
      ],
    })
    expect(table.status).toBe(201)
    tableId = table.body.id
  })
  const BAD = ['Name,Age,Tier,Tags,Extra', 'Ann,30,gold,"Alpha, beta",x', ',31,Gold,,x', 'Cy,thirty,Silver,,x', 'Dee,40.5,Silver,,x', 'Ed,50,Platinum,,x', 'Flo,60,s,Beta,x'].join(
    '\n',
  )

  it('skipInvalid keeps the good rows and reports the others by row, column and reason', async () => {
    const up = await upload(BAD)
    // Columns by name; 'Extra' matches no column and is skipped.
    const start = await t.api('POST', `/api/imports/${up.body.id}/start`, { tableId, mode: 'skipInvalid' })
    expect(start.status).toBe(202)
    const done = await finished(up.body.id)
    expect(done).toMatchObject({ state: 'done', processed: 6, written: 2, rejected: 4 })
    expect(done.report.map((r: any) => [r.row, r.column])).toEqual([
      [3, 'Name'],
      [4, 'Age'],
      [5, 'Age'],
      [6, 'Tier'],
    ])
    expect(done.report[0].reason).toContain('required')
    expect(done.report[1].reason).toBe("'thirty': not a valid number")
    expect(done.report[2].reason).toContain('whole number')
    expect(done.report[3].reason).toBe("'Platinum': not an option; give one of Gold, Silver (or an option id)")
    // Read later, in the reader's language: the Chinese was made with the report.
    expect(done.report[0].reasons['zh-CN']).toMatch(/必填/)
    expect(done.report[1].reasons['zh-CN']).toBe('“thirty”：应为数字，收到的是文本。')
    expect(done.report[3].reasons['zh-CN']).toBe('“Platinum”：不是可选项；请填写以下之一：Gold, Silver（或选项 ID）')
    expect(await records(tableId)).toEqual([
      { Name: 'Ann', Age: 30, Tier: 'Gold', Tags: ['Alpha', 'Beta'] },
      { Name: 'Flo', Age: 60, Tier: 'Silver', Tags: ['Beta'] },
    ])
  })

  it('skipInvalid over many chunks (two written at once on PostgreSQL): every good row once, in file order, the report in file order', async () => {
    const table = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Many chunks',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Age', type: 'number', config: { precision: 0 } },
      ],
    })
    expect(table.status).toBe(201)
    // 9,000 rows: five chunks of the import's 2,000, one refused row in each of six places.
    const bad = new Set([700, 2200, 3700, 5200, 6700, 8200])
    const lines = ['Name,Age']
    for (let i = 0; i < 9_000; i++) lines.push(`P${i},${bad.has(i) ? 'x' : i}`)
    const up = await upload(lines.join('\n'))
    expect(up.status).toBe(201)
    expect((await t.api('POST', `/api/imports/${up.body.id}/start`, { tableId: table.body.id, mode: 'skipInvalid' })).status).toBe(202)
    const done = await finished(up.body.id)
    expect(done).toMatchObject({ state: 'done', processed: 9_000, written: 8_994, rejected: 6 })
    // Row numbers as a spreadsheet shows them: the header is row 1.
    expect(done.report.map((r: any) => r.row)).toEqual([...bad].map((i) => i + 2))
    const base = `/api/tables/${table.body.id}/records`
    expect((await t.api('GET', `${base}?count=true&limit=1`)).body.total).toBe(8_994)
    // The table's order (created_at, id) is the file's: the first and the last page.
    const order = (dir: string) => encodeURIComponent(`[{"field":"createdAt","direction":"${dir}"}]`)
    const first = (await t.api('GET', `${base}?limit=1000&sort=${order('asc')}`)).body.records.map((r: any) => r.fields.Name)
    const last = (await t.api('GET', `${base}?limit=1000&sort=${order('desc')}`)).body.records.map((r: any) => r.fields.Name)
    const expected = Array.from({ length: 9_000 }, (_, i) => i)
      .filter((i) => !bad.has(i))
      .map((i) => `P${i}`)
    expect(first).toEqual(expected.slice(0, 1000))
    expect(last).toEqual(expected.slice(-1000).reverse())
  })

  it('atomic refuses the whole file with the same report, and writes nothing', async () => {
    const before = (await records(tableId)).length
    const up = await upload(BAD)
    await t.api('POST', `/api/imports/${up.body.id}/start`, {
      tableId,
      mode: 'atomic',
      columns: [
        { source: 0, field: 'Name' },
        { source: 1, field: 'Age' },
        { source: 2, field: 'Tier' },
        { source: 4, create: { name: 'Extra', type: 'text' } },
      ],
    })
    const done = await finished(up.body.id)
    expect(done).toMatchObject({ state: 'refused', written: 0, rejected: 4 })
    expect((await records(tableId)).length).toBe(before)
    // The column made for the import is gone again (archived, as any removed column).
    const cols = (await t.api('GET', `/api/tables/${tableId}`)).body.columns.map((c: any) => c.name)
    expect(cols).not.toContain('Extra')
  })

  it('atomic into a new table: refused leaves no table behind', async () => {
    const tables = (await t.api('GET', `/api/apps/${appId}/tables`)).body.length
    const up = await upload('Name,Age\nAnn,1\nBob,x\n')
    await t.api('POST', `/api/imports/${up.body.id}/start`, {
      newTable: { appId, name: 'Never' },
      mode: 'atomic',
      columns: [
        { source: 0, create: { name: 'Name', type: 'text' } },
        { source: 1, create: { name: 'Age', type: 'number' } },
      ],
    })
    const done = await finished(up.body.id)
    expect(done).toMatchObject({ state: 'refused', tableId: null, report: [{ row: 3, column: 'Age' }] })
    expect((await t.api('GET', `/api/apps/${appId}/tables`)).body.length).toBe(tables)
  })

  it('a bad mapping is a 400 naming it; a started import cannot start again; an unknown id is a 404', async () => {
    const up = await upload(BAD)
    const unknown = await t.api('POST', `/api/imports/${up.body.id}/start`, { tableId, columns: [{ source: 0, field: 'Nope' }] })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.message).toContain("Unknown column 'Nope'")
    const required = await t.api('POST', `/api/imports/${up.body.id}/start`, { tableId, columns: [{ source: 1, field: 'Age' }] })
    expect(required.status).toBe(400)
    expect(required.body.error.message).toContain("'Name' is required")
    const outside = await t.api('POST', `/api/imports/${up.body.id}/start`, { tableId, columns: [{ source: 9, field: 'Name' }] })
    expect(outside.status).toBe(400)
    const ok = await t.api('POST', `/api/imports/${up.body.id}/start`, { tableId, columns: [{ source: 0, field: 'Name' }] })
    expect(ok.status).toBe(202)
    const twice = await t.api('POST', `/api/imports/${up.body.id}/start`, { tableId, columns: [{ source: 0, field: 'Name' }] })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('HST_ERR_IMPORT_STARTED')
    await finished(up.body.id)
    expect((await t.api('DELETE', `/api/imports/${up.body.id}`)).status).toBe(204)
    expect((await t.api('GET', `/api/imports/${up.body.id}`)).status).toBe(404)
    const none = await t.api('GET', '/api/imports/00000000-0000-4000-8000-000000000000')
    expect(none.status).toBe(404)
    expect(none.body.error.code).toBe('HST_ERR_IMPORT_NOT_FOUND')
  })
})

describe('import: TSV, encodings, XLSX', () => {
  it('TSV, and UTF-16 with a byte-order mark (Excel "Unicode text")', async () => {
    const tsv = 'Name\tCity\nZoë\tKöln\n'
    const a = await upload(tsv, 'people.tsv', 'text/tab-separated-values')
    expect(a.body).toMatchObject({ format: 'tsv', delimiter: '\t', encoding: 'utf-8' })
    const b = await upload(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]), 'people.txt', 'text/tab-separated-values')
    expect(b.status).toBe(201)
    expect(b.body).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' })
    await t.api('POST', `/api/imports/${b.body.id}/start`, { newTable: { appId, name: 'People' } })
    const done = await finished(b.body.id)
    expect(await records(done.tableId)).toEqual([{ Name: 'Zoë', City: 'Köln' }])
  })

  it('a Windows-1252 file is detected and read as such; binary is refused', async () => {
    const latin = Buffer.from([...Buffer.from('Name,Price\nM'), 0xfc, ...Buffer.from('ller,'), 0x80, ...Buffer.from('5\n')])
    const up = await upload(latin)
    expect(up.status).toBe(201)
    expect(up.body.encoding).toBe('windows-1252')
    expect(up.body.preview.rows[0]).toEqual(['Müller', '€5'])
    const binary = await upload(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x41]))
    expect(binary.status).toBe(400)
    expect(binary.body.error.code).toBe('HST_ERR_IMPORT_ENCODING')
  })

  it('XLSX: numbers, dates, booleans and text of the first sheet', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('Orders')
    sheet.addRow(['Order', 'Qty', 'Due', 'Paid', 'Placed'])
    sheet.addRow(['A-1', 3, new Date(Date.UTC(2026, 0, 31)), true, new Date(Date.UTC(2026, 0, 30, 9, 30))])
    sheet.addRow(['A-2', 4.5, new Date(Date.UTC(2026, 1, 1)), false, new Date(Date.UTC(2026, 0, 30, 10, 0))])
    sheet.getColumn(3).numFmt = 'yyyy-mm-dd'
    sheet.getColumn(5).numFmt = 'yyyy-mm-dd hh:mm'
    book.addWorksheet('Ignored').addRow(['x'])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    const up = await upload(bytes, 'orders.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(up.status).toBe(201)
    expect(up.body).toMatchObject({ format: 'xlsx', encoding: null, header: true, total: 2 })
    const types = up.body.preview.columns.map((c: any) => c.detected.type)
    expect(types).toEqual(['text', 'number', 'date', 'switch', 'date'])
    await t.api('POST', `/api/imports/${up.body.id}/start`, { newTable: { appId, name: 'Orders' } })
    const done = await finished(up.body.id)
    expect(done).toMatchObject({ state: 'done', written: 2 })
    expect(await records(done.tableId)).toEqual([
      { Order: 'A-1', Qty: 3, Due: '2026-01-31', Paid: true, Placed: '2026-01-30T09:30:00.000Z' },
      { Order: 'A-2', Qty: 4.5, Due: '2026-02-01', Paid: false, Placed: '2026-01-30T10:00:00.000Z' },
    ])
  })
})

/** A zip of one stored-deflated entry, by hand: the bomb's one entry inflates to `size` zero bytes. */
function zipOf(name: string, size: number): Buffer {
  return zipEntries([[name, Buffer.alloc(size)]])
}

/** A zip of `entries` in this order (deflated), as any zip writer may order them. */
function zipEntries(entries: Array<[string, Buffer]>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, data] of entries) {
    const packed = deflateRawSync(data, { level: 9 })
    const n = Buffer.from(name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc32(data), 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(n.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc32(data), 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(n.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, n, packed)
    centrals.push(central, n)
    offset += 30 + n.length + packed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

describe('import: hostile files', () => {
  it('an empty file, and one of blank lines only', async () => {
    for (const body of ['', '\n\n\r\n']) {
      const r = await upload(body)
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('HST_ERR_IMPORT_EMPTY')
    }
  })

  it('a 10 MB cell is a 400 naming its row and column', async () => {
    const r = await upload(`Name,Notes\nAnn,short\nBob,${'x'.repeat(10 * 1024 * 1024)}\n`)
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('HST_ERR_IMPORT_CELL_TOO_LARGE')
    expect(r.body.error.message).toContain("Row 3, column 'Notes'")
    expect(r.body.error.path).toEqual(['rows', 3, 'Notes'])
  })

  it('an XLSX whose sheet comes before xl/workbook.xml in the zip (OOXML allows any order) is read', async () => {
    const x = (text: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${text}`)
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    const bytes = zipEntries([
      [
        '_rels/.rels',
        x(
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
        ),
      ],
      [
        'xl/_rels/workbook.xml.rels',
        x(
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
        ),
      ],
      ['xl/sharedStrings.xml', x(`<sst xmlns="${main}" count="3" uniqueCount="3"><si><t>Fruit</t></si><si><t>Qty</t></si><si><t>Apple</t></si></sst>`)],
      [
        'xl/worksheets/sheet1.xml',
        x(
          `<worksheet xmlns="${main}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>3</v></c></row></sheetData></worksheet>`,
        ),
      ],
      ['xl/workbook.xml', x(`<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="Fruit" sheetId="1" r:id="rId1"/></sheets></workbook>`)],
      ['[Content_Types].xml', x('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')],
    ])
    const up = await upload(bytes, 'fruit.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(up.status, up.text).toBe(201)
    expect(up.body).toMatchObject({ format: 'xlsx', header: true, total: 1 })
    expect(up.body.preview.rows[0]).toEqual(['Apple', '3'])
  })

  it('an XLSX zip bomb is refused before exceljs reads it; a fake .xlsx and an old .xls are named', async () => {
    const bomb = zipOf('xl/worksheets/sheet1.xml', 200 * 1024 * 1024)
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const r = await upload(bomb, 'bomb.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('HST_ERR_IMPORT_UNPACKED_TOO_LARGE')
    const fake = await upload('not a zip', 'x.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(fake.status).toBe(400)
    expect(fake.body.error.code).toBe('HST_ERR_IMPORT_FORMAT')
    const xls = await upload('whatever', 'old.xls', 'application/vnd.ms-excel')
    expect(xls.status).toBe(400)
    expect(xls.body.error.message).toContain('.xls')
  })

  it('an unclosed quote is a 400 naming the row', async () => {
    const r = await upload('a,b\n1,2\n3,"never closed\n')
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('HST_ERR_IMPORT_MALFORMED')
    expect(r.body.error.message).toContain('Row 3')
  })
})

describe('import: size bound', () => {
  let small: TestServer
  beforeAll(async () => {
    small = await startTestServer({ http: { maxImportBody: 4096 } })
  })
  afterAll(() => small?.close())

  it('a file larger than DOCPAL_MAX_IMPORT_BODY is a 413, declared or streamed', async () => {
    const big = 'a,b\n' + '1,2\n'.repeat(2000)
    const declared = await small.api('POST', '/api/imports?fileName=big.csv', Buffer.from(big), { 'content-type': 'text/csv' })
    expect(declared.status).toBe(413)
    expect(declared.body.error.code).toBe('HST_ERR_IMPORT_TOO_LARGE')
    // Chunked: no content-length, the bound is met while the body streams in.
    const chunks = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('1,2\n'.repeat(300)))
        c.close()
      },
    })
    const res = await fetch(`${small.url}/api/imports?fileName=big.csv`, {
      method: 'POST',
      body: chunks,
      headers: { ...small.owner.headers, 'content-type': 'text/csv' },
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
  })
})
