import { sql } from '@docpal/plugin-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { eventually } from '../support/second-server.ts'

/**
 * Workflows through the API (issue 18): record triggers with conditions, record actions with
 * variables, a condition branch, an approval answered in the task inbox, retries, cancel, versions.
 */
let t: TestServer
let appId: string
let deals: string
let invoices: string

type Run = { id: string; status: string; steps: Array<{ stepId: string; path: string; status: string; output: Record<string, unknown>; attempt: number; error: unknown }> }

async function runsOf(workflowId: string): Promise<Run[]> {
  return (await t.api('GET', `/api/workflows/${workflowId}/runs`)).body.runs
}

async function settled(workflowId: string, count: number, statuses = ['completed', 'failed', 'waiting', 'cancelled']): Promise<Run[]> {
  const runs = await eventually(
    () => runsOf(workflowId),
    (rs) => rs.length >= count && rs.every((r) => statuses.includes(r.status)),
    20_000,
  )
  return Promise.all(runs.map(async (r) => (await t.api('GET', `/api/workflow-runs/${r.id}`)).body as Run))
}

async function invoiceRows(): Promise<Array<{ id: string; fields: Record<string, unknown> }>> {
  return (await t.api('GET', `/api/tables/${invoices}/records?limit=200`)).body.records
}

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Sales' })).body.id
  deals = (
    await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Deals',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Stage', type: 'text' },
        { name: 'Amount', type: 'number' },
        { name: 'Note', type: 'text' },
      ],
    })
  ).body.id
  invoices = (
    await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Invoices',
      columns: [
        { name: 'Deal', type: 'text' },
        { name: 'Amount', type: 'number' },
        { name: 'Approved', type: 'text' },
      ],
    })
  ).body.id
})
afterAll(() => t?.close())

const wonWorkflow = () => ({
  name: 'Invoice won deals',
  trigger: { type: 'record-updated', config: { tableId: deals, fields: ['Stage'] }, conditions: { and: [{ field: 'Stage', op: 'eq', value: 'Won' }, { changed: 'Stage' }] } },
  steps: [
    { id: 'invoice', type: 'create-record', config: { tableId: invoices, fields: { Deal: '{{trigger.record.Name}}', Amount: '{{trigger.record.Amount}}' } } },
    {
      id: 'big',
      type: 'condition',
      config: { test: { left: '{{trigger.record.Amount}}', op: 'gt', right: 1000 } },
      branches: {
        then: [
          {
            id: 'approve',
            type: 'approval',
            config: { title: 'Approve invoice for {{trigger.record.Name}}', users: [t.owner.userId] },
            branches: {
              approve: [
                { id: 'mark', type: 'update-record', config: { tableId: invoices, recordId: '{{steps.invoice.id}}', fields: { Approved: 'yes by {{steps.approve.by}}' } } },
              ],
            },
          },
        ],
        else: [{ id: 'note', type: 'update-record', config: { tableId: deals, recordId: '{{trigger.recordId}}', fields: { Note: 'invoiced {{steps.invoice.id}}' } } }],
      },
    },
  ],
})

