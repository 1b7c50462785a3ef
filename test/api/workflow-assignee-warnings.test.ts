import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { dealsWithMemberRules, memberOfOwnersCompany } from '../support/deals-with-rules.ts'
import { startTestServer, type Api, type TestServer } from '../support/test-server.ts'

/**
 * A workflow's answer warns its managers where a task step's people may not read the run's record
 * (issue 18 with issue 17's rules), on both databases: no `view` on the table, row rules that show
 * only some records, hidden fields, a user who is not a member. It saves all the same.
 */
let t: TestServer
let appId: string
let tableId: string
let aliceId: string
let asAlice: Api

type Warning = { path: Array<string | number>; code: string; message: string; params: unknown }

beforeAll(async () => {
  t = await startTestServer({ auth: { authRequestsPerIp: 1000 } })
  const alice = await memberOfOwnersCompany(t, 'Alice')
  aliceId = alice.userId
  asAlice = alice.api
  const companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId as string
  // Members read small deals without their Secret (dealsWithMemberRules); auditors nothing of the table.
  expect((await t.api('POST', `/api/companies/${companyId}/roles`, { name: 'auditor', label: 'Auditor' })).status).toBe(201)
  ;({ appId, tableId } = await dealsWithMemberRules(t))
  // Someone holds each role the steps below name (a role nobody holds is warned about: last test).
  for (const [name, role] of [
    ['Carol', 'auditor'],
    ['Dave', 'admin'],
  ] as const) {
    const m = await memberOfOwnersCompany(t, name)
    await t.db.db.query(sql`update company_members set role = ${role} where company_id = ${companyId}::uuid and user_id = ${m.userId}::uuid`)
  }
})
afterAll(() => t?.close())

const stranger = '0f0e0d0c-0b0a-4909-8807-060504030201'

describe("a workflow's warnings about its task steps' people", () => {
  it('names each approver who may not read the record, or only some of it, at the input that names them', async () => {
    const wf = await t.api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Approve deals',
      trigger: { type: 'record-created', config: { tableId } },
      steps: [
        {
          id: 'check',
          type: 'condition',
          config: { test: { left: '{{trigger.record.Name}}', op: 'eq', right: 'x' } },
          branches: {
            then: [
              { id: 'ok', type: 'approval', config: { title: 'Approve', users: [aliceId, t.owner.userId, '{{trigger.record.Name}}', stranger], roles: ['auditor', 'admin'] } },
            ],
          },
        },
        { id: 'again', type: 'approval', config: { title: 'Approve again', roles: ['auditor'] } },
      ],
    })
    expect(wf.status, wf.text).toBe(201)
    const warnings = wf.body.warnings as Warning[]
    const at = ['steps', 0, 'branches', 'then', 0, 'config']
    // The owner, the admins and a variable's users (known only when a run fills it) are not named.
    expect(warnings.map((w) => [w.path, w.code])).toEqual([
      [[...at, 'users', 0], 'assignee_rows_limited'],
      [[...at, 'users', 0], 'assignee_fields_hidden'],
      [[...at, 'users', 3], 'assignee_not_member'],
      [[...at, 'roles', 0], 'assignee_cannot_read'],
      // A role named again in another step is warned about there too.
      [['steps', 1, 'config', 'roles', 0], 'assignee_cannot_read'],
    ])
    expect(warnings[0]?.message).toBe("Row rules show 'Alice' only some records of 'Deals': a task about another record will not show it to them.")
    expect(warnings[1]?.message).toBe("'Alice' does not see 'Secret' of 'Deals': the task shows its record without them.")
    expect(warnings[3]?.message).toBe("Role 'Auditor' may not read 'Deals': the task will not show them its record.")
    // What each names, for a client that words it in its own language.
    expect(warnings[1]?.params).toEqual({ who: { kind: 'user', id: aliceId, name: 'Alice' }, table: 'Deals', fields: ['Secret'] })
    expect(warnings[2]?.params).toEqual({ who: { kind: 'user', id: stranger, name: stranger }, table: 'Deals' })
    expect(warnings[3]?.params).toEqual({ who: { kind: 'role', id: 'auditor', name: 'Auditor' }, table: 'Deals' })

    // The same on a read, a new version and enabling; the list leaves them out.
    const read = await t.api('GET', `/api/workflows/${wf.body.id}`)
    expect(read.body.warnings).toEqual(warnings)
    expect((await t.api('POST', `/api/workflows/${wf.body.id}/enable`)).body.warnings).toEqual(warnings)
    const list = await t.api('GET', `/api/apps/${appId}/workflows`)
    expect(list.body[0]).not.toHaveProperty('warnings')
    // A member who sees the workflow but does not manage it is not told who may read what.
    const seen = await asAlice('GET', `/api/workflows/${wf.body.id}`)
    expect(seen.status, seen.text).toBe(200)
    expect(seen.body.warnings).toEqual([])
  })

  it('says nothing once the rules let them read it all, nor for a workflow without a record', async () => {
    const form = await t.api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Ask auditors',
      trigger: { type: 'manual', config: { tableId } },
      steps: [{ id: 'ask', type: 'user-form', config: { title: 'Check', roles: ['auditor'], fields: [{ name: 'Note', type: 'text' }] } }],
    })
    expect(form.status, form.text).toBe(201)
    expect((form.body.warnings as Warning[]).map((w) => w.code)).toEqual(['assignee_cannot_read'])
    const rules = await t.api('PUT', `/api/tables/${tableId}/permissions`, {
      rules: [
        { role: 'member', actions: ['view'] },
        { role: 'auditor', actions: ['view'] },
      ],
    })
    expect(rules.status, rules.text).toBe(200)
    expect((await t.api('GET', `/api/workflows/${form.body.id}`)).body.warnings).toEqual([])

    const scheduled = await t.api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Weekly',
      trigger: { type: 'schedule', config: { cron: '0 9 * * 1' } },
      steps: [{ id: 'ok', type: 'approval', config: { title: 'Weekly sign-off', roles: ['auditor'] } }],
    })
    expect(scheduled.status, scheduled.text).toBe(201)
    expect(scheduled.body.warnings).toEqual([])
  })
  it('warns where a step names a role nobody in the company holds, even without a record', async () => {
    const wf = await t.api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Ask reviewers',
      trigger: { type: 'manual', config: {} },
      steps: [{ id: 'ask', type: 'approval', config: { title: 'Check', roles: ['auditor', 'reviewer'] } }],
    })
    expect(wf.status, wf.text).toBe(201)
    expect(wf.body.warnings).toEqual([
      {
        path: ['steps', 0, 'config', 'roles', 1],
        code: 'assignee_role_empty',
        message: "Role 'reviewer' is held by nobody in this company now: its task will wait until someone has it.",
        params: { who: { kind: 'role', id: 'reviewer', name: 'reviewer' }, table: '' },
      },
    ])
  })
})
