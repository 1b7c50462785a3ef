import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/second-server.ts'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * The whole Temporal path (issue 18) against a real Temporal server: set TEMPORAL_ADDRESS (e.g.
 * `docker compose --profile temporal up temporal` and TEMPORAL_ADDRESS=127.0.0.1:7233). No Temporal
 * server can be installed on the machines this suite was written on, so there it is skipped.
 */
const ADDRESS = process.env['TEMPORAL_ADDRESS']

describe.skipIf(!ADDRESS)('workflows on Temporal', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ temporal: { address: ADDRESS ?? '', namespace: process.env['TEMPORAL_NAMESPACE'] ?? 'default', taskQueue: `docpal-test-${Date.now()}` } })
  })
  afterAll(() => t?.close())

  it('runs a record trigger, a create, a branch and an approval answered in the inbox', async () => {
    const app = (await t.api('POST', '/api/apps', { name: 'On Temporal' })).body.id as string
    const deals = (
      await t.api('POST', `/api/apps/${app}/tables`, {
        name: 'Deals',
        columns: [
          { name: 'Name', type: 'text' },
          { name: 'Amount', type: 'number' },
        ],
      })
    ).body.id as string
    const invoices = (
      await t.api('POST', `/api/apps/${app}/tables`, {
        name: 'Invoices',
        columns: [
          { name: 'Deal', type: 'text' },
          { name: 'Approved', type: 'text' },
        ],
      })
    ).body.id as string
    const wf = await t.api('POST', `/api/apps/${app}/workflows`, {
      name: 'Invoice',
      trigger: { type: 'record-created', config: { tableId: deals } },
      steps: [
        { id: 'invoice', type: 'create-record', config: { tableId: invoices, fields: { Deal: '{{trigger.record.Name}}' } } },
        {
          id: 'approve',
          type: 'approval',
          config: { title: 'Approve {{trigger.record.Name}}', users: [t.owner.userId] },
          branches: { approve: [{ id: 'mark', type: 'update-record', config: { tableId: invoices, recordId: '{{steps.invoice.id}}', fields: { Approved: 'yes' } } }] },
        },
      ],
    })
    expect(wf.status, wf.text).toBe(201)
    await t.api('POST', `/api/workflows/${wf.body.id}/enable`)
    await t.api('POST', `/api/tables/${deals}/records`, { fields: { Name: 'Big', Amount: 5000 } })
    const tasks = await eventually(
      async () => (await t.api('GET', '/api/tasks')).body as Array<{ id: string }>,
      (ts) => ts.length > 0,
      60_000,
    )
    expect((await t.api('POST', `/api/tasks/${tasks[0]?.id}/complete`, { decision: 'approve' })).status).toBe(200)
    const runs = await eventually(
      async () => (await t.api('GET', `/api/workflows/${wf.body.id}/runs`)).body.runs as Array<{ status: string }>,
      (rs) => rs[0]?.status === 'completed',
      60_000,
    )
    expect(runs[0]?.status).toBe('completed')
    const invoice = (await t.api('GET', `/api/tables/${invoices}/records`)).body.records[0]
    expect(invoice.fields).toMatchObject({ Deal: 'Big', Approved: 'yes' })
  })
})