describe('workflow types', () => {
  it('lists the first-party triggers and actions with their config schemas', async () => {
    const r = await t.api('GET', '/api/workflow-types')
    expect(r.status).toBe(200)
    const triggers = r.body.triggers.map((x: { type: string }) => x.type)
    expect(triggers).toEqual(expect.arrayContaining(['record-created', 'record-updated', 'record-deleted', 'manual', 'schedule']))
    const condition = r.body.actions.find((a: { type: string }) => a.type === 'condition')
    expect(condition).toMatchObject({ plugin: 'action-condition', branches: ['then', 'else'], idempotent: true })
    expect(r.body.actions.find((a: { type: string }) => a.type === 'create-record').configSchema.properties.tableId).toBeDefined()
  })

  it("types every first-party action's outputs for the builder's pickers", async () => {
    const r = await t.api('GET', '/api/workflow-types')
    type A = { type: string; plugin: string; outputs: string[]; outputTypes: Record<string, string> }
    const actions = (r.body.actions as A[]).filter((a) => a.plugin.startsWith('action-'))
    expect(actions.length).toBeGreaterThanOrEqual(14)
    for (const a of actions) {
      expect(Object.keys(a.outputTypes).sort(), a.type).toEqual([...a.outputs].sort())
      for (const o of a.outputs) expect(a.outputTypes[o], `${a.type}.${o}`).not.toBe('unknown')
    }
    expect(actions.find((a) => a.type === 'create-record')?.outputTypes).toEqual({ id: 'id', record: 'record' })
    expect(actions.find((a) => a.type === 'condition')?.outputTypes).toEqual({ result: 'boolean' })
  })

  it('gives every first-party type its Chinese label and description, and a name for each fixed branch', async () => {
    const r = await t.api('GET', '/api/workflow-types')
    type Words = { label: string; description?: string; branches?: Record<string, string>; fields?: Record<string, string>; help?: Record<string, string> }
    type T = { type: string; plugin: string; label: string; description: string | null; branches?: string[]; translations: Record<string, Words>; configSchema: unknown }
    const deref = (node: unknown, root: unknown): unknown => {
      const ref = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)['$ref'] : undefined
      const defs = (root as Record<string, Record<string, unknown> | undefined>)['definitions'] ?? {}
      return typeof ref === 'string' ? defs[ref.split('/').pop() ?? ''] : node
    }
    /** Every property name of a JSON Schema, at any depth (through $ref, unions, items and map values); `described`: those with help text. */
    const names = (node: unknown, root: unknown, out = new Set<string>(), depth = 0, described = new Set<string>()): Set<string> => {
      node = deref(node, root)
      if (depth > 8 || typeof node !== 'object' || node === null) return out
      const n = node as Record<string, unknown>
      for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(n[k])) for (const x of n[k] as unknown[]) names(x, root, out, depth + 1, described)
      for (const [k, v] of Object.entries((n['properties'] as Record<string, unknown> | undefined) ?? {})) {
        if (typeof (deref(v, root) as Record<string, unknown> | undefined)?.['description'] === 'string') described.add(k)
        names(v, root, out.add(k), depth + 1, described)
      }
      names(n['items'], root, out, depth + 1, described)
      // A map's values (transform's outputs: name -> operation).
      names(n['additionalProperties'], root, out, depth + 1, described)
      return out
    }
    const all = [...(r.body.triggers as T[]), ...(r.body.actions as T[])].filter((x) => !x.plugin.startsWith('example'))
    expect(all.length).toBeGreaterThanOrEqual(21)
    for (const x of all) {
      const zh = x.translations['zh-CN']
      expect(zh, x.type).toBeDefined()
      expect(zh?.label, x.type).toMatch(/[\u4e00-\u9fff]/)
      if (x.description) expect(zh?.description, x.type).toMatch(/[\u4e00-\u9fff]/)
      for (const b of x.branches ?? []) expect(zh?.branches?.[b], `${x.type} branch ${b}`).toMatch(/[\u4e00-\u9fff]/)
      // The config form's field labels too: every property the builder draws a label for.
      const described = new Set<string>()
      for (const f of names(x.configSchema, x.configSchema, new Set(), 0, described)) expect(zh?.fields?.[f], `${x.type} config field ${f}`).toMatch(/[\u4e00-\u9fff]/)
      // And their help text (the schema's English descriptions).
      for (const f of described) expect(zh?.help?.[f], `${x.type} config help ${f}`).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(r.body.actions.find((a: T) => a.type === 'condition').translations['zh-CN']).toMatchObject({ label: '条件', branches: { then: '则', else: '否则' } })
  })
})

