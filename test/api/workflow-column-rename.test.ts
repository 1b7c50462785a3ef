import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { eventually } from '../support/second-server.ts'

/**
 * Renaming a column renames it in the workflows that name it (issue 18): configs, trigger
 * conditions and variables follow, in the rename's transaction, with an audit entry per workflow;
 * the same name in another table's config is left alone, and a rename that fails changes nothing.
 */
let t: TestServer
let appId: string
let deals: string
let tasks: string
let requests: string
let onDeals: string
let onTasks: string
let onRequests: string

type Run = { id: string; status: string; version: number; error: unknown; steps: Array<{ path: string; status: string }> }
type Column = { id: string; name: string; type: string; config?: unknown; required?: boolean }
type Workflow = { id: string; version: number; trigger: { config: Record<string, unknown>; conditions?: unknown }; steps: Array<Record<string, unknown>> }

const table = async (name: string, columns: Array<{ name: string; type: string }>): Promise<string> => {
  const r = await t.api('POST', `/api/apps/${appId}/tables`, { name, columns })
  expect(r.status, r.text).toBe(201)
  return r.body.id as string
}
const columns = async (tableId: string): Promise<Column[]> => (await t.api('GET', `/api/tables/${tableId}`)).body.columns
const columnId = async (tableId: string, name: string): Promise<string> => String((await columns(tableId)).find((c) => c.name === name)?.id)
const workflow = async (id: string): Promise<Workflow> => (await t.api('GET', `/api/workflows/${id}`)).body
const renamedEntries = async (id: string): Promise<Array<{ resourceId: string; tableId: string; metadata: Record<string, unknown> }>> =>
  (await t.api('GET', `/api/audit/logs?action=workflow.fields_renamed&resourceId=${id}&limit=50`)).body.entries
const create = async (body: unknown): Promise<string> => {
  const r = await t.api('POST', `/api/apps/${appId}/workflows`, body)
  expect(r.status, r.text).toBe(201)
  return r.body.id as string
}
const runsOf = async (id: string): Promise<Run[]> => (await t.api('GET', `/api/workflows/${id}/runs`)).body.runs
/** Renames a table's columns through PUT (the desired column list), answering the response. */
const putRenames = async (tableId: string, renames: Record<string, string>, extra: (c: Column) => Column = (c) => c, query = '') => {
  const cols = (await columns(tableId)).map((c) => extra({ id: c.id, name: renames[c.name] ?? c.name, type: c.type, config: c.config, required: c.required }))
  return t.api('PUT', `/api/tables/${tableId}${query}`, { columns: cols })
}

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Renames' })).body.id
  deals = await table('Deals', [
    { name: 'Name', type: 'text' },
    { name: 'Status', type: 'text' },
    { name: 'Note', type: 'text' },
  ])
  tasks = await table('Tasks', [
    { name: 'Name', type: 'text' },
    { name: 'Status', type: 'text' },
  ])
  requests = await table('Requests', [
    { name: 'Name', type: 'text' },
    { name: 'Status', type: 'text' },
  ])
  // Record created -> if the status is New: set it to Done and a note from the name, then a task
  // (another table, whose own Name and Status are not the renamed ones) named from the step's record.
  onDeals = await create({
    name: 'Close new deals',
    trigger: { type: 'record-created', config: { tableId: deals }, conditions: { and: [{ field: 'Status', op: 'eq', value: 'New' }] } },
    steps: [
      {
        id: 'check',
        type: 'condition',
        config: { test: { left: '{{trigger.record.Status}}', op: 'eq', right: 'New' } },
        branches: {
          then: [
            {
              id: 'mark',
              type: 'update-record',
              config: { tableId: deals, recordId: '{{trigger.recordId}}', fields: { Status: 'Done', Note: 'hello {{ trigger.record.Name }}' } },
            },
            { id: 'task', type: 'create-record', config: { tableId: tasks, fields: { Name: 'Follow {{steps.mark.record.Name}}', Status: 'open' } } },
          ],
        },
      },
    ],
  })
  expect((await t.api('POST', `/api/workflows/${onDeals}/enable`)).status).toBe(200)
  // The same field names, of the other table: untouched by the renames of Deals.
  onTasks = await create({
    name: 'Task status',
    trigger: { type: 'record-updated', config: { tableId: tasks, fields: ['Status'] }, conditions: { changed: 'Status' } },
    steps: [{ id: 'touch', type: 'update-record', config: { tableId: tasks, recordId: '{{trigger.recordId}}', fields: { Name: '{{trigger.record.Name}}!' } } }],
  })
  // A run that waits for an approval while its table's columns are renamed.
  onRequests = await create({
    name: 'Approve requests',
    trigger: { type: 'record-created', config: { tableId: requests } },
    steps: [
      {
        id: 'ask',
        type: 'approval',
        config: { title: 'Approve {{trigger.record.Name}}', users: [t.owner.userId] },
        branches: {
          approve: [
            {
              id: 'done',
              type: 'update-record',
              config: { tableId: '{{trigger.tableId}}', recordId: '{{trigger.recordId}}', fields: { Status: 'Approved {{trigger.record.Name}}' } },
            },
          ],
        },
      },
    ],
  })
  expect((await t.api('POST', `/api/workflows/${onRequests}/enable`)).status).toBe(200)
})
afterAll(() => t?.close())

