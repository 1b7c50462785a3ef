import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

let t: TestServer
let appId: string
beforeAll(async () => {
  t = await startTestServer()
  const app = await t.api('POST', '/api/apps', { name: 'DDL' })
  expect(app.status).toBe(201)
  appId = app.body.id
})
afterAll(() => t?.close())

const UNKNOWN = '00000000-0000-4000-8000-000000000000'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TABLE_NAME = /^dt_[0-9a-f]{12}_[0-9a-f]{16}$/

let seq = 0
const uniq = (base: string) => `${base} ${++seq}`

async function createTable(columns: unknown[], name = uniq('T')): Promise<any> {
  const r = await t.api('POST', `/api/apps/${appId}/tables`, { name, columns })
  expect(r.status, r.text).toBe(201)
  return r.body
}

async function insert(tableId: string, fields: Record<string, unknown>): Promise<any> {
  const r = await t.api('POST', `/api/tables/${tableId}/records`, { fields })
  expect(r.status, r.text).toBe(201)
  return r.body
}

async function records(tableId: string): Promise<any[]> {
  const r = await t.api(
    'GET',
    `/api/tables/${tableId}/records?limit=1000&sort=${encodeURIComponent(
      JSON.stringify([
        { field: 'createdAt', direction: 'asc' },
        { field: 'id', direction: 'asc' },
      ]),
    )}`,
  )
  expect(r.status, r.text).toBe(200)
  return r.body.records
}

async function getTable(tableId: string, archived = false): Promise<any> {
  const r = await t.api('GET', `/api/tables/${tableId}${archived ? '?includeArchived=true' : ''}`)
  expect(r.status, r.text).toBe(200)
  return r.body
}

const colsOf = (table: any) => table.columns.map((c: any) => ({ id: c.id, name: c.name, type: c.type, config: c.config }))
const tableCount = async () => (await t.api('GET', `/api/apps/${appId}/tables`)).body.length as number