describe('definitions', () => {
  it('refuses unknown types, bad configs, foreign branches and unknown variables at their paths', async () => {
    const base = wonWorkflow()
    const cases: Array<[unknown, Array<string | number>]> = [
      [{ ...base, trigger: { type: 'nope', config: {} } }, ['trigger', 'type']],
      [{ ...base, trigger: { type: 'record-updated', config: { tableId: 'x' } } }, ['trigger', 'config', 'tableId']],
      [{ ...base, steps: [{ type: 'teleport', config: {} }] }, ['steps', 0, 'type']],
      [{ ...base, steps: [{ type: 'create-record', config: { fields: {} } }] }, ['steps', 0, 'config', 'tableId']],
      [{ ...base, steps: [{ type: 'condition', config: { test: { left: 1, op: 'eq', right: 1 } }, branches: { maybe: [] } }] }, ['steps', 0, 'branches', 'maybe']],
      [{ ...base, steps: [{ type: 'create-record', config: { tableId: invoices, fields: { Deal: '{{secrets.key}}' } } }] }, ['steps', 0, 'config', 'fields', 'Deal']],
      [
        {
          ...base,
          steps: [
            { id: 'a', type: 'delay', config: { minutes: 1 } },
            { id: 'a', type: 'delay', config: { minutes: 1 } },
          ],
        },
        ['steps', 1, 'id'],
      ],
    ]
    for (const [body, path] of cases) {
      const r = await t.api('POST', `/api/apps/${appId}/workflows`, body)
      expect(r.status, JSON.stringify(body).slice(0, 200)).toBe(400)
      expect(r.body.error.path).toEqual(path)
    }
  })

  it('saves versions: each PUT makes a new one', async () => {
    const w = (await t.api('POST', `/api/apps/${appId}/workflows`, { name: 'Draft', trigger: { type: 'manual', config: {} }, steps: [] })).body
    expect(w).toMatchObject({ version: 1, enabled: false, steps: [] })
    const v2 = await t.api('PUT', `/api/workflows/${w.id}`, { name: 'Draft 2', trigger: { type: 'manual', config: {} }, steps: [{ type: 'delay', config: { minutes: 0 } }] })
    expect(v2.status, v2.text).toBe(200)
    expect(v2.body).toMatchObject({ version: 2, name: 'Draft 2', steps: [{ id: 'delay_1', type: 'delay' }] })
    expect((await t.api('DELETE', `/api/workflows/${w.id}`)).status).toBe(204)
    expect((await t.api('GET', `/api/workflows/${w.id}`)).status).toBe(404)
  })
})