describe('renaming columns named by workflows', () => {
  it('rewrites configs, conditions, filters, sorts and variables of that table only, as a new version', async () => {
    const other = await create({
      name: 'Everything by name',
      trigger: {
        type: 'record-updated',
        config: { tableId: deals, fields: ['Status', 'Note'] },
        conditions: { or: [{ changed: 'Status' }, { field: 'Name', op: 'sameAs', otherField: 'Status' }] },
      },
      steps: [
        {
          id: 'same',
          type: 'update-record',
          config: { tableId: '{{trigger.tableId}}', filter: { and: [{ field: 'Status', op: 'eq', value: 'Status' }] }, fields: { Status: '{{trigger.before.Status}}' } },
        },
        {
          id: 'walk',
          type: 'loop',
          config: { tableId: deals, filter: { field: 'Name', op: 'neq', value: '' }, sort: [{ field: 'Name', direction: 'desc' }] },
          branches: {
            each: [{ id: 'copy', type: 'create-record', config: { tableId: tasks, fields: { Name: '{{loop.walk.item.fields.Name}}', Status: '{{trigger.record.Status}}' } } }],
          },
        },
      ],
    })
    const r = await putRenames(deals, { Status: 'Stage', Name: 'Title' }, (c) => c, '?dryRun=true')
    expect(r.status, r.text).toBe(200)
    // A dry run changes nothing.
    expect((await workflow(other)).version).toBe(1)
    const applied = await putRenames(deals, { Status: 'Stage', Name: 'Title' })
    expect(applied.status, applied.text).toBe(200)
    const w = await workflow(other)
    expect(w.version).toBe(2)
    expect(w.trigger).toEqual({
      type: 'record-updated',
      config: { tableId: deals, fields: ['Stage', 'Note'] },
      conditions: { or: [{ changed: 'Stage' }, { field: 'Title', op: 'sameAs', otherField: 'Stage' }] },
    })
    expect(w.steps[0]?.['config']).toEqual({
      tableId: '{{trigger.tableId}}',
      // A value that is the old name is a value: it stays.
      filter: { and: [{ field: 'Stage', op: 'eq', value: 'Status' }] },
      fields: { Stage: '{{trigger.before.Stage}}' },
    })
    expect(w.steps[1]).toMatchObject({
      config: { tableId: deals, filter: { field: 'Title', op: 'neq', value: '' }, sort: [{ field: 'Title', direction: 'desc' }] },
      // Tasks' own Name and Status stay; the variables naming Deals' fields follow.
      branches: { each: [{ config: { tableId: tasks, fields: { Name: '{{loop.walk.item.fields.Title}}', Status: '{{trigger.record.Stage}}' } } }] },
    })
    // Renamed back, for the next tests' names.
    expect((await putRenames(deals, { Stage: 'Status', Title: 'Name' })).status).toBe(200)
    expect((await workflow(other)).steps[0]?.['config']).toMatchObject({ fields: { Status: '{{trigger.before.Status}}' } })
    expect((await t.api('DELETE', `/api/workflows/${other}`)).status).toBe(204)
  })

  it('a run after renames (PATCH and PUT) succeeds under the new names; the workflow shows them, with an audit entry each', async () => {
    const before = (await workflow(onDeals)).version
    const earlier = (await renamedEntries(onDeals)).length
    const patched = await t.api('PATCH', `/api/tables/${deals}/columns/${await columnId(deals, 'Name')}`, { name: 'Title' })
    expect(patched.status, patched.text).toBe(200)
    expect((await putRenames(deals, { Status: 'Stage' })).status).toBe(200)
    const w = await workflow(onDeals)
    expect(w.version).toBe(before + 2)
    expect(w.trigger.conditions).toEqual({ and: [{ field: 'Stage', op: 'eq', value: 'New' }] })
    expect(w.steps[0]).toMatchObject({
      config: { test: { left: '{{trigger.record.Stage}}', op: 'eq', right: 'New' } },
      branches: {
        then: [
          { id: 'mark', config: { tableId: deals, fields: { Stage: 'Done', Note: 'hello {{ trigger.record.Title }}' } } },
          { id: 'task', config: { tableId: tasks, fields: { Name: 'Follow {{steps.mark.record.Title}}', Status: 'open' } } },
        ],
      },
    })
    const deal = (await t.api('POST', `/api/tables/${deals}/records`, { fields: { Title: 'Acme', Stage: 'New' } })).body.id as string
    const runs = await eventually(
      () => runsOf(onDeals),
      (rs) => rs.length >= 1 && rs.every((r) => ['completed', 'failed'].includes(r.status)),
      20_000,
    )
    expect(runs.map((r) => r.status)).toEqual(['completed'])
    const rec = (await t.api('GET', `/api/tables/${deals}/records/${deal}`)).body
    expect(rec.fields).toMatchObject({ Title: 'Acme', Stage: 'Done', Note: 'hello Acme' })
    const made = (await t.api('GET', `/api/tables/${tasks}/records`)).body.records as Array<{ fields: Record<string, unknown> }>
    expect(made.map((r) => r.fields)).toEqual([expect.objectContaining({ Name: 'Follow Acme', Status: 'open' })])
    const entries = await renamedEntries(onDeals)
    expect(entries).toHaveLength(earlier + 2)
    expect(entries.map((e) => e.metadata['renamed'])).toEqual(
      expect.arrayContaining([[{ columnId: expect.any(String), from: 'Name', to: 'Title' }], [{ columnId: expect.any(String), from: 'Status', to: 'Stage' }]]),
    )
    expect(entries[0]).toMatchObject({ tableId: deals })
  })

  it('leaves a workflow of another table with the same field names untouched', async () => {
    const w = await workflow(onTasks)
    expect(w.version).toBe(1)
    expect(w.trigger).toMatchObject({ config: { tableId: tasks, fields: ['Status'] }, conditions: { changed: 'Status' } })
    expect(w.steps[0]?.['config']).toEqual({ tableId: tasks, recordId: '{{trigger.recordId}}', fields: { Name: '{{trigger.record.Name}}!' } })
    expect(await renamedEntries(onTasks)).toEqual([])
  })

  it('a run waiting when the columns are renamed goes on under the new names', async () => {
    const rec = (await t.api('POST', `/api/tables/${requests}/records`, { fields: { Name: 'Laptop', Status: 'asked' } })).body.id as string
    const [waiting] = await eventually(
      () => runsOf(onRequests),
      (rs) => rs.length === 1 && rs[0]?.status === 'waiting',
      20_000,
    )
    expect((await putRenames(requests, { Name: 'Item', Status: 'State' })).status).toBe(200)
    const [entry] = await renamedEntries(onRequests)
    expect(entry?.metadata).toMatchObject({ version: 2, fromVersion: 1, runsMoved: 1 })
    const task = ((await t.api('GET', '/api/tasks')).body as Array<{ id: string; runId?: string; title: string }>).find((x) => x.title === 'Approve Laptop')
    expect((await t.api('POST', `/api/tasks/${task?.id}/complete`, { decision: 'approve' })).status).toBe(200)
    const done = await eventually(
      async () => (await t.api('GET', `/api/workflow-runs/${waiting?.id}`)).body as Run,
      (r) => r.status === 'completed' || r.status === 'failed',
      20_000,
    )
    expect(done).toMatchObject({ status: 'completed', version: 2 })
    expect((await t.api('GET', `/api/tables/${requests}/records/${rec}`)).body.fields).toMatchObject({ Item: 'Laptop', State: 'Approved Laptop' })
  })
})