describe('create table', () => {
  it('answers 201 with a physical name, columns with ids and order, and default layouts', async () => {
    const options = [
      { id: 'open', label: 'Open' },
      { id: 'won', label: 'Won', color: 'green' },
    ]
    const r = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Deals',
      description: 'Sales pipeline',
      columns: [
        { name: 'Title', type: 'text', required: true },
        { name: 'Amount', type: 'number', config: { precision: 2 } },
        { name: 'Stage', type: 'single_select', config: { options } },
        { name: 'Closed', type: 'date' },
      ],
    })
    expect(r.status).toBe(201)
    const b = r.body
    expect(b.id).toMatch(UUID)
    expect(b).toMatchObject({ appId, name: 'Deals', description: 'Sales pipeline' })
    expect(b.tableName).toMatch(TABLE_NAME)
    expect(b.tableName.endsWith(b.id.replace(/-/g, '').slice(0, 16))).toBe(true)
    expect(b.columns).toHaveLength(4)
    expect(b.columns.map((c: any) => [c.name, c.type, c.order, c.required])).toEqual([
      ['Title', 'text', 0, true],
      ['Amount', 'number', 1, false],
      ['Stage', 'single_select', 2, false],
      ['Closed', 'date', 3, false],
    ])
    for (const c of b.columns) expect(c.id).toMatch(UUID)
    expect(new Set(b.columns.map((c: any) => c.id)).size).toBe(4)
    // Config defaults are applied and given config is kept.
    expect(b.columns[0].config).toEqual({ maxLength: 10_000 })
    expect(b.columns[1].config).toEqual({ precision: 2 })
    expect(b.columns[2].config).toEqual({ options })
    expect(b.columns[3].config).toEqual({ includeTime: false, format: 'YYYY-MM-DD' })

    const ids = b.columns.map((c: any) => c.id)
    expect(b.defaultCardView.fields).toEqual(ids)
    expect(b.defaultCardView.titleField).toBe(ids[0])
    expect(b.defaultForm.fields.map((f: any) => f.columnId)).toEqual(ids)
    expect(b.defaultForm.fields[0]).toMatchObject({ columnId: ids[0], required: true })
    expect(b.defaultForm.fields[1]).toMatchObject({ columnId: ids[1], required: false })
    expect(Array.isArray(b.defaultDetailDashboard.sections)).toBe(true)
    expect(b.defaultDetailDashboard.sections.length).toBeGreaterThan(0)
    expect(b.defaultDetailDashboard.sections.flatMap((s: any) => s.fields)).toEqual(ids)

    const got = await getTable(b.id)
    expect(got.columns).toEqual(b.columns)
    expect(got.tableName).toBe(b.tableName)
    const list = await t.api('GET', `/api/apps/${appId}/tables`)
    expect(list.body.filter((x: any) => x.id === b.id)).toHaveLength(1)

    const rec = await insert(b.id, { Title: 'Big', Amount: 12.5, Stage: 'won', Closed: '2026-03-01' })
    expect(rec.fields).toEqual({ Title: 'Big', Amount: 12.5, Stage: 'won', Closed: '2026-03-01' })
  })

  it('creates a table without columns', async () => {
    const b = await createTable([])
    expect(b.columns).toEqual([])
    expect(b.defaultCardView.fields).toEqual([])
    expect(b.defaultForm.fields).toEqual([])
    const rec = await insert(b.id, {})
    expect(rec.fields).toEqual({})
  })

  it('treats hostile table and column names as data', async () => {
    const tableName = 'x"; drop table apps; --'
    const colName = 'y"); drop table apps; --'
    const r = await t.api('POST', `/api/apps/${appId}/tables`, { name: tableName, columns: [{ name: colName, type: 'text' }] })
    expect(r.status).toBe(201)
    expect(r.body.name).toBe(tableName)
    expect(r.body.tableName).toMatch(TABLE_NAME)
    expect(r.body.columns[0].name).toBe(colName)
    const rec = await insert(r.body.id, { [colName]: `'); drop table apps; --` })
    expect(rec.fields).toEqual({ [colName]: `'); drop table apps; --` })
    const filtered = await t.api('GET', `/api/tables/${r.body.id}/records?filter=${encodeURIComponent(JSON.stringify({ field: colName, op: 'contains', value: 'drop' }))}`)
    expect(filtered.status).toBe(200)
    expect(filtered.body.records).toHaveLength(1)
    // Rename the column to another hostile name.
    const put = await t.api('PUT', `/api/tables/${r.body.id}`, {
      name: `${tableName} 2`,
      columns: [{ id: r.body.columns[0].id, name: `z'; drop table data_tables; --`, type: 'text' }],
    })
    expect(put.status, put.text).toBe(200)
    expect((await records(r.body.id))[0].fields).toEqual({ [`z'; drop table data_tables; --`]: `'); drop table apps; --` })

    const apps = await t.api('GET', '/api/apps')
    expect(apps.status).toBe(200)
    expect(apps.body.some((a: any) => a.id === appId)).toBe(true)
    expect((await t.api('GET', `/api/apps/${appId}/tables`)).status).toBe(200)
  })

  it('refuses a duplicate table name in the same app (409), ignoring case; another app may reuse it', async () => {
    await createTable([], 'Contacts')
    const before = await tableCount()
    for (const name of ['Contacts', 'contacts', '  CONTACTS ']) {
      const r = await t.api('POST', `/api/apps/${appId}/tables`, { name, columns: [] })
      expect(r.status).toBe(409)
      expect(r.body.error.code).toBe('KRN_ERR_META_DUPLICATE_NAME')
      expect(r.body.error.path).toEqual(['name'])
    }
    expect(await tableCount()).toBe(before)
    const other = await t.api('POST', '/api/apps', { name: 'Other' })
    const r = await t.api('POST', `/api/apps/${other.body.id}/tables`, { name: 'Contacts', columns: [] })
    expect(r.status).toBe(201)
    // Renaming onto a taken name is refused too.
    const mine = await createTable([])
    const ren = await t.api('PUT', `/api/tables/${mine.id}`, { name: 'CONTACTS' })
    expect(ren.status).toBe(409)
    expect(ren.body.error.code).toBe('KRN_ERR_META_DUPLICATE_NAME')
    expect((await getTable(mine.id)).name).toBe(mine.name)
  })

  it('refuses duplicate column names, ignoring case, with the path of the second', async () => {
    const before = await tableCount()
    const r = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: uniq('Dup'),
      columns: [
        { name: 'Email', type: 'text' },
        { name: 'EMAIL', type: 'email' },
      ],
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(r.body.error.path).toEqual(['columns', 1, 'name'])
    const r2 = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: uniq('Dup'),
      columns: [
        { name: 'A', type: 'text' },
        { name: 'B', type: 'text' },
        { name: 'a', type: 'text' },
      ],
    })
    expect(r2.status).toBe(400)
    expect(r2.body.error.path).toEqual(['columns', 2, 'name'])
    expect(await tableCount()).toBe(before)
  })

  it('refuses system field names as column names', async () => {
    const r = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: uniq('Sys'),
      columns: [
        { name: 'Title', type: 'text' },
        { name: 'createdAt', type: 'date' },
      ],
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(r.body.error.path).toEqual(['columns', 1, 'name'])
  })

  it('refuses an unknown field type with KRN_ERR_FIELD_TYPE_UNKNOWN at its path', async () => {
    const before = await tableCount()
    const r = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: uniq('Unknown'),
      columns: [
        { name: 'A', type: 'text' },
        { name: 'B', type: 'number' },
        { name: 'C', type: 'hologram' },
      ],
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_FIELD_TYPE_UNKNOWN')
    expect(r.body.error.path).toEqual(['columns', 2, 'type'])
    expect(r.body.error.message).toContain('hologram')
    expect(await tableCount()).toBe(before)
  })

  it('refuses a bad field config with a path into the config', async () => {
    const before = await tableCount()
    const r = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: uniq('Cfg'),
      columns: [
        { name: 'A', type: 'text' },
        { name: 'N', type: 'number', config: { precision: 99 } },
      ],
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(r.body.error.path).toEqual(['columns', 1, 'config', 'precision'])
    const minMax = await t.api('POST', `/api/apps/${appId}/tables`, { name: uniq('Cfg'), columns: [{ name: 'N', type: 'number', config: { min: 10, max: 1 } }] })
    expect(minMax.status).toBe(400)
    expect(minMax.body.error.path).toEqual(['columns', 0, 'config', 'min'])
    const dupOpt = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: uniq('Cfg'),
      columns: [
        {
          name: 'S',
          type: 'single_select',
          config: {
            options: [
              { id: 'a', label: 'A' },
              { id: 'a', label: 'B' },
            ],
          },
        },
      ],
    })
    expect(dupOpt.status).toBe(400)
    expect(dupOpt.body.error.path).toEqual(['columns', 0, 'config', 'options', 1, 'id'])
    expect(await tableCount()).toBe(before)
  })

  it('refuses 10,000 columns with 400 at path [columns] and creates nothing', async () => {
    const before = await tableCount()
    const name = uniq('Wide')
    const columns = Array.from({ length: 10_000 }, (_, i) => ({ name: `c${i}`, type: 'text' }))
    const r = await t.api('POST', `/api/apps/${appId}/tables`, { name, columns })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(r.body.error.path).toEqual(['columns'])
    expect(await tableCount()).toBe(before)
    expect((await t.api('GET', `/api/apps/${appId}/tables`)).body.some((x: any) => x.name === name)).toBe(false)

    const small = await createTable([{ name: 'A', type: 'text' }])
    const put = await t.api('PUT', `/api/tables/${small.id}`, { columns })
    expect(put.status).toBe(400)
    expect(put.body.error.path).toEqual(['columns'])
    expect((await getTable(small.id)).columns.map((c: any) => c.name)).toEqual(['A'])
  })
})