describe('a record trigger with conditions, variables, a branch and an approval', () => {
  let wf: string
  beforeAll(async () => {
    const r = await t.api('POST', `/api/apps/${appId}/workflows`, wonWorkflow())
    expect(r.status, r.text).toBe(201)
    wf = r.body.id
    expect((await t.api('POST', `/api/workflows/${wf}/enable`)).body.enabled).toBe(true)
  })

  it('runs once for a write that meets the conditions, none for one that does not', async () => {
    const small = (await t.api('POST', `/api/tables/${deals}/records`, { fields: { Name: 'Small', Stage: 'Open', Amount: 500 } })).body.id
    const lost = (await t.api('POST', `/api/tables/${deals}/records`, { fields: { Name: 'Lost', Stage: 'Open', Amount: 700 } })).body.id
    await t.api('PATCH', `/api/tables/${deals}/records/${lost}`, { fields: { Stage: 'Lost' } })
    await t.api('PATCH', `/api/tables/${deals}/records/${small}`, { fields: { Stage: 'Won' } })
    // Changing another field of a won deal: Stage did not change, so no second run.
    await t.api('PATCH', `/api/tables/${deals}/records/${small}`, { fields: { Amount: 600 } })
    const [run] = await settled(wf, 1)
    expect(run?.status).toBe('completed')
    expect(run?.steps.map((s) => [s.path, s.status])).toEqual([
      ['invoice', 'completed'],
      ['big', 'completed'],
      ['big/else/note', 'completed'],
    ])
    const invoiceId = String(run?.steps[0]?.output['id'])
    const rows = await invoiceRows()
    expect(rows.map((r) => r.fields)).toEqual([expect.objectContaining({ Deal: 'Small', Amount: 500 })])
    expect(rows[0]?.id).toBe(invoiceId)
    const deal = (await t.api('GET', `/api/tables/${deals}/records/${small}`)).body
    expect(deal.fields.Note).toBe(`invoiced ${invoiceId}`)
    // Only the Stage change to Won started a run, even after the others committed.
    await new Promise((r) => setTimeout(r, 300))
    expect(await runsOf(wf)).toHaveLength(1)
  })

  it('waits for the approver, who answers in the task inbox', async () => {
    const big = (await t.api('POST', `/api/tables/${deals}/records`, { fields: { Name: 'Big', Stage: 'Open', Amount: 5000 } })).body.id
    await t.api('PATCH', `/api/tables/${deals}/records/${big}`, { fields: { Stage: 'Won' } })
    const runs = await settled(wf, 2)
    const waiting = runs.find((r) => r.status === 'waiting')
    expect(waiting?.steps.map((s) => [s.path, s.status])).toEqual([
      ['invoice', 'completed'],
      ['big', 'completed'],
      ['big/then/approve', 'waiting'],
    ])
    const tasks = (await t.api('GET', '/api/tasks')).body
    expect(tasks).toHaveLength(1)
    expect(tasks[0]).toMatchObject({ kind: 'approval', title: 'Approve invoice for Big', workflowName: 'Invoice won deals', status: 'open' })
    // Someone not assigned may not answer it.
    const other = await t.signUp()
    expect((await t.as(other)('POST', `/api/tasks/${tasks[0].id}/complete`, { decision: 'approve' })).status).toBe(404)
    expect((await t.api('POST', `/api/tasks/${tasks[0].id}/complete`, {})).status).toBe(400)
    const done = await t.api('POST', `/api/tasks/${tasks[0].id}/complete`, { decision: 'approve', comment: 'fine' })
    expect(done.status, done.text).toBe(200)
    expect(done.body).toMatchObject({ status: 'done', outcome: { decision: 'approve', comment: 'fine' } })
    expect((await t.api('POST', `/api/tasks/${tasks[0].id}/complete`, { decision: 'reject' })).status).toBe(409)
    const after = await eventually(
      async () => (await t.api('GET', `/api/workflow-runs/${waiting?.id}`)).body as Run,
      (r) => r.status === 'completed',
      20_000,
    )
    expect(after.steps.map((s) => s.path)).toEqual(['invoice', 'big', 'big/then/approve', 'big/then/approve/approve/mark'])
    const invoice = (await invoiceRows()).find((r) => r.fields['Deal'] === 'Big')
    expect(invoice?.fields['Approved']).toBe(`yes by ${t.owner.userId}`)
    expect((await t.api('GET', '/api/tasks')).body).toHaveLength(0)
  })

  it('writes the run events to the audit log', async () => {
    const r = await t.api('GET', '/api/audit/logs?limit=200')
    expect(r.status, r.text).toBe(200)
    const actions = new Set(r.body.entries.map((e: { action: string }) => e.action))
    for (const a of [
      'workflow.create',
      'workflow.enable',
      'workflow.triggered',
      'workflow.started',
      'workflow.action.executed',
      'workflow.paused',
      'workflow.resumed',
      'workflow.completed',
    ])
      expect(actions).toContain(a)
  })
})

