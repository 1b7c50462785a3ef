import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

let t: TestServer
let appId: string
let otherAppId: string
let tableId: string
let otherTableId: string
const col: Record<string, string> = {}

const UNKNOWN = '00000000-0000-4000-8000-000000000000'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const q = (v: unknown) => encodeURIComponent(JSON.stringify(v))

// Title, Status, Points, Due, Start, End
const ROWS: Array<[string, string | null, number, string | null, string | null, string | null]> = [
  ['T1', 'todo', 5, '2026-01-05', '2026-01-01', '2026-01-10'],
  ['T2', 'todo', 1, '2026-01-15', '2026-01-12', '2026-01-20'],
  ['T3', 'doing', 8, '2026-01-20', '2026-01-18', '2026-02-05'],
  ['T4', 'done', 3, '2026-02-01', '2026-02-01', '2026-02-03'],
  ['T5', null, 2, null, null, null],
  ['T6', 'done', 13, '2026-01-31', '2025-12-20', '2026-03-01'],
]

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Views' })).body.id
  otherAppId = (await t.api('POST', '/api/apps', { name: 'Elsewhere' })).body.id
  const table = await t.api('POST', `/api/apps/${appId}/tables`, {
    name: 'Tasks',
    columns: [
      { name: 'Title', type: 'text' },
      {
        name: 'Status',
        type: 'single_select',
        config: {
          options: [
            { id: 'todo', label: 'To do' },
            { id: 'doing', label: 'Doing' },
            { id: 'done', label: 'Done' },
          ],
        },
      },
      { name: 'Points', type: 'number' },
      { name: 'Due', type: 'date' },
      { name: 'Start', type: 'date' },
      { name: 'End', type: 'date' },
    ],
  })
  expect(table.status, table.text).toBe(201)
  tableId = table.body.id
  for (const c of table.body.columns) col[c.name] = c.id
  const bulk = await t.api('POST', `/api/tables/${tableId}/records/bulk`, {
    records: ROWS.map(([Title, Status, Points, Due, Start, End]) => ({ fields: { Title, Status, Points, Due, Start, End } })),
  })
  expect(bulk.status, bulk.text).toBe(201)
  expect(bulk.body.created).toBe(6)
  const other = await t.api('POST', `/api/apps/${otherAppId}/tables`, { name: 'Foreign', columns: [{ name: 'X', type: 'text' }] })
  otherTableId = other.body.id
})
afterAll(() => t?.close())

async function createView(body: Record<string, unknown>): Promise<any> {
  const r = await t.api('POST', `/api/apps/${appId}/views`, body)
  expect(r.status, r.text).toBe(201)
  return r.body
}

async function data(viewId: string, query = ''): Promise<any> {
  const r = await t.api('GET', `/api/views/${viewId}/data${query ? `?${query}` : ''}`)
  expect(r.status, r.text).toBe(200)
  return r.body
}

const titles = (body: any) => body.records.map((r: any) => r.fields.Title)