describe('PUT /api/tables/:id with columns', () => {
  it('renames a column as metadata only: data intact, records keyed by the new name', async () => {
    const tb = await createTable([
      { name: 'First', type: 'text' },
      { name: 'Score', type: 'number' },
    ])
    const rec = await insert(tb.id, { First: 'Ada', Score: 7 })
    const [first, score] = tb.columns
    const r = await t.api('PUT', `/api/tables/${tb.id}`, {
      columns: [
        { id: first.id, name: 'Given name', type: 'text' },
        { id: score.id, name: 'Score', type: 'number' },
      ],
    })
    expect(r.status, r.text).toBe(200)
    expect(r.body.columns.map((c: any) => [c.id, c.name])).toEqual([
      [first.id, 'Given name'],
      [score.id, 'Score'],
    ])
    expect(r.body.plan.steps).toEqual([{ kind: 'rename', columnId: first.id, name: 'Given name', from: 'First', to: 'Given name' }])
    expect(r.body.plan.conversions).toEqual([])
    expect(r.body.version).toBe(tb.version + 1)
    const recs = await records(tb.id)
    expect(recs).toHaveLength(1)
    expect(recs[0].id).toBe(rec.id)
    expect(recs[0].fields).toEqual({ 'Given name': 'Ada', Score: 7 })
    // The old name is no longer a field.
    const old = await t.api('POST', `/api/tables/${tb.id}/records`, { fields: { First: 'x' } })
    expect(old.status).toBe(400)
    const byNew = await t.api('PATCH', `/api/tables/${tb.id}/records/${rec.id}`, { fields: { 'Given name': 'Grace' } })
    expect(byNew.status).toBe(200)
    expect(byNew.body.fields).toEqual({ 'Given name': 'Grace', Score: 7 })
    // Nothing was archived by a rename.
    expect((await getTable(tb.id, true)).archivedColumns).toEqual([])
  })

  it('adds, removes (archives), restores with data, and reorders columns', async () => {
    const tb = await createTable([
      { name: 'A', type: 'text' },
      { name: 'B', type: 'number' },
      { name: 'C', type: 'text' },
    ])
    const [a, b, c] = tb.columns
    const r1 = await insert(tb.id, { A: 'a1', B: 1, C: 'c1' })
    await insert(tb.id, { A: 'a2', B: 2, C: 'c2' })

    // Add D.
    const add = await t.api('PUT', `/api/tables/${tb.id}`, { columns: [...colsOf(tb), { name: 'D', type: 'switch' }] })
    expect(add.status, add.text).toBe(200)
    expect(add.body.columns.map((x: any) => x.name)).toEqual(['A', 'B', 'C', 'D'])
    const d = add.body.columns[3]
    expect(d.id).toMatch(UUID)
    expect(d.order).toBe(3)
    expect(add.body.plan.steps).toEqual([{ kind: 'add', columnId: d.id, name: 'D', to: 'switch' }])
    expect((await records(tb.id)).map((x) => x.fields)).toEqual([
      { A: 'a1', B: 1, C: 'c1', D: null },
      { A: 'a2', B: 2, C: 'c2', D: null },
    ])
    expect(add.body.defaultForm.fields.map((f: any) => f.columnId)).toEqual([a.id, b.id, c.id, d.id])

    // Remove B: archived.
    const rm = await t.api('PUT', `/api/tables/${tb.id}`, { columns: colsOf(add.body).filter((x: any) => x.id !== b.id) })
    expect(rm.status, rm.text).toBe(200)
    expect(rm.body.columns.map((x: any) => x.name)).toEqual(['A', 'C', 'D'])
    expect(rm.body.plan.steps).toContainEqual({ kind: 'archive', columnId: b.id, name: 'B' })
    expect(rm.body.defaultForm.fields.map((f: any) => f.columnId)).toEqual([a.id, c.id, d.id])
    expect(rm.body.defaultCardView.fields).toEqual([a.id, c.id, d.id])
    expect(rm.body.archivedColumns).toBeUndefined()
    const withArchived = await getTable(tb.id, true)
    expect(withArchived.archivedColumns).toHaveLength(1)
    expect(withArchived.archivedColumns[0]).toMatchObject({ id: b.id, name: 'B', type: 'number' })
    expect(typeof withArchived.archivedColumns[0].archivedAt).toBe('string')
    expect((await getTable(tb.id)).archivedColumns).toBeUndefined()
    expect((await records(tb.id)).map((x) => x.fields)).toEqual([
      { A: 'a1', C: 'c1', D: null },
      { A: 'a2', C: 'c2', D: null },
    ])

    // Restore B: its data comes back.
    const restore = await t.api('POST', `/api/tables/${tb.id}/columns/${b.id}/restore`)
    expect(restore.status, restore.text).toBe(200)
    expect(restore.body.columns.map((x: any) => x.name)).toEqual(['A', 'C', 'D', 'B'])
    expect(restore.body.plan.steps).toContainEqual({ kind: 'restore', columnId: b.id, name: 'B' })
    expect((await records(tb.id)).map((x) => x.fields)).toEqual([
      { A: 'a1', C: 'c1', D: null, B: 1 },
      { A: 'a2', C: 'c2', D: null, B: 2 },
    ])
    expect((await getTable(tb.id, true)).archivedColumns).toEqual([])
    expect(restore.body.defaultForm.fields.map((f: any) => f.columnId)).toEqual([a.id, c.id, d.id, b.id])
    // Restoring a column that is not archived is a 404.
    const again = await t.api('POST', `/api/tables/${tb.id}/columns/${b.id}/restore`)
    expect(again.status).toBe(404)
    expect(again.body.error.code).toBe('KRN_ERR_NOT_FOUND')

    // Reorder: D, B, A, C.
    const cur = colsOf(restore.body)
    const byName = Object.fromEntries(cur.map((x: any) => [x.name, x]))
    const re = await t.api('PUT', `/api/tables/${tb.id}`, { columns: ['D', 'B', 'A', 'C'].map((n) => byName[n]) })
    expect(re.status, re.text).toBe(200)
    expect(re.body.columns.map((x: any) => [x.name, x.order])).toEqual([
      ['D', 0],
      ['B', 1],
      ['A', 2],
      ['C', 3],
    ])
    expect(re.body.plan.steps.every((s: any) => s.kind === 'reorder')).toBe(true)
    expect((await getTable(tb.id)).columns.map((x: any) => x.name)).toEqual(['D', 'B', 'A', 'C'])
    const after = await t.api('GET', `/api/tables/${tb.id}/records/${r1.id}`)
    expect(after.body.fields).toEqual({ D: null, B: 1, A: 'a1', C: 'c1' })
    expect(Object.keys(after.body.fields)).toEqual(['D', 'B', 'A', 'C'])
  })

  it('restores a column under a new name when its name was taken meanwhile', async () => {
    const tb = await createTable([{ name: 'Note', type: 'text' }])
    await insert(tb.id, { Note: 'old' })
    const noteId = tb.columns[0].id
    const rm = await t.api('PUT', `/api/tables/${tb.id}`, { columns: [{ name: 'Note', type: 'text' }] })
    expect(rm.status).toBe(200)
    const restore = await t.api('POST', `/api/tables/${tb.id}/columns/${noteId}/restore`)
    expect(restore.status, restore.text).toBe(200)
    expect(restore.body.columns.map((x: any) => x.name)).toEqual(['Note', 'Note (2)'])
    expect((await records(tb.id))[0].fields).toEqual({ Note: null, 'Note (2)': 'old' })
  })

  it('refuses an unknown column id and a duplicate id in the desired list', async () => {
    const tb = await createTable([{ name: 'A', type: 'text' }])
    const r = await t.api('PUT', `/api/tables/${tb.id}`, { columns: [{ id: UNKNOWN, name: 'A', type: 'text' }] })
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['columns', 0, 'id'])
    const dup = await t.api('PUT', `/api/tables/${tb.id}`, {
      columns: [
        { id: tb.columns[0].id, name: 'A', type: 'text' },
        { id: tb.columns[0].id, name: 'B', type: 'text' },
      ],
    })
    expect(dup.status).toBe(400)
    expect(dup.body.error.path).toEqual(['columns', 1, 'id'])
    const dupName = await t.api('PUT', `/api/tables/${tb.id}`, {
      columns: [
        { id: tb.columns[0].id, name: 'A', type: 'text' },
        { name: 'a', type: 'number' },
      ],
    })
    expect(dupName.status).toBe(400)
    expect(dupName.body.error.path).toEqual(['columns', 1, 'name'])
    const unknownType = await t.api('PUT', `/api/tables/${tb.id}`, {
      columns: [
        { id: tb.columns[0].id, name: 'A', type: 'text' },
        { name: 'B', type: 'nope' },
      ],
    })
    expect(unknownType.status).toBe(400)
    expect(unknownType.body.error.code).toBe('KRN_ERR_FIELD_TYPE_UNKNOWN')
    expect(unknownType.body.error.path).toEqual(['columns', 1, 'type'])
    const after = await getTable(tb.id, true)
    expect(after.version).toBe(tb.version)
    expect(colsOf(after)).toEqual(colsOf(tb))
  })
})

