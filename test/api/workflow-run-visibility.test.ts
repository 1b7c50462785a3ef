import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dealsWithMemberRules, memberOfOwnersCompany } from '../support/deals-with-rules.ts'
import { startTestServer, type Api, type TestServer } from '../support/test-server.ts'
import { eventually } from '../support/second-server.ts'

/**
 * A run acts with its workflow's runAs rights, so what it read and wrote may hold what a reader's
 * own rules hide (issues 17 and 18): a member who may open the app sees that runs happened and
 * how they ended, not their records, inputs, outputs or errors, except a manual run of their own.
 */
let t: TestServer
let tableId: string
let appId: string
let asBob: Api
let bobId: string

beforeAll(async () => {
  t = await startTestServer({ auth: { authRequestsPerIp: 1000 } })
  const bob = await memberOfOwnersCompany(t, 'Bob')
  asBob = bob.api
  bobId = bob.userId
  ;({ appId, tableId } = await dealsWithMemberRules(t))
})
afterAll(() => t?.close())

const settled = (api: Api, workflowId: string) =>
  eventually(
    async () => (await api('GET', `/api/workflows/${workflowId}/runs`)).body.runs as Array<Record<string, any>>,
    (runs) => runs.length === 1 && runs[0]!['status'] === 'completed',
    20_000,
  )

describe('runs as a member sees them', () => {
  it("leaves out a record run's trigger, step input and output for a member; the owner sees them whole", async () => {
    const wf = await t.api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Tag big deals',
      trigger: { type: 'record-created', config: { tableId } },
      steps: [{ id: 'tag', type: 'update-record', config: { tableId, recordId: '{{trigger.recordId}}', fields: { Name: '{{trigger.record.Name}} (tagged)' } } }],
    })
    expect(wf.status, wf.text).toBe(201)
    expect((await t.api('POST', `/api/workflows/${wf.body.id}/enable`)).status).toBe(200)
    // Outside Bob's read rule (Amount < 1000), with a Secret hidden from him anyway.
    expect((await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'Megadeal', Amount: 5000, Secret: 'huge margin' } })).status).toBe(201)

    const [full] = await settled(t.api, wf.body.id)
    expect(full).toMatchObject({ redacted: false, trigger: { type: 'record.created', record: { Name: 'Megadeal', Secret: 'huge margin' } } })

    const list = await asBob('GET', `/api/workflows/${wf.body.id}/runs`)
    expect(list.status).toBe(200)
    expect(list.body.runs).toHaveLength(1)
    expect(list.body.runs[0]).toMatchObject({ status: 'completed', redacted: true, trigger: { type: 'record.created' }, error: null })
    expect(list.text).not.toContain('Megadeal')
    expect(list.text).not.toContain('huge margin')

    const detail = await asBob('GET', `/api/workflow-runs/${full!['id']}`)
    expect(detail.status).toBe(200)
    expect(detail.body.steps).toEqual([expect.objectContaining({ stepId: 'tag', type: 'update-record', status: 'completed' })])
    expect(detail.body.steps[0]).not.toHaveProperty('output')
    expect(detail.text).not.toContain('Megadeal')
    expect(detail.text).not.toContain('huge margin')
    // The owner's view of the same run keeps the step's output.
    const owners = await t.api('GET', `/api/workflow-runs/${full!['id']}`)
    expect(owners.body.steps[0].output).toBeTruthy()
    expect(owners.text).toContain('Megadeal (tagged)')
  })

  it('shows a member the inputs of a manual run they started, not those of runs others started', async () => {
    const wf = await t.api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Note it',
      trigger: { type: 'manual', config: { inputs: [{ name: 'Note', type: 'text' }] } },
      steps: [{ id: 'wait', type: 'delay', config: { minutes: 0 } }],
    })
    expect(wf.status, wf.text).toBe(201)
    expect((await t.api('POST', `/api/workflows/${wf.body.id}/enable`)).status).toBe(200)
    const mine = await asBob('POST', `/api/workflows/${wf.body.id}/run`, { input: { Note: 'from Bob' } })
    expect(mine.status, mine.text).toBe(202)
    expect(mine.body).toMatchObject({ redacted: true, trigger: { type: 'manual', startedBy: bobId, input: { Note: 'from Bob' } } })
    expect((await t.api('POST', `/api/workflows/${wf.body.id}/run`, { input: { Note: 'from the owner' } })).status).toBe(202)
    const runs = await eventually(
      async () => (await asBob('GET', `/api/workflows/${wf.body.id}/runs`)).body.runs as Array<Record<string, any>>,
      (r) => r.length === 2,
      20_000,
    )
    const inputs = runs.map((r) => r['trigger']['input'] ?? null)
    expect(inputs.sort()).toEqual([{ Note: 'from Bob' }, null].sort())
    expect(JSON.stringify(runs)).not.toContain('from the owner')
  })
})