describe('a column restored under another name', () => {
  it('is no rename of the live column that took its old name', async () => {
    const archive = await table('Archive', [{ name: 'Status', type: 'text' }])
    const old = await columnId(archive, 'Status')
    expect((await t.api('DELETE', `/api/tables/${archive}/columns/${old}`)).status).toBe(200)
    expect((await t.api('POST', `/api/tables/${archive}/columns`, { name: 'Status', type: 'text' })).status).toBe(201)
    const w = await create({
      name: 'Live status',
      trigger: { type: 'record-created', config: { tableId: archive } },
      steps: [{ id: 'set', type: 'update-record', config: { tableId: archive, recordId: '{{trigger.recordId}}', fields: { Status: 'x' } } }],
    })
    const restored = await t.api('POST', `/api/tables/${archive}/columns/${old}/restore`)
    expect(restored.status, restored.text).toBe(200)
    expect((await columns(archive)).map((c) => c.name)).toEqual(['Status', 'Status (2)'])
    expect(await workflow(w)).toMatchObject({ version: 1, steps: [{ config: { fields: { Status: 'x' } } }] })
  })
})

describe('a rename that fails', () => {
  it('leaves the workflows as they were: a name taken, or a change refused later in the same transaction', async () => {
    const before = await workflow(onDeals)
    const entries = (await renamedEntries(onDeals)).length
    // The name is another column's.
    const taken = await t.api('PATCH', `/api/tables/${deals}/columns/${await columnId(deals, 'Stage')}`, { name: 'note' })
    expect(taken.status, taken.text).toBe(400)
    // The rename is planned and followed, then the conversion of Note (text to number) would
    // empty its values: refused, and the workflows' rewrite rolls back with it.
    const lossy = await putRenames(deals, { Stage: 'Phase' }, (c) => (c.name === 'Note' ? { id: c.id, name: c.name, type: 'number' } : c))
    expect(lossy.status, lossy.text).toBe(422)
    expect(lossy.body.error.code).toBe('KRN_ERR_DDL_LOSSY_CHANGE')
    expect(await workflow(onDeals)).toEqual(before)
    expect(await renamedEntries(onDeals)).toHaveLength(entries)
    expect((await columns(deals)).map((c) => c.name)).toEqual(['Title', 'Stage', 'Note'])
  })
})