describe('type changes', () => {
  let tb: any
  let codeId: string
  const values = ['12', ' 3.5 ', 'abc', null, 'x1', '-7']
  beforeAll(async () => {
    tb = await createTable([
      { name: 'Label', type: 'text' },
      { name: 'Code', type: 'text' },
    ])
    codeId = tb.columns[1].id
    for (const [i, v] of values.entries()) await insert(tb.id, { Label: `r${i}`, Code: v })
  })
  const toNumber = () => ({
    columns: [
      { id: tb.columns[0].id, name: 'Label', type: 'text' },
      { id: codeId, name: 'Code', type: 'number', config: { precision: 2 } },
    ],
  })

  it('dry run reports the plan and the values that would not convert, and changes nothing', async () => {
    const r = await t.api('PUT', `/api/tables/${tb.id}?dryRun=true`, toNumber())
    expect(r.status, r.text).toBe(200)
    expect(r.body).toEqual({
      dryRun: true,
      plan: {
        steps: [{ kind: 'convert', columnId: codeId, name: 'Code', from: 'text', to: 'number' }],
        conversions: [{ columnId: codeId, name: 'Code', from: 'text', to: 'number', values: 5, wouldEmpty: 2 }],
      },
    })
    const after = await getTable(tb.id, true)
    expect(after.version).toBe(tb.version)
    expect(after.columns[1]).toMatchObject({ id: codeId, type: 'text' })
    expect(after.archivedColumns).toEqual([])
    expect((await records(tb.id)).map((x) => x.fields.Code)).toEqual(values)
  })

  it('refuses a lossy change without force (422) and changes nothing', async () => {
    const r = await t.api('PUT', `/api/tables/${tb.id}`, toNumber())
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('KRN_ERR_DDL_LOSSY_CHANGE')
    expect(r.body.error.path).toEqual(['columns', 1, 'type'])
    expect(r.body.error.message).toContain('Code')
    expect(r.body.error.details.conversions).toEqual([{ columnId: codeId, name: 'Code', from: 'text', to: 'number', values: 5, wouldEmpty: 2 }])
    const after = await getTable(tb.id, true)
    expect(after.version).toBe(tb.version)
    expect(after.columns[1]).toMatchObject({ id: codeId, type: 'text', config: { maxLength: 10_000 } })
    expect(after.archivedColumns).toEqual([])
    expect((await records(tb.id)).map((x) => x.fields.Code)).toEqual(values)
    // The column shortcut refuses it the same way.
    const p = await t.api('PATCH', `/api/tables/${tb.id}/columns/${codeId}`, { type: 'number' })
    expect(p.status).toBe(422)
    expect(p.body.error.code).toBe('KRN_ERR_DDL_LOSSY_CHANGE')
    expect((await getTable(tb.id)).columns[1].type).toBe('text')
  })

  it('with force converts (numbers kept, others emptied) and archives the old values', async () => {
    const r = await t.api('PUT', `/api/tables/${tb.id}?force=true`, toNumber())
    expect(r.status, r.text).toBe(200)
    expect(r.body.columns[1]).toMatchObject({ id: codeId, name: 'Code', type: 'number', config: { precision: 2 } })
    expect(r.body.plan.conversions).toEqual([{ columnId: codeId, name: 'Code', from: 'text', to: 'number', values: 5, wouldEmpty: 2 }])
    const recs = await records(tb.id)
    expect(recs.map((x) => x.fields.Code)).toEqual([12, 3.5, null, null, null, -7])
    expect(recs.map((x) => x.fields.Label)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5'])
    // Filtering as a number works now.
    const gt = await t.api('GET', `/api/tables/${tb.id}/records?filter=${encodeURIComponent(JSON.stringify({ field: 'Code', op: 'gt', value: 0 }))}`)
    expect(gt.status).toBe(200)
    expect(gt.body.records.map((x: any) => x.fields.Label).sort()).toEqual(['r0', 'r1'])

    const withArchived = await getTable(tb.id, true)
    expect(withArchived.archivedColumns).toHaveLength(1)
    const old = withArchived.archivedColumns[0]
    expect(old).toMatchObject({ name: 'Code (before change to number)', type: 'text' })
    expect(old.id).not.toBe(codeId)
    // Restoring the archived column brings the original text back.
    const restore = await t.api('POST', `/api/tables/${tb.id}/columns/${old.id}/restore`)
    expect(restore.status, restore.text).toBe(200)
    expect((await records(tb.id)).map((x) => x.fields['Code (before change to number)'])).toEqual(values)
    // Archive it again for the next test.
    const rm = await t.api('DELETE', `/api/tables/${tb.id}/columns/${old.id}`)
    expect(rm.status).toBe(200)
  })

  it('applies a lossless change (number to text) without force', async () => {
    const r = await t.api('PUT', `/api/tables/${tb.id}`, {
      columns: [
        { id: tb.columns[0].id, name: 'Label', type: 'text' },
        { id: codeId, name: 'Code', type: 'text' },
      ],
    })
    expect(r.status, r.text).toBe(200)
    expect(r.body.columns[1]).toMatchObject({ id: codeId, type: 'text' })
    expect(r.body.plan.conversions).toEqual([{ columnId: codeId, name: 'Code', from: 'number', to: 'text', values: 3, wouldEmpty: 0 }])
    const codes = (await records(tb.id)).map((x) => x.fields.Code)
    expect(codes.map((c) => (c === null ? null : Number(c)))).toEqual([12, 3.5, null, null, null, -7])
    for (const c of codes) if (c !== null) expect(typeof c).toBe('string')
  })

  it('refuses a type change the target type cannot convert from (422), even as a dry run', async () => {
    const d = await createTable([{ name: 'When', type: 'date' }])
    await insert(d.id, { When: '2026-05-01' })
    const body = { columns: [{ id: d.columns[0].id, name: 'When', type: 'number' }] }
    for (const query of ['?dryRun=true', '', '?force=true']) {
      const r = await t.api('PUT', `/api/tables/${d.id}${query}`, body)
      expect(r.status).toBe(422)
      expect(r.body.error.code).toBe('KRN_ERR_DDL_CAST_UNSUPPORTED')
      expect(r.body.error.path).toEqual(['columns', 0, 'type'])
    }
    const after = await getTable(d.id, true)
    expect(after.columns[0].type).toBe('date')
    expect(after.archivedColumns).toEqual([])
    expect((await records(d.id))[0].fields).toEqual({ When: '2026-05-01' })
  })

  it('counts rows whose single_select option is removed', async () => {
    const options = [
      { id: 'a', label: 'Alpha' },
      { id: 'b', label: 'Beta' },
      { id: 'c', label: 'Gamma' },
    ]
    const s = await createTable([{ name: 'S', type: 'single_select', config: { options } }])
    const sid = s.columns[0].id
    for (const v of ['a', 'b', 'b', null, 'c']) await insert(s.id, { S: v })
    const body = { columns: [{ id: sid, name: 'S', type: 'single_select', config: { options: [options[0], options[2]] } }] }
    const dry = await t.api('PUT', `/api/tables/${s.id}?dryRun=true`, body)
    expect(dry.status, dry.text).toBe(200)
    expect(dry.body.dryRun).toBe(true)
    expect(dry.body.plan.conversions).toEqual([{ columnId: sid, name: 'S', from: 'single_select', to: 'single_select', values: 4, wouldEmpty: 2 }])
    expect((await getTable(s.id)).columns[0].config.options).toHaveLength(3)
    const refused = await t.api('PUT', `/api/tables/${s.id}`, body)
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('KRN_ERR_DDL_LOSSY_CHANGE')
    expect((await records(s.id)).map((x) => x.fields.S)).toEqual(['a', 'b', 'b', null, 'c'])
    const forced = await t.api('PUT', `/api/tables/${s.id}?force=true`, body)
    expect(forced.status, forced.text).toBe(200)
    expect((await records(s.id)).map((x) => x.fields.S)).toEqual(['a', null, null, null, 'c'])
    // Adding an option is not lossy.
    const more = await t.api('PUT', `/api/tables/${s.id}`, {
      columns: [{ id: sid, name: 'S', type: 'single_select', config: { options: [...options, { id: 'd', label: 'Delta' }] } }],
    })
    expect(more.status, more.text).toBe(200)
    expect(more.body.columns[0].config.options.map((o: any) => o.id)).toEqual(['a', 'b', 'c', 'd'])
  })
})

describe('column shortcuts', () => {
  it('POST adds (201), PATCH renames/moves, DELETE archives; layouts follow', async () => {
    const tb = await createTable([
      { name: 'Name', type: 'text' },
      { name: 'Size', type: 'number' },
    ])
    const rec = await insert(tb.id, { Name: 'n', Size: 3 })
    const add = await t.api('POST', `/api/tables/${tb.id}/columns`, { name: 'Website', type: 'url' })
    expect(add.status, add.text).toBe(201)
    expect(add.body.column).toMatchObject({ name: 'Website', type: 'url', order: 2 })
    expect(add.body.column.id).toMatch(UUID)
    const wid = add.body.column.id
    expect(add.body.columns.map((c: any) => c.name)).toEqual(['Name', 'Size', 'Website'])
    expect(add.body.defaultForm.fields.map((f: any) => f.columnId)).toContain(wid)
    expect(add.body.defaultCardView.fields).toContain(wid)
    expect(add.body.defaultDetailDashboard.sections.flatMap((s: any) => s.fields)).toContain(wid)

    const dup = await t.api('POST', `/api/tables/${tb.id}/columns`, { name: 'website', type: 'text' })
    expect(dup.status).toBe(400)
    expect(dup.body.error.path).toEqual(['columns', 3, 'name'])

    const ren = await t.api('PATCH', `/api/tables/${tb.id}/columns/${wid}`, { name: 'Homepage', order: 0 })
    expect(ren.status, ren.text).toBe(200)
    expect(ren.body.columns.map((c: any) => [c.name, c.order])).toEqual([
      ['Homepage', 0],
      ['Name', 1],
      ['Size', 2],
    ])
    expect(ren.body.columns[0].id).toBe(wid)

    const patched = await t.api('PATCH', `/api/tables/${tb.id}/records/${rec.id}`, { fields: { Homepage: 'https://example.com' } })
    expect(patched.status, patched.text).toBe(200)
    expect(patched.body.fields).toEqual({ Homepage: 'https://example.com', Name: 'n', Size: 3 })

    const sizeId = tb.columns[1].id
    const del = await t.api('DELETE', `/api/tables/${tb.id}/columns/${sizeId}`)
    expect(del.status, del.text).toBe(200)
    expect(del.body.columns.map((c: any) => c.name)).toEqual(['Homepage', 'Name'])
    expect(del.body.plan.steps).toContainEqual({ kind: 'archive', columnId: sizeId, name: 'Size' })
    expect(del.body.defaultForm.fields.map((f: any) => f.columnId)).not.toContain(sizeId)
    expect(del.body.defaultCardView.fields).not.toContain(sizeId)
    expect(del.body.defaultDetailDashboard.sections.flatMap((s: any) => s.fields)).not.toContain(sizeId)
    expect((await getTable(tb.id, true)).archivedColumns.map((c: any) => c.id)).toEqual([sizeId])
    expect((await records(tb.id))[0].fields).toEqual({ Homepage: 'https://example.com', Name: 'n' })

    const again = await t.api('DELETE', `/api/tables/${tb.id}/columns/${sizeId}`)
    expect(again.status).toBe(404)
    expect(again.body.error.code).toBe('KRN_ERR_NOT_FOUND')
    const unknownPatch = await t.api('PATCH', `/api/tables/${tb.id}/columns/${UNKNOWN}`, { name: 'x' })
    expect(unknownPatch.status).toBe(404)
    expect(unknownPatch.body.error.code).toBe('KRN_ERR_NOT_FOUND')
  })

  it('keeps a user-edited form in step: a new column is appended, a removed one drops out', async () => {
    const tb = await createTable([
      { name: 'A', type: 'text' },
      { name: 'B', type: 'text' },
    ])
    const [a, b] = tb.columns
    const form = {
      layout: 'two-column',
      fields: [
        { columnId: b.id, type: 'input', label: 'Bee' },
        { columnId: a.id, type: 'input' },
      ],
    }
    const set = await t.api('PUT', `/api/tables/${tb.id}`, { form })
    expect(set.status, set.text).toBe(200)
    expect(set.body.form).toEqual(form)
    const add = await t.api('POST', `/api/tables/${tb.id}/columns`, { name: 'C', type: 'text' })
    expect(add.status).toBe(201)
    const cid = add.body.column.id
    expect(add.body.form.fields.map((f: any) => f.columnId)).toEqual([b.id, a.id, cid])
    expect(add.body.form.fields[0]).toEqual({ columnId: b.id, type: 'input', label: 'Bee' })
    expect(add.body.form.layout).toBe('two-column')
    const del = await t.api('DELETE', `/api/tables/${tb.id}/columns/${b.id}`)
    expect(del.status).toBe(200)
    expect(del.body.form.fields.map((f: any) => f.columnId)).toEqual([a.id, cid])
    expect(del.body.defaultForm.fields.map((f: any) => f.columnId)).toEqual([a.id, cid])
  })
})

describe('concurrent schema changes', () => {
  it('five simultaneous PUTs each answer 200 or 409, never 5xx, and the table stays consistent', async () => {
    const tb = await createTable([{ name: 'Base', type: 'text' }])
    await insert(tb.id, { Base: 'before' })
    const base = colsOf(tb)
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => t.api('PUT', `/api/tables/${tb.id}`, { columns: [...base, { name: `Extra ${i}`, type: 'text' }] })))
    for (const r of results) {
      expect([200, 409], r.text).toContain(r.status)
      if (r.status === 409) expect(r.body.error.code).toBe('KRN_ERR_DDL_CONCURRENT_CHANGE')
    }
    const ok = results.filter((r) => r.status === 200)
    expect(ok.length).toBeGreaterThanOrEqual(1)

    const after = await getTable(tb.id, true)
    expect(after.version).toBe(tb.version + ok.length)
    expect(after.columns[0]).toMatchObject({ id: tb.columns[0].id, name: 'Base' })
    const names = after.columns.map((c: any) => c.name)
    expect(new Set(names.map((n: string) => n.toLowerCase())).size).toBe(names.length)
    // Every successful PUT's own column exists, active or archived by a later one.
    for (const r of ok) {
      const mine = r.body.columns.find((c: any) => c.name.startsWith('Extra'))
      expect([...after.columns, ...after.archivedColumns].some((c: any) => c.id === mine.id)).toBe(true)
    }
    expect(after.defaultForm.fields.map((f: any) => f.columnId)).toEqual(after.columns.map((c: any) => c.id))

    // Records still work with the final schema.
    const fields = Object.fromEntries(after.columns.map((c: any) => [c.name, `v ${c.name}`]))
    const rec = await insert(tb.id, fields)
    expect(rec.fields).toEqual(fields)
    const recs = await records(tb.id)
    expect(recs).toHaveLength(2)
    expect(recs[0].fields.Base).toBe('before')
    expect(Object.keys(recs[0].fields).sort()).toEqual(Object.keys(fields).sort())
  })
})

