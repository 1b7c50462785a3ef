import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packPlugin } from '@docpal/plugin-sdk/build'
import { eventually } from '../support/second-server.ts'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * A third-party workflow action made with the SDK (examples/action-lead-score) is packed, installed
 * into a running server, enabled without a restart and used as a step of a workflow (issue 18).
 */
const EXAMPLE = fileURLToPath(new URL('../../examples/action-lead-score/', import.meta.url))

let t: TestServer
let dataDir: string
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'docpal-wf-install-'))
  t = await startTestServer({ dataDir })
})
afterAll(async () => {
  await t?.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('a third-party action installed live', () => {
  it('is refused before it is installed, then scores leads in a workflow', async () => {
    const app = (await t.api('POST', '/api/apps', { name: 'Leads' })).body.id as string
    const leads = (
      await t.api('POST', `/api/apps/${app}/tables`, {
        name: 'Leads',
        columns: [
          { name: 'Name', type: 'text' },
          { name: 'Employees', type: 'number' },
          { name: 'Score', type: 'number' },
          { name: 'Grade', type: 'text' },
        ],
      })
    ).body.id as string
    const definition = {
      name: 'Score new leads',
      trigger: { type: 'record-created', config: { tableId: leads } },
      steps: [
        { id: 'score', type: 'lead-score', config: { parts: [{ value: '{{trigger.record.Employees}}', weight: 2 }], max: 100 } },
        {
          id: 'save',
          type: 'update-record',
          config: { tableId: leads, recordId: '{{trigger.recordId}}', fields: { Score: '{{steps.score.score}}', Grade: '{{steps.score.grade}}' } },
        },
      ],
    }
    const early = await t.api('POST', `/api/apps/${app}/workflows`, definition)
    expect(early.status).toBe(400)
    expect(early.body.error.path).toEqual(['steps', 0, 'type'])

    const packed = await packPlugin(EXAMPLE, { outDir: join(dataDir, 'built') })
    const installed = await t.api('POST', `/api/plugins/install?sha256=${packed.sha256}`, await readFile(packed.file), { 'content-type': 'application/gzip' })
    expect(installed.status, installed.text).toBe(201)
    expect(installed.body.contributes.actions).toEqual(['lead-score'])
    expect((await t.api('POST', '/api/plugins/action-lead-score/enable')).status).toBe(200)
    const types = (await t.api('GET', '/api/workflow-types')).body
    expect(types.actions.find((a: { type: string }) => a.type === 'lead-score')).toMatchObject({ plugin: 'action-lead-score', outputs: ['score', 'grade'] })

    const wf = await t.api('POST', `/api/apps/${app}/workflows`, definition)
    expect(wf.status, wf.text).toBe(201)
    await t.api('POST', `/api/workflows/${wf.body.id}/enable`)
    const lead = (await t.api('POST', `/api/tables/${leads}/records`, { fields: { Name: 'Acme', Employees: 40 } })).body.id as string
    const scored = await eventually(
      async () => (await t.api('GET', `/api/tables/${leads}/records/${lead}`)).body.fields as Record<string, unknown>,
      (f) => f['Grade'] !== null && f['Grade'] !== undefined,
      20_000,
    )
    expect(scored).toMatchObject({ Score: 80, Grade: 'A' })
  })
})