describe('create views', () => {
  it('creates a table view (201) with config defaults and the query stored by column id', async () => {
    const v = await createView({
      name: 'Big tasks',
      description: 'Points >= 3',
      dataTableId: tableId,
      type: 'table',
      queryConfig: { filter: { field: 'Points', op: 'gte', value: 3 }, sort: [{ field: 'Points', direction: 'desc' }] },
      config: { hiddenFields: [col['End']] },
    })
    expect(v.id).toMatch(UUID)
    expect(v).toMatchObject({ appId, dataTableId: tableId, name: 'Big tasks', description: 'Points >= 3', type: 'table' })
    expect(v.config).toEqual({ hiddenFields: [col['End']], rowHeight: 'short' })
    expect(v.queryConfig.filter).toEqual({ field: col['Points'], op: 'gte', value: 3 })
    expect(v.queryConfig.sort).toEqual([{ field: col['Points'], direction: 'desc' }])
  })

  it('creates a kanban view grouped by a single_select (201)', async () => {
    const v = await createView({ name: 'Board', dataTableId: tableId, type: 'kanban', config: { groupByFieldId: col['Status'] } })
    expect(v).toMatchObject({ type: 'kanban', config: { groupByFieldId: col['Status'] } })
  })

  it('creates calendar and gantt views (201)', async () => {
    const cal = await createView({ name: 'Due dates', dataTableId: tableId, type: 'calendar', config: { dateFieldId: col['Due'] } })
    expect(cal.config).toEqual({ dateFieldId: col['Due'], mode: 'month' })
    const gantt = await createView({
      name: 'Plan',
      dataTableId: tableId,
      type: 'gantt',
      config: { startFieldId: col['Start'], endFieldId: col['End'], labelFieldId: col['Title'] },
    })
    expect(gantt.config).toEqual({ startFieldId: col['Start'], endFieldId: col['End'], labelFieldId: col['Title'] })
  })

  it('refuses a kanban grouped by a text field with 400 naming the field', async () => {
    const before = (await t.api('GET', `/api/apps/${appId}/views`)).body.length
    const r = await t.api('POST', `/api/apps/${appId}/views`, { name: 'Bad board', dataTableId: tableId, type: 'kanban', config: { groupByFieldId: col['Title'] } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(r.body.error.path).toEqual(['config', 'groupByFieldId'])
    expect(r.body.error.message).toContain('Title')
    expect(r.body.error.message).toContain('single_select')
    const missing = await t.api('POST', `/api/apps/${appId}/views`, { name: 'Bad board', dataTableId: tableId, type: 'kanban', config: { groupByFieldId: UNKNOWN } })
    expect(missing.status).toBe(400)
    expect(missing.body.error.path).toEqual(['config', 'groupByFieldId'])
    const none = await t.api('POST', `/api/apps/${appId}/views`, { name: 'Bad board', dataTableId: tableId, type: 'kanban' })
    expect(none.status).toBe(400)
    expect(none.body.error.path).toEqual(['config', 'groupByFieldId'])
    expect((await t.api('GET', `/api/apps/${appId}/views`)).body.length).toBe(before)
  })

  it('refuses calendar and gantt views on non-date fields', async () => {
    const cal = await t.api('POST', `/api/apps/${appId}/views`, { name: 'x', dataTableId: tableId, type: 'calendar', config: { dateFieldId: col['Points'] } })
    expect(cal.status).toBe(400)
    expect(cal.body.error.path).toEqual(['config', 'dateFieldId'])
    expect(cal.body.error.message).toContain('Points')
    const gantt = await t.api('POST', `/api/apps/${appId}/views`, {
      name: 'x',
      dataTableId: tableId,
      type: 'gantt',
      config: { startFieldId: col['Start'], endFieldId: col['Title'] },
    })
    expect(gantt.status).toBe(400)
    expect(gantt.body.error.path).toEqual(['config', 'endFieldId'])
    expect(gantt.body.error.message).toContain('Title')
  })

  it('refuses an unknown view type with KRN_ERR_VIEW_TYPE_UNKNOWN', async () => {
    const r = await t.api('POST', `/api/apps/${appId}/views`, { name: 'Pivot', dataTableId: tableId, type: 'pivot' })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_VIEW_TYPE_UNKNOWN')
    expect(r.body.error.path).toEqual(['type'])
    expect(r.body.error.message).toContain('pivot')
    for (const known of ['calendar', 'gantt', 'kanban', 'table']) expect(r.body.error.message).toContain(known)
  })

  it('refuses a bad query or a table of another app', async () => {
    const badField = await t.api('POST', `/api/apps/${appId}/views`, {
      name: 'x',
      dataTableId: tableId,
      type: 'table',
      queryConfig: { filter: { field: 'Nope', op: 'eq', value: 1 } },
    })
    expect(badField.status).toBe(400)
    expect(badField.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_FIELD')
    expect(badField.body.error.path).toEqual(['queryConfig', 'filter', 'field'])
    const badSort = await t.api('POST', `/api/apps/${appId}/views`, {
      name: 'x',
      dataTableId: tableId,
      type: 'table',
      queryConfig: { sort: [{ field: 'Points', direction: 'up' }] },
    })
    expect(badSort.status).toBe(400)
    expect(badSort.body.error.path).toEqual(['queryConfig', 'sort', 0, 'direction'])
    const foreign = await t.api('POST', `/api/apps/${appId}/views`, { name: 'x', dataTableId: otherTableId, type: 'table' })
    expect(foreign.status).toBe(400)
    expect(foreign.body.error.path).toEqual(['dataTableId'])
    const unknown = await t.api('POST', `/api/apps/${appId}/views`, { name: 'x', dataTableId: UNKNOWN, type: 'table' })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.path).toEqual(['dataTableId'])
    const noApp = await t.api('POST', `/api/apps/${UNKNOWN}/views`, { name: 'x', dataTableId: tableId, type: 'table' })
    expect(noApp.status).toBe(404)
    expect(noApp.body.error.code).toBe('KRN_ERR_NOT_FOUND')
  })
})

describe('view data', () => {
  let tableView: any
  let board: any
  beforeAll(async () => {
    tableView = await createView({
      name: 'Data: big tasks',
      dataTableId: tableId,
      type: 'table',
      queryConfig: { filter: { field: 'Points', op: 'gte', value: 3 }, sort: [{ field: 'Points', direction: 'desc' }] },
    })
    board = await createView({ name: 'Data: board', dataTableId: tableId, type: 'kanban', config: { groupByFieldId: col['Status'] } })
  })

  it("returns {records, limit, offset} filtered and sorted by the view's query", async () => {
    const b = await data(tableView.id)
    expect(titles(b)).toEqual(['T6', 'T3', 'T1', 'T4'])
    expect(b.limit).toBe(50)
    expect(b.offset).toBe(0)
    expect(b.groups).toBeUndefined()
    expect(b.records[0].fields).toEqual({ Title: 'T6', Status: 'done', Points: 13, Due: '2026-01-31', Start: '2025-12-20', End: '2026-03-01' })
    expect(b.records[0].id).toMatch(UUID)
  })

  it("ANDs the request's filter with the view's", async () => {
    const b = await data(tableView.id, `filter=${q({ field: 'Status', op: 'eq', value: 'done' })}`)
    expect(titles(b)).toEqual(['T6', 'T4'])
    const none = await data(tableView.id, `filter=${q({ field: 'Points', op: 'lt', value: 3 })}`)
    expect(none.records).toEqual([])
    const or = await data(
      tableView.id,
      `filter=${q({
        or: [
          { field: 'Title', op: 'eq', value: 'T2' },
          { field: 'Title', op: 'eq', value: 'T3' },
        ],
      })}`,
    )
    expect(titles(or)).toEqual(['T3'])
  })

  it("uses the view's sort unless the request sorts", async () => {
    expect(titles(await data(tableView.id, `sort=${q([{ field: 'Title', direction: 'asc' }])}`))).toEqual(['T1', 'T3', 'T4', 'T6'])
    expect(titles(await data(tableView.id, `sort=${q([{ field: 'Due', direction: 'asc' }])}`))).toEqual(['T1', 'T3', 'T6', 'T4'])
  })

  it('pages with limit and offset, and counts on request', async () => {
    const b = await data(tableView.id, 'limit=2&offset=1')
    expect(titles(b)).toEqual(['T3', 'T1'])
    expect(b.limit).toBe(2)
    expect(b.offset).toBe(1)
    const c = await data(tableView.id, 'limit=1&count=true')
    expect(titles(c)).toEqual(['T6'])
    expect(c.total).toBe(4)
  })

  it('answers a bad request filter with 400 naming it', async () => {
    const r = await t.api('GET', `/api/views/${tableView.id}/data?filter=${q({ field: 'Ghost', op: 'eq', value: 1 })}`)
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_FIELD')
    expect(r.body.error.message).toContain('Ghost')
    const op = await t.api('GET', `/api/views/${tableView.id}/data?filter=${q({ field: 'Points', op: 'has_any', value: [1] })}`)
    expect(op.status).toBe(400)
    expect(op.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_OPERATOR')
    const json = await t.api('GET', `/api/views/${tableView.id}/data?filter=%7Bnope`)
    expect(json.status).toBe(400)
    expect(json.body.error.path).toEqual(['filter'])
  })

  it('kanban data carries groups [{value, count}] in option order', async () => {
    const b = await data(board.id)
    expect(b.records).toHaveLength(6)
    expect(b.groups).toEqual([
      { value: null, count: 1 },
      { value: 'todo', count: 2 },
      { value: 'doing', count: 1 },
      { value: 'done', count: 2 },
    ])
    // The groups follow the request's filter too.
    const f = await data(board.id, `filter=${q({ field: 'Points', op: 'gte', value: 3 })}`)
    expect(f.groups).toEqual([
      { value: 'todo', count: 1 },
      { value: 'doing', count: 1 },
      { value: 'done', count: 2 },
    ])
    expect(f.records).toHaveLength(4)
    // Groups count all matching records, not just the page.
    const paged = await data(board.id, 'limit=1')
    expect(paged.records).toHaveLength(1)
    expect(paged.groups.reduce((n: number, g: any) => n + g.count, 0)).toBe(6)
  })

  it("kanban groups combine the view's own filter with the request's", async () => {
    const v = await createView({
      name: 'Board filtered',
      dataTableId: tableId,
      type: 'kanban',
      config: { groupByFieldId: col['Status'] },
      queryConfig: { filter: { field: 'Points', op: 'gte', value: 3 } },
    })
    const b = await data(v.id, `filter=${q({ field: 'Points', op: 'lt', value: 10 })}`)
    expect(b.groups).toEqual([
      { value: 'todo', count: 1 },
      { value: 'doing', count: 1 },
      { value: 'done', count: 1 },
    ])
    expect(titles(b).sort()).toEqual(['T1', 'T3', 'T4'])
  })

  it('calendar data with from/to returns only records in range, by date', async () => {
    const cal = await createView({ name: 'Cal', dataTableId: tableId, type: 'calendar', config: { dateFieldId: col['Due'] } })
    expect(titles(await data(cal.id, 'from=2026-01-10&to=2026-01-31'))).toEqual(['T2', 'T3', 'T6'])
    expect(titles(await data(cal.id, 'from=2026-01-15&to=2026-01-15'))).toEqual(['T2'])
    expect(titles(await data(cal.id, 'from=2026-02-01'))).toEqual(['T4'])
    expect(titles(await data(cal.id, 'to=2026-01-05'))).toEqual(['T1'])
    expect(await data(cal.id, 'from=2027-01-01&to=2027-12-31')).toMatchObject({ records: [] })
    const all = await data(cal.id)
    expect(all.records).toHaveLength(6)
    // Combined with a request filter.
    expect(titles(await data(cal.id, `from=2026-01-01&to=2026-01-31&filter=${q({ field: 'Status', op: 'eq', value: 'todo' })}`))).toEqual(['T1', 'T2'])
    const bad = await t.api('GET', `/api/views/${cal.id}/data?from=2026-02-30`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(bad.body.error.path).toEqual(['from'])
  })

  it('calendar with an end date returns records whose span meets the range', async () => {
    const cal = await createView({ name: 'Cal span', dataTableId: tableId, type: 'calendar', config: { dateFieldId: col['Start'], endDateFieldId: col['End'] } })
    expect(titles(await data(cal.id, 'from=2026-01-11&to=2026-01-11'))).toEqual(['T6'])
    expect(titles(await data(cal.id, 'from=2026-01-10&to=2026-01-12'))).toEqual(['T6', 'T1', 'T2'])
  })

  it('gantt data returns bars overlapping the range, by start', async () => {
    const g = await createView({ name: 'Gantt', dataTableId: tableId, type: 'gantt', config: { startFieldId: col['Start'], endFieldId: col['End'] } })
    expect(titles(await data(g.id, 'from=2026-01-11&to=2026-01-19'))).toEqual(['T6', 'T2', 'T3'])
    expect(titles(await data(g.id, 'from=2026-02-04&to=2026-02-10'))).toEqual(['T6', 'T3'])
    expect(titles(await data(g.id, 'from=2026-01-10&to=2026-01-10'))).toEqual(['T6', 'T1'])
    expect(titles(await data(g.id, 'from=2026-03-02&to=2026-04-01'))).toEqual([])
  })

  it('a view on a sort works for every sortable type', async () => {
    for (const [field, direction, expected] of [
      ['Title', 'desc', ['T6', 'T5', 'T4', 'T3', 'T2', 'T1']],
      ['Points', 'asc', ['T2', 'T5', 'T4', 'T1', 'T3', 'T6']],
    ] as const) {
      const v = await createView({ name: `Sorted by ${field}`, dataTableId: tableId, type: 'table', queryConfig: { sort: [{ field, direction }] } })
      expect(titles(await data(v.id))).toEqual(expected)
    }
    // Status sorts in option order (todo, doing, done), ties broken by a second sort.
    const s = await createView({
      name: 'Sorted by status',
      dataTableId: tableId,
      type: 'table',
      queryConfig: {
        filter: { field: 'Status', op: 'is_not_empty' },
        sort: [
          { field: 'Status', direction: 'asc' },
          { field: 'Title', direction: 'asc' },
        ],
      },
    })
    expect(titles(await data(s.id))).toEqual(['T1', 'T2', 'T3', 'T4', 'T6'])
  })

  it('keeps working after the columns it uses are renamed', async () => {
    const table = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Renamed', columns: [{ name: 'N', type: 'number' }] })
    await t.api('POST', `/api/tables/${table.body.id}/records/bulk`, { records: [1, 5, 3].map((N) => ({ fields: { N } })) })
    const v = await createView({
      name: 'Renamed view',
      dataTableId: table.body.id,
      type: 'table',
      queryConfig: { filter: { field: 'N', op: 'gt', value: 1 }, sort: [{ field: 'N', direction: 'asc' }] },
    })
    const nId = table.body.columns[0].id
    const ren = await t.api('PATCH', `/api/tables/${table.body.id}/columns/${nId}`, { name: 'Number' })
    expect(ren.status, ren.text).toBe(200)
    const b = await data(v.id)
    expect(b.records.map((r: any) => r.fields)).toEqual([{ Number: 3 }, { Number: 5 }])
  })

  it('keeps working when a column it sorts, groups or shows is removed, and names a removed filter column', async () => {
    const table = (
      await t.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Shrinking',
        columns: [
          { name: 'Name', type: 'text' },
          { name: 'Rank', type: 'number' },
          { name: 'Group', type: 'text' },
          { name: 'Gone', type: 'number' },
        ],
      })
    ).body
    await t.api('POST', `/api/tables/${table.id}/records/bulk`, {
      records: [
        ['b', 2, 'x'],
        ['a', 1, 'y'],
      ].map(([Name, Rank, Group]) => ({ fields: { Name, Rank, Group } })),
    })
    const v = await createView({
      name: 'Shrinking view',
      dataTableId: table.id,
      type: 'table',
      queryConfig: { sort: [{ field: 'Rank', direction: 'asc' }], groupBy: 'Group', fields: ['Name', 'Group'] },
    })
    const byName = Object.fromEntries(table.columns.map((c: any) => [c.name, c.id]))
    expect((await t.api('DELETE', `/api/tables/${table.id}/columns/${byName.Group}`)).status).toBe(200)
    expect((await t.api('DELETE', `/api/tables/${table.id}/columns/${byName.Rank}`)).status).toBe(200)
    const after = await t.api('GET', `/api/views/${v.id}/data`)
    expect(after.status, after.text).toBe(200)
    expect(after.body.records.map((r: any) => r.fields)).toEqual([{ Name: 'b' }, { Name: 'a' }])

    const filtered = await createView({ name: 'Filter on gone', dataTableId: table.id, type: 'table', queryConfig: { filter: { field: 'Gone', op: 'gt', value: 0 } } })
    expect((await t.api('DELETE', `/api/tables/${table.id}/columns/${byName.Gone}`)).status).toBe(200)
    const refused = await t.api('GET', `/api/views/${filtered.id}/data`)
    expect(refused.status).toBe(400)
    expect(refused.body.error.path.slice(0, 3)).toEqual(['view', 'queryConfig', 'filter'])
  })
})

describe('list, get, update, delete views', () => {
  it('lists the views of an app and gets one', async () => {
    const v = await createView({ name: 'Listed', dataTableId: tableId, type: 'table' })
    const list = await t.api('GET', `/api/apps/${appId}/views`)
    expect(list.status).toBe(200)
    expect(list.body.filter((x: any) => x.id === v.id)).toHaveLength(1)
    expect(list.body.every((x: any) => x.appId === appId)).toBe(true)
    const other = await t.api('GET', `/api/apps/${otherAppId}/views`)
    expect(other.status).toBe(200)
    expect(other.body).toEqual([])
    const got = await t.api('GET', `/api/views/${v.id}`)
    expect(got.status).toBe(200)
    expect(got.body).toEqual(v)
  })

  it('updates name, query and config with PUT; a bad update changes nothing', async () => {
    const v = await createView({ name: 'Editable', dataTableId: tableId, type: 'table', queryConfig: { sort: [{ field: 'Title', direction: 'asc' }] } })
    expect(titles(await data(v.id))).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6'])
    const put = await t.api('PUT', `/api/views/${v.id}`, {
      name: 'Edited',
      queryConfig: { filter: { field: 'Status', op: 'eq', value: 'todo' }, sort: [{ field: 'Points', direction: 'desc' }] },
      config: { rowHeight: 'tall' },
    })
    expect(put.status, put.text).toBe(200)
    expect(put.body).toMatchObject({ id: v.id, name: 'Edited', type: 'table', config: { rowHeight: 'tall' } })
    expect(put.body.queryConfig.sort).toEqual([{ field: col['Points'], direction: 'desc' }])
    expect(titles(await data(v.id))).toEqual(['T1', 'T2'])
    expect((await t.api('GET', `/api/views/${v.id}`)).body.name).toBe('Edited')

    // Turn it into a kanban.
    const kan = await t.api('PUT', `/api/views/${v.id}`, { type: 'kanban', config: { groupByFieldId: col['Status'] } })
    expect(kan.status, kan.text).toBe(200)
    expect(kan.body.type).toBe('kanban')
    expect((await data(v.id)).groups).toEqual([{ value: 'todo', count: 2 }])

    const bad = await t.api('PUT', `/api/views/${v.id}`, { config: { groupByFieldId: col['Points'] } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['config', 'groupByFieldId'])
    const badType = await t.api('PUT', `/api/views/${v.id}`, { type: 'pivot' })
    expect(badType.status).toBe(400)
    expect(badType.body.error.code).toBe('KRN_ERR_VIEW_TYPE_UNKNOWN')
    const badName = await t.api('PUT', `/api/views/${v.id}`, { name: '' })
    expect(badName.status).toBe(400)
    expect(badName.body.error.path).toEqual(['name'])
    const after = await t.api('GET', `/api/views/${v.id}`)
    expect(after.body).toMatchObject({ name: 'Edited', type: 'kanban', config: { groupByFieldId: col['Status'] } })
  })

  it('deletes a view: 204, then get and data are 404', async () => {
    const v = await createView({ name: 'Doomed', dataTableId: tableId, type: 'table' })
    const del = await t.api('DELETE', `/api/views/${v.id}`)
    expect(del.status).toBe(204)
    for (const r of [
      await t.api('GET', `/api/views/${v.id}`),
      await t.api('GET', `/api/views/${v.id}/data`),
      await t.api('DELETE', `/api/views/${v.id}`),
      await t.api('PUT', `/api/views/${v.id}`, { name: 'x' }),
    ]) {
      expect(r.status).toBe(404)
      expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
    }
    expect((await t.api('GET', `/api/apps/${appId}/views`)).body.some((x: any) => x.id === v.id)).toBe(false)
  })

  it("deleting a view's table makes the view unknown", async () => {
    const table = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Short-lived', columns: [{ name: 'A', type: 'text' }] })
    const v = await createView({ name: 'On short-lived', dataTableId: table.body.id, type: 'table' })
    expect((await t.api('DELETE', `/api/tables/${table.body.id}`)).status).toBe(204)
    const r = await t.api('GET', `/api/views/${v.id}/data`)
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
  })

  it('answers unknown and malformed view ids with 404', async () => {
    for (const id of [UNKNOWN, 'nope']) {
      for (const r of [await t.api('GET', `/api/views/${id}`), await t.api('GET', `/api/views/${id}/data`), await t.api('DELETE', `/api/views/${id}`)]) {
        expect(r.status).toBe(404)
        expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
      }
    }
    const list = await t.api('GET', `/api/apps/${UNKNOWN}/views`)
    expect(list.status).toBe(404)
    expect(list.body.error.code).toBe('KRN_ERR_NOT_FOUND')
  })
})