describe('delete table', () => {
  it('answers 204, then the table and its records are 404', async () => {
    const tb = await createTable([{ name: 'A', type: 'text' }])
    const rec = await insert(tb.id, { A: 'x' })
    const del = await t.api('DELETE', `/api/tables/${tb.id}`)
    expect(del.status).toBe(204)
    for (const r of [
      await t.api('GET', `/api/tables/${tb.id}`),
      await t.api('GET', `/api/tables/${tb.id}/records`),
      await t.api('GET', `/api/tables/${tb.id}/records/${rec.id}`),
      await t.api('PUT', `/api/tables/${tb.id}`, { name: 'again' }),
      await t.api('DELETE', `/api/tables/${tb.id}`),
    ]) {
      expect(r.status).toBe(404)
      expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
    }
    expect((await t.api('GET', `/api/apps/${appId}/tables`)).body.some((x: any) => x.id === tb.id)).toBe(false)
    // Its name is free again.
    const re = await t.api('POST', `/api/apps/${appId}/tables`, { name: tb.name, columns: [] })
    expect(re.status).toBe(201)
  })

  it('answers malformed and unknown table ids with 404', async () => {
    for (const id of ['nope', UNKNOWN]) {
      for (const r of [
        await t.api('GET', `/api/tables/${id}`),
        await t.api('DELETE', `/api/tables/${id}`),
        await t.api('POST', `/api/tables/${id}/columns`, { name: 'x', type: 'text' }),
      ]) {
        expect(r.status).toBe(404)
        expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
      }
    }
    const noApp = await t.api('POST', `/api/apps/${UNKNOWN}/tables`, { name: 'x', columns: [] })
    expect(noApp.status).toBe(404)
    expect(noApp.body.error.code).toBe('KRN_ERR_NOT_FOUND')
  })
})

