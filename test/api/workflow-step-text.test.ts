import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * A workflow step's field values typed into the builder arrive as text: each column's own parser
 * reads them (a Switch set to "true" was refused at every run: "Expected true or false, got text").
 * Run through `POST /api/workflow-actions/:type/run`, the builder's "try this step".
 */
let t: TestServer
let tableId: string
beforeAll(async () => {
  t = await startTestServer()
  const app = (await t.api('POST', '/api/apps', { name: 'Steps' })).body.id
  const table = await t.api('POST', `/api/apps/${app}/tables`, {
    name: 'Deals',
    columns: [
      { name: 'Name', type: 'text' },
      { name: 'Amount', type: 'number', config: { precision: 2 } },
      { name: 'Active', type: 'switch' },
      { name: 'Close', type: 'date' },
      { name: 'Stage', type: 'single_select', config: { options: [{ id: 's1', label: 'Won' }] } },
    ],
  })
  expect(table.status, table.text).toBe(201)
  tableId = table.body.id
})
afterAll(() => t?.close())

describe('workflow steps given text', () => {
  it('create and update records read text by each column type, keep typed values and text columns as given', async () => {
    const made = await t.api('POST', '/api/workflow-actions/create-record/run', {
      config: { tableId, fields: { Name: ' spaced ', Amount: '12.5', Active: 'true', Close: '2027-01-05', Stage: 'won' } },
    })
    expect(made.status, made.text).toBe(200)
    const id = made.body.output.id as string
    const read = async () => (await t.api('GET', `/api/tables/${tableId}/records/${id}`)).body.fields
    expect(await read()).toMatchObject({ Name: ' spaced ', Amount: 12.5, Active: true, Close: '2027-01-05', Stage: 's1' })

    const updated = await t.api('POST', '/api/workflow-actions/update-record/run', { config: { tableId, recordId: id, fields: { Active: 'false', Amount: 7 } } })
    expect(updated.status, updated.text).toBe(200)
    expect(await read()).toMatchObject({ Active: false, Amount: 7 })

    // Text no parser reads is still refused, naming the field.
    const bad = await t.api('POST', '/api/workflow-actions/update-record/run', { config: { tableId, recordId: id, fields: { Active: 'maybe' } } })
    expect(bad.status).toBeGreaterThanOrEqual(400)
    expect(bad.text).toContain('Active')
    expect((await read()).Active).toBe(false)
  })
})