describe('failures, retries and cancellation', () => {
  it('fails a step after its attempts, and a retry goes on from that step once the cause is fixed', async () => {
    const w = (
      await t.api('POST', `/api/apps/${appId}/workflows`, {
        name: 'Manual fix',
        trigger: { type: 'manual', config: {} },
        steps: [
          { id: 'first', type: 'create-record', config: { tableId: invoices, fields: { Deal: 'from manual {{trigger.input.n}}' } } },
          { id: 'second', type: 'create-record', config: { tableId: invoices, fields: { Deal: 'second', Missing: 'x' } } },
        ],
      })
    ).body
    expect((await t.api('POST', `/api/workflows/${w.id}/run`, {})).status).toBe(409)
    await t.api('POST', `/api/workflows/${w.id}/enable`)
    const started = await t.api('POST', `/api/workflows/${w.id}/run`, { input: { n: 7 } })
    expect(started.status, started.text).toBe(202)
    const run = await eventually(
      async () => (await t.api('GET', `/api/workflow-runs/${started.body.id}`)).body as Run & { error: { message: string } },
      (r) => r.status === 'failed',
      20_000,
    )
    expect(run.steps.map((s) => [s.stepId, s.status, s.attempt])).toEqual([
      ['first', 'completed', 1],
      ['second', 'failed', 3],
    ])
    expect(run.error.message).toMatch(/Missing/)
    await t.api('POST', `/api/tables/${invoices}/columns`, { name: 'Missing', type: 'text' })
    const retried = await t.api('POST', `/api/workflow-runs/${run.id}/retry`)
    expect(retried.status, retried.text).toBe(200)
    const done = await eventually(
      async () => (await t.api('GET', `/api/workflow-runs/${run.id}`)).body as Run,
      (r) => r.status === 'completed',
      20_000,
    )
    expect(done.steps.map((s) => [s.stepId, s.attempt])).toEqual([
      ['first', 1],
      ['second', 4],
    ])
    // The first step's record was made once, the second once.
    const rows = await invoiceRows()
    expect(rows.filter((r) => r.fields['Deal'] === 'from manual 7')).toHaveLength(1)
    expect(rows.filter((r) => r.fields['Deal'] === 'second')).toHaveLength(1)
    expect((await t.api('POST', `/api/workflow-runs/${run.id}/retry`)).status).toBe(409)
  }, 30_000)

  it('a failed run is retried as the version fixed since (?version=current), keeping the steps it completed', async () => {
    const steps = (deal: string) => [
      { id: 'first', type: 'create-record', config: { tableId: invoices, fields: { Deal: 'v-first' } } },
      { id: 'second', type: 'create-record', config: { tableId: invoices, fields: deal ? { Deal: deal } : { Deal: 'x', Nowhere: 'x' } } },
    ]
    const w = (await t.api('POST', `/api/apps/${appId}/workflows`, { name: 'Fixed later', trigger: { type: 'manual', config: {} }, steps: steps('') })).body
    await t.api('POST', `/api/workflows/${w.id}/enable`)
    const started = await t.api('POST', `/api/workflows/${w.id}/run`, {})
    expect(started.status, started.text).toBe(202)
    const failed = await eventually(
      async () => (await t.api('GET', `/api/workflow-runs/${started.body.id}`)).body as Run & { version: number },
      (r) => r.status === 'failed',
      20_000,
    )
    // The step is fixed in a new version; the run asks for it by name.
    const saved = await t.api('PUT', `/api/workflows/${w.id}`, { name: 'Fixed later', trigger: { type: 'manual', config: {} }, steps: steps('v-second fixed') })
    expect(saved.status, saved.text).toBe(200)
    expect(saved.body.version).toBeGreaterThan(failed.version)
    const bad = await t.api('POST', `/api/workflow-runs/${failed.id}/retry?version=latest`)
    expect(bad.status).toBe(400)
    const retried = await t.api('POST', `/api/workflow-runs/${failed.id}/retry?version=current`)
    expect(retried.status, retried.text).toBe(200)
    expect(retried.body.version).toBe(saved.body.version)
    const done = await eventually(
      async () => (await t.api('GET', `/api/workflow-runs/${failed.id}`)).body as Run,
      (r) => r.status === 'completed',
      20_000,
    )
    expect(done.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['first', 'completed'],
      ['second', 'completed'],
    ])
    const rows = await invoiceRows()
    expect(rows.filter((r) => r.fields['Deal'] === 'v-first')).toHaveLength(1)
    expect(rows.filter((r) => r.fields['Deal'] === 'v-second fixed')).toHaveLength(1)
  }, 30_000)

  it('cancels a waiting run', async () => {
    const w = (
      await t.api('POST', `/api/apps/${appId}/workflows`, { name: 'Sleepy', trigger: { type: 'manual', config: {} }, steps: [{ type: 'delay', config: { minutes: 60 } }] })
    ).body
    await t.api('POST', `/api/workflows/${w.id}/enable`)
    const started = (await t.api('POST', `/api/workflows/${w.id}/run`, {})).body
    await eventually(
      async () => (await t.api('GET', `/api/workflow-runs/${started.id}`)).body as Run,
      (r) => r.status === 'waiting',
    )
    const c = await t.api('POST', `/api/workflow-runs/${started.id}/cancel`)
    expect(c.status, c.text).toBe(200)
    expect(c.body.status).toBe('cancelled')
    expect(c.body.steps[0].status).toBe('cancelled')
  })

  it('a test run runs a disabled workflow on a chosen record and answers its steps', async () => {
    const w = (
      await t.api('POST', `/api/apps/${appId}/workflows`, {
        name: 'On create',
        trigger: { type: 'record-created', config: { tableId: deals } },
        steps: [{ id: 'check', type: 'condition', config: { test: { left: '{{trigger.record.Amount}}', op: 'gte', right: 10 } } }],
      })
    ).body
    const rec = (await t.api('POST', `/api/tables/${deals}/records`, { fields: { Name: 'T', Amount: 20 } })).body.id
    const r = await t.api('POST', `/api/workflows/${w.id}/test`, { recordId: rec })
    expect(r.status, r.text).toBe(200)
    expect(r.body).toMatchObject({ status: 'completed', test: true, steps: [{ stepId: 'check', output: { result: true }, branch: 'then' }] })
    // Disabled: the record created above started no run of it.
    expect((await runsOf(w.id)).filter((x) => !(x as unknown as { test: boolean }).test)).toHaveLength(0)
  })

  it('a compacted table keeps its outbox triggers, and only the kinds of write its workflows listen to are copied', async () => {
    const table = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Compacted', columns: [{ name: 'Name', type: 'text' }] })).body.id as string
    const w = (await t.api('POST', `/api/apps/${appId}/workflows`, { name: 'On create', trigger: { type: 'record-created', config: { tableId: table } }, steps: [] })).body
    await t.api('POST', `/api/workflows/${w.id}/enable`)
    const ops = async () => {
      const name = (await t.server.kernel.db.one<{ n: string }>(sql`select table_name as n from data_tables where id = ${table}`))?.n ?? ''
      return (
        await t.server.kernel.db.query<{ g: string }>(
          sql`select tgname::text as g from pg_trigger where tgrelid = to_regclass(${name}::text) and tgname::text like 'docpal_wf_%' order by 1`,
        )
      ).map((r) => r.g)
    }
    expect(await ops()).toEqual(['docpal_wf_created'])
    expect((await t.api('POST', `/api/tables/${table}/compact`)).status).toBeLessThan(300)
    expect(await ops()).toEqual(['docpal_wf_created'])
    await t.api('POST', `/api/tables/${table}/records`, { fields: { Name: 'after compaction' } })
    const runs = await eventually(
      () => runsOf(w.id),
      (rs) => rs.length === 1 && rs[0]?.status === 'completed',
      20_000,
    )
    expect(runs).toHaveLength(1)
    await t.api('POST', `/api/workflows/${w.id}/disable`)
    expect(await ops()).toEqual([])
  })
})