describe('plans touch only what changed', () => {
  it('adding a column plans one add step and leaves every other column unconverted', async () => {
    const tb = await createTable([
      { name: 'Text', type: 'text', config: { maxLength: 50 } },
      { name: 'Num', type: 'number', config: { precision: 2, min: 0, max: 10 } },
      { name: 'When', type: 'date', config: { includeTime: true } },
      { name: 'Pick', type: 'single_select', config: { options: [{ id: 'a', label: 'A', color: 'red' }] } },
      { name: 'Many', type: 'multiple_select', config: { options: [{ id: 'x', label: 'X' }] } },
    ])
    await insert(tb.id, { Text: 'keep', Num: 1.5, When: '2026-01-02T03:04:05Z', Pick: 'a', Many: ['x'] })
    const r = await t.api('POST', `/api/tables/${tb.id}/columns`, { name: 'Extra', type: 'switch' })
    expect(r.status).toBe(201)
    expect(r.body.plan.steps.map((s: any) => s.kind)).toEqual(['add'])
    expect(r.body.plan.conversions).toEqual([])
    expect((await getTable(tb.id, true)).archivedColumns).toEqual([])
  })

  it('a dry run of a column add answers 200 and adds nothing', async () => {
    const tb = await createTable([{ name: 'A', type: 'text' }])
    const r = await t.api('POST', `/api/tables/${tb.id}/columns?dryRun=true`, { name: 'B', type: 'number' })
    expect(r.status).toBe(200)
    expect(r.body.dryRun).toBe(true)
    expect(r.body.plan.steps).toEqual([expect.objectContaining({ kind: 'add', name: 'B' })])
    expect((await getTable(tb.id)).columns.map((c: any) => c.name)).toEqual(['A'])
  })
})
