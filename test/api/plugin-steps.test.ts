import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/** Widgets, workflow triggers and actions contributed by a plugin: listed, validated, answered. */
const FIXTURES = fileURLToPath(new URL('../fixtures/steps-plugins/', import.meta.url))

let t: TestServer
let tableId: string
beforeAll(async () => {
  t = await startTestServer({ pluginDirs: [FIXTURES] })
  const app = (await t.api('POST', '/api/apps', { name: 'Dash' })).body.id
  const table = await t.api('POST', `/api/apps/${app}/tables`, {
    name: 'Deals',
    columns: [
      { name: 'Name', type: 'text' },
      { name: 'Amount', type: 'number' },
    ],
  })
  tableId = table.body.id
  const made = await t.api('POST', `/api/tables/${tableId}/records/bulk`, {
    records: [
      ['a', 5],
      ['b', 50],
      ['c', 20],
      ['d', 1],
    ].map(([Name, Amount]) => ({ fields: { Name, Amount } })),
  })
  expect(made.status, made.text).toBe(201)
})
afterAll(() => t?.close())

describe('widgets', () => {
  it('lists widget types with their config schema', async () => {
    const r = (await t.api('GET', '/api/widget-types')).body
    expect(r.map((w: { type: string }) => w.type).sort()).toEqual(['note', 'top-records'])
    const top = r.find((w: { type: string }) => w.type === 'top-records')
    expect(top).toMatchObject({ plugin: 'fixture-steps', showsData: true, configSchema: { properties: { count: { type: 'integer', maximum: 20 } } } })
  })

  it("answers a configuration's data through the record pipeline", async () => {
    const r = await t.api('POST', '/api/widget-types/top-records/data', { tableId, config: { by: 'Amount' } })
    expect(r.status, r.text).toBe(200)
    expect(r.body.config).toEqual({ by: 'Amount', count: 3 })
    expect(r.body.data.records.map((x: { fields: { Name: string } }) => x.fields.Name)).toEqual(['b', 'c', 'a'])
    const note = await t.api('POST', '/api/widget-types/note/data', { config: { text: 'hello' } })
    expect(note.body).toEqual({ config: { text: 'hello' }, data: null })
  })

  it('refuses a bad configuration at its path', async () => {
    const count = await t.api('POST', '/api/widget-types/top-records/data', { tableId, config: { by: 'Amount', count: 99 } })
    expect(count.status).toBe(400)
    expect(count.body.error.path).toEqual(['config', 'count'])
    const column = await t.api('POST', '/api/widget-types/top-records/data', { tableId, config: { by: 'Nope' } })
    expect(column.status).toBe(400)
    expect(column.body.error).toMatchObject({ path: ['config', 'by'], message: "Table 'Deals' has no column 'Nope'." })
    const noTable = await t.api('POST', '/api/widget-types/top-records/data', { config: { by: 'Amount' } })
    expect(noTable.body.error.path).toEqual(['tableId'])
    expect((await t.api('POST', '/api/widget-types/pie/data', { config: {} })).status).toBe(404)
  })
})

describe('workflow triggers and actions', () => {
  it('lists them', async () => {
    // Beside the first-party ones (trigger-* and action-* plugins).
    const triggers = (await t.api('GET', '/api/workflow-triggers')).body
    expect(triggers.filter((x: { plugin: string }) => x.plugin === 'fixture-steps')).toMatchObject([
      { type: 'record-created-in', events: ['record.created'], plugin: 'fixture-steps' },
    ])
    const actions = (await t.api('GET', '/api/workflow-actions')).body
    expect(actions.filter((x: { plugin: string }) => x.plugin === 'fixture-steps')).toMatchObject([
      { type: 'compose-text', configSchema: { properties: { template: { type: 'string' } } } },
    ])
  })

  it('tests a trigger configuration against events', async () => {
    const payload = { tableId, recordId: tableId, companyId: tableId, userId: tableId }
    const yes = await t.api('POST', '/api/workflow-triggers/record-created-in/test', { config: { tableId }, event: { name: 'record.created', payload } })
    expect(yes.body).toEqual({ matches: true, listensTo: ['record.created'] })
    const other = await t.api('POST', '/api/workflow-triggers/record-created-in/test', { config: { tableId }, event: { name: 'record.deleted', payload } })
    expect(other.body.matches).toBe(false)
    const bad = await t.api('POST', '/api/workflow-triggers/record-created-in/test', { config: { tableId: 'x' }, event: { name: 'record.created', payload } })
    expect(bad.body.error.path).toEqual(['config', 'tableId'])
    const badEvent = await t.api('POST', '/api/workflow-triggers/record-created-in/test', { config: { tableId }, event: { name: 'record.exploded', payload } })
    expect(badEvent.body.error.path).toEqual(['event', 'name'])
  })

  it('runs an action and reports its failure naming the plugin', async () => {
    const r = await t.api('POST', '/api/workflow-actions/compose-text/run', { config: { template: 'Deal {name} won' }, input: { name: 'b' } })
    expect(r.body).toEqual({ output: { text: 'Deal b won' }, branch: null })
    const boom = await t.api('POST', '/api/workflow-actions/compose-text/run', { config: { template: '{boom}' } })
    expect(boom.status).toBe(422)
    expect(boom.body.error).toMatchObject({ code: 'KRN_ERR_WORKFLOW_STEP_FAILED' })
    expect(boom.body.error.message).toMatch(/action 'compose-text' of plugin 'fixture-steps' failed: the template asked to fail/)
  })

  it('go away with their plugin', async () => {
    expect((await t.api('POST', '/api/plugins/fixture-steps/disable')).status).toBe(200)
    expect((await t.api('GET', '/api/widget-types')).body).toEqual([])
    expect((await t.api('GET', '/api/workflow-actions')).body.filter((x: { plugin: string }) => x.plugin === 'fixture-steps')).toEqual([])
    expect((await t.api('POST', '/api/workflow-actions/compose-text/run', { config: { template: 'x' } })).status).toBe(404)
    expect((await t.api('POST', '/api/plugins/fixture-steps/enable')).body.contributes).toMatchObject({
      widgets: ['top-records', 'note'],
      triggers: ['record-created-in'],
      actions: ['compose-text'],
    })
  })
})
