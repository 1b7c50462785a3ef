import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dealsWithMemberRules, memberOfOwnersCompany } from '../support/deals-with-rules.ts'
import { startTestServer, type Api, type TestServer } from '../support/test-server.ts'
import { eventually } from '../support/second-server.ts'

/**
 * What an approval task shows of its record (issue 18 with issue 17's rules), on both databases:
 * the record as the approver may read it (hidden fields left out), or `readable: false` when their
 * row rules keep it from them or it was deleted since, never a link to a "not found".
 */
let t: TestServer
let tableId: string
let asAlice: Api

type Task = { title: string; record: { recordId: string; readable: boolean; fields?: Record<string, unknown> } | null }

beforeAll(async () => {
  t = await startTestServer({ auth: { authRequestsPerIp: 1000 } })
  const alice = await memberOfOwnersCompany(t, 'Alice')
  asAlice = alice.api
  const { appId, tableId: id } = await dealsWithMemberRules(t)
  tableId = id
  const wf = await t.api('POST', `/api/apps/${appId}/workflows`, {
    name: 'Approve deals',
    trigger: { type: 'record-created', config: { tableId } },
    steps: [{ id: 'ok', type: 'approval', config: { title: 'Approve {{trigger.record.Name}}', users: [alice.userId, t.owner.userId], required: 1 } }],
  })
  expect(wf.status, wf.text).toBe(201)
  expect((await t.api('POST', `/api/workflows/${wf.body.id}/enable`)).status).toBe(200)
})
afterAll(() => t?.close())

const tasksOf = (api: Api, n: number) =>
  eventually(
    async () => (await api('GET', '/api/tasks')).body as Task[],
    (tasks) => tasks.length === n,
    20_000,
  )

describe('the record of a task', () => {
  it('shows the approver the record as their rules let them read it, and says when they cannot', async () => {
    const small = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'Small', Amount: 50, Secret: 'low margin' } })
    const big = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'Big', Amount: 5000, Secret: 'huge margin' } })
    expect([small.status, big.status]).toEqual([201, 201])
    const tasks = await tasksOf(asAlice, 2)
    // The badge's count: the same tasks, counted without their records.
    expect((await asAlice('GET', '/api/tasks/count')).body).toEqual({ open: 2 })
    const byTitle = new Map(tasks.map((x) => [x.title, x.record]))
    // Alice may read the small deal, not its Secret; the big one is outside her read rule.
    expect(byTitle.get('Approve Small')).toMatchObject({ recordId: small.body.id, readable: true, fields: { Name: 'Small', Amount: 50 } })
    expect(byTitle.get('Approve Small')?.fields).not.toHaveProperty('Secret')
    expect(byTitle.get('Approve Big')).toEqual(expect.objectContaining({ recordId: big.body.id, readable: false }))
    expect(byTitle.get('Approve Big')).not.toHaveProperty('fields')
    // The owner, whom no rule binds, sees both in full.
    const owner = new Map((await tasksOf(t.api, 2)).map((x) => [x.title, x.record]))
    expect(owner.get('Approve Big')).toMatchObject({ readable: true, fields: { Name: 'Big', Amount: 5000, Secret: 'huge margin' } })
  })

  it('says a record deleted since the run started cannot be opened, and still takes the decision', async () => {
    const gone = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'Gone', Amount: 10 } })
    const task = await eventually(
      async () => ((await asAlice('GET', '/api/tasks')).body as Array<Task & { id: string }>).find((x) => x.title === 'Approve Gone'),
      (x) => x !== undefined,
      20_000,
    )
    expect(task?.record).toMatchObject({ readable: true })
    expect((await t.api('DELETE', `/api/tables/${tableId}/records/${gone.body.id}`)).status).toBe(204)
    const after = ((await asAlice('GET', '/api/tasks')).body as Array<Task & { id: string }>).find((x) => x.id === task?.id)
    expect(after?.record).toMatchObject({ recordId: gone.body.id, readable: false })
    const done = await asAlice('POST', `/api/tasks/${task?.id}/complete`, { decision: 'approve' })
    expect(done.status, done.text).toBe(200)
    expect(done.body).toMatchObject({ status: 'done', record: { readable: false } })
    // Settled by the first approval: no longer counted as open, for Alice or the owner.
    const open = ((await asAlice('GET', '/api/tasks')).body as unknown[]).length
    expect((await asAlice('GET', '/api/tasks/count')).body).toEqual({ open })
    expect((await t.api('GET', '/api/tasks/count')).body).toEqual({ open: ((await t.api('GET', '/api/tasks')).body as unknown[]).length })
  })
})
