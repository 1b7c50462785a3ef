import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { eventually } from '../support/second-server.ts'

/**
 * Flow control of workflows (issue 18), through the API on both databases: loops over records
 * and lists, parallel branches (one waiting does not hold the others), sub-workflows (waited for
 * or not; nesting bounded), waits for events sent by another workflow or the API (with keys and
 * timeouts), and the company walls of workflows, runs, tasks and events.
 */
let t: TestServer
let appId: string
let lines: string
let log: string

type Step = { stepId: string; path: string; status: string; output: Record<string, unknown>; branch: string | null; error: { message: string } | null }
type Run = { id: string; status: string; error: { message?: string } | null; steps: Step[] }

const ENDED = ['completed', 'failed', 'cancelled']
const run = async (id: string) => (await t.api('GET', `/api/workflow-runs/${id}`)).body as Run
const until = (id: string, done: (r: Run) => boolean) => eventually(() => run(id), done, 30_000)
const ended = (id: string) => until(id, (r) => ENDED.includes(r.status))

async function workflow(body: Record<string, unknown>): Promise<string> {
  const r = await t.api('POST', `/api/apps/${appId}/workflows`, body)
  expect(r.status, r.text).toBe(201)
  expect((await t.api('POST', `/api/workflows/${r.body.id}/enable`)).status).toBe(200)
  return r.body.id
}

async function start(workflowId: string, input: Record<string, unknown> = {}): Promise<string> {
  const r = await t.api('POST', `/api/workflows/${workflowId}/run`, { input })
  expect(r.status, r.text).toBe(202)
  return r.body.id
}

const manual = (inputs: string[] = []) => ({ type: 'manual', config: { inputs: inputs.map((name) => ({ name, type: 'text' })) } })
const note = (id: string, text: string) => ({ id, type: 'create-record', config: { tableId: log, fields: { Note: text } } })
const notes = async () => ((await t.api('GET', `/api/tables/${log}/records?limit=200`)).body.records as Array<{ fields: { Note: string } }>).map((r) => r.fields.Note).sort()

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Flow' })).body.id
  const make = async (name: string, columns: Array<{ name: string; type: string }>) => (await t.api('POST', `/api/apps/${appId}/tables`, { name, columns })).body.id as string
  lines = await make('Lines', [
    { name: 'Name', type: 'text' },
    { name: 'Qty', type: 'number' },
    { name: 'Done', type: 'switch' },
  ])
  log = await make('Log', [{ name: 'Note', type: 'text' }])
  for (const [Name, Qty] of [
    ['bolt', 3],
    ['nut', 5],
    ['gear', 1],
    ['cog', 9],
  ] as const)
    expect((await t.api('POST', `/api/tables/${lines}/records`, { fields: { Name, Qty } })).status).toBe(201)
})
afterAll(async () => {
  await t?.close()
})

describe('loops', () => {
  it('runs its branch once per record a query finds, in order, with loop.<id>.item and .index', async () => {
    const wf = await workflow({
      name: 'Each line',
      trigger: manual(),
      steps: [
        {
          id: 'lines',
          type: 'loop',
          config: { tableId: lines, filter: { and: [{ field: 'Qty', op: 'gt', value: 2 }] }, sort: [{ field: 'Name', direction: 'asc' }] },
          branches: {
            each: [
              { id: 'mark', type: 'update-record', config: { tableId: lines, recordId: '{{loop.lines.item.id}}', fields: { Done: true } } },
              note('say', 'line {{loop.lines.index}}: {{loop.lines.item.fields.Name}} x{{loop.lines.item.fields.Qty}}'),
            ],
          },
        },
        note('after', 'walked {{steps.lines.count}}'),
      ],
    })
    const r = await ended(await start(wf))
    expect(r.status, JSON.stringify(r.error)).toBe('completed')
    expect(await notes()).toEqual(['line 0: bolt x3', 'line 1: cog x9', 'line 2: nut x5', 'walked 3'])
    expect(r.steps.map((s) => s.path)).toEqual(expect.arrayContaining(['lines', 'lines/each/0/mark', 'lines/each/2/say', 'after']))
    const done = (await t.api('GET', `/api/tables/${lines}/records?limit=10`)).body.records as Array<{ fields: { Name: string; Done: boolean | null } }>
    expect(
      done
        .filter((l) => l.fields.Done === true)
        .map((l) => l.fields.Name)
        .sort(),
    ).toEqual(['bolt', 'cog', 'nut'])
  })

  it('walks a list given as items, and refuses a list that is not one with the step failed and named', async () => {
    const wf = await workflow({
      name: 'Each item',
      trigger: manual(['list']),
      steps: [{ id: 'items', type: 'loop', config: { items: ['red', 'green'] }, branches: { each: [note('n', 'colour {{loop.items.item}}')] } }],
    })
    expect((await ended(await start(wf))).status).toBe('completed')
    expect(await notes()).toEqual(expect.arrayContaining(['colour red', 'colour green']))
    const bad = await workflow({
      name: 'Bad list',
      trigger: manual(['list']),
      steps: [{ id: 'items', type: 'loop', config: { items: '{{trigger.input.list}}' }, branches: { each: [] } }],
    })
    const r = await ended(await start(bad, { list: 'not a list' }))
    expect(r.status).toBe('failed')
    expect(r.steps[0]?.error?.message).toContain('items must be a list')
  })
})

describe('parallel branches', () => {
  it('runs every branch at once: one waiting for an approval does not hold the other, and the steps after wait for both', async () => {
    const wf = await workflow({
      name: 'Both ways',
      trigger: manual(),
      steps: [
        {
          id: 'fork',
          type: 'parallel',
          config: {},
          branches: {
            ask: [{ id: 'ok', type: 'approval', config: { title: 'Fork approval', users: [t.owner.userId] } }],
            work: [note('quick', 'quick branch done')],
          },
        },
        note('joined', 'joined after {{steps.ok.decision}}'),
      ],
    })
    const id = await start(wf)
    const waiting = await until(id, (r) => r.status === 'waiting' && r.steps.some((s) => s.stepId === 'quick' && s.status === 'completed'))
    expect(waiting.steps.find((s) => s.stepId === 'joined')).toBeUndefined()
    expect(await notes()).toContain('quick branch done')
    const task = ((await t.api('GET', '/api/tasks')).body as Array<{ id: string; title: string }>).find((x) => x.title === 'Fork approval')
    expect(task).toBeDefined()
    expect((await t.api('POST', `/api/tasks/${task?.id}/complete`, { decision: 'approve' })).status).toBe(200)
    expect((await ended(id)).status).toBe('completed')
    expect(await notes()).toContain('joined after approve')
  })

  it('refuses a branch name that is not step-id shaped, at its path', async () => {
    const r = await t.api('POST', `/api/apps/${appId}/workflows`, { name: 'Bad fork', trigger: manual(), steps: [{ id: 'f', type: 'parallel', branches: { 'Not OK': [] } }] })
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['steps', 0, 'branches', 'Not OK'])
  })
})

describe('sub-workflows', () => {
  it('starts a workflow with inputs, waits for its end and reads its steps; without wait goes on at once', async () => {
    const child = await workflow({ name: 'Child', trigger: manual(['who']), steps: [note('make', 'child for {{trigger.input.who}}')] })
    const parent = await workflow({
      name: 'Parent',
      trigger: manual(),
      steps: [
        {
          id: 'sub',
          type: 'run-workflow',
          config: { workflowId: child, input: { who: 'ada' } },
          branches: { completed: [note('then', 'child made {{steps.sub.steps.make.id}}')] },
        },
        { id: 'fire', type: 'run-workflow', config: { workflowId: child, input: { who: 'bob' }, wait: false } },
      ],
    })
    const r = await ended(await start(parent))
    expect(r.status, JSON.stringify(r.error)).toBe('completed')
    const sub = r.steps.find((s) => s.stepId === 'sub')
    expect(sub).toMatchObject({ status: 'completed', branch: 'completed' })
    expect(sub?.output['status']).toBe('completed')
    const made = (sub?.output['steps'] as Record<string, { id: string }>)['make']?.id
    expect(made).toMatch(/^[0-9a-f-]{36}$/)
    expect(await notes()).toContain(`child made ${made}`)
    const fired = r.steps.find((s) => s.stepId === 'fire')?.output['runId'] as string
    expect((await ended(fired)).status).toBe('completed')
    expect(await notes()).toEqual(expect.arrayContaining(['child for ada', 'child for bob']))
  })

  it('a failed sub-run takes the failed branch; a workflow starting itself stops at the nesting bound', async () => {
    const broken = await workflow({
      name: 'Broken',
      trigger: manual(),
      steps: [{ id: 'bad', type: 'update-record', config: { tableId: lines, recordId: '00000000-0000-4000-8000-000000000000', fields: { Qty: 1 } } }],
    })
    const caller = await workflow({
      name: 'Caller',
      trigger: manual(),
      steps: [{ id: 'sub', type: 'run-workflow', config: { workflowId: broken }, branches: { failed: [note('cleanup', 'sub-run failed')] } }],
    })
    const r = await ended(await start(caller))
    expect(r.status).toBe('completed')
    expect(r.steps.find((s) => s.stepId === 'sub')?.branch).toBe('failed')
    expect(await notes()).toContain('sub-run failed')

    const self = await t.api('POST', `/api/apps/${appId}/workflows`, { name: 'Self', trigger: manual(), steps: [] })
    const put = await t.api('PUT', `/api/workflows/${self.body.id}`, {
      name: 'Self',
      trigger: manual(),
      steps: [{ id: 'again', type: 'run-workflow', config: { workflowId: self.body.id } }],
    })
    expect(put.status, put.text).toBe(200)
    expect((await t.api('POST', `/api/workflows/${self.body.id}/enable`)).status).toBe(200)
    const top = await ended(await start(self.body.id))
    // Six runs deep: the innermost cannot start a seventh and fails; each parent's step ends on
    // its unhandled 'failed' branch, so the failure goes up to the top.
    expect(top.status).toBe('failed')
    expect(top.error?.message).toContain("ended on its 'failed' branch")
    const runs = (await t.api('GET', `/api/workflows/${self.body.id}/runs`)).body.runs as Array<{ id: string; status: string; error: { message?: string } | null }>
    expect(runs.length).toBe(6)
    expect(runs.every((x) => x.status === 'failed')).toBe(true)
    expect(runs.some((x) => (x.error?.message ?? '').includes('nest at most 5 deep'))).toBe(true)
  })

  it('cancelling a run cancels the sub-runs it started, however deep, and closes their tasks; a finished sibling stays', async () => {
    const leaf = await workflow({ name: 'Leaf', trigger: manual(), steps: [{ id: 'ok', type: 'approval', config: { title: 'Leaf approval', users: [t.owner.userId] } }] })
    const middle = await workflow({ name: 'Middle', trigger: manual(), steps: [{ id: 'deeper', type: 'run-workflow', config: { workflowId: leaf } }] })
    const quick = await workflow({ name: 'Quick', trigger: manual(), steps: [note('quick', 'quick child done')] })
    const top = await workflow({
      name: 'Top',
      trigger: manual(),
      steps: [
        { id: 'fast', type: 'run-workflow', config: { workflowId: quick } },
        { id: 'sub', type: 'run-workflow', config: { workflowId: middle } },
      ],
    })
    const topRun = await start(top)
    await until(topRun, (r) => r.status === 'waiting')
    const leafRuns = async () => (await t.api('GET', `/api/workflows/${leaf}/runs`)).body.runs as Array<{ id: string; status: string }>
    const [leafRun] = await eventually(leafRuns, (rs) => rs[0]?.status === 'waiting', 30_000)
    const [middleRun] = (await t.api('GET', `/api/workflows/${middle}/runs`)).body.runs as Array<{ id: string; status: string }>
    const [quickRun] = (await t.api('GET', `/api/workflows/${quick}/runs`)).body.runs as Array<{ id: string; status: string }>
    expect(middleRun?.status).toBe('waiting')
    expect(quickRun?.status).toBe('completed')
    const open = (await t.api('GET', '/api/tasks')).body as Array<{ id: string; title: string }>
    expect(open.some((x) => x.title === 'Leaf approval')).toBe(true)

    const cancelled = await t.api('POST', `/api/workflow-runs/${topRun}/cancel`, {})
    expect(cancelled.status, cancelled.text).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    expect((await run(middleRun!.id)).status).toBe('cancelled')
    expect((await run(leafRun!.id)).status).toBe('cancelled')
    expect((await run(leafRun!.id)).steps.find((x) => x.stepId === 'ok')?.status).toBe('cancelled')
    expect((await run(quickRun!.id)).status).toBe('completed')
    expect(((await t.api('GET', '/api/tasks')).body as Array<{ title: string }>).some((x) => x.title === 'Leaf approval')).toBe(false)
    // A second cancel is a conflict, not a second cascade; each sub-run's cancel is in the audit log, naming the run cancelled.
    expect((await t.api('POST', `/api/workflow-runs/${topRun}/cancel`, {})).status).toBe(409)
    const audit = await t.api('GET', '/api/audit/logs?action=workflow.cancelled&limit=50')
    expect(audit.status, audit.text).toBe(200)
    const byParent = (audit.body.entries as Array<{ metadata?: { parentCancelled?: string } }>).filter((e) => e.metadata?.parentCancelled === topRun)
    expect(byParent).toHaveLength(2)
  })
})

describe('events', () => {
  it('a run waits for an event with its key, sent by another workflow; other keys do not wake it', async () => {
    const waiter = await workflow({
      name: 'Waits for payment',
      trigger: manual(['order']),
      steps: [
        {
          id: 'paid',
          type: 'wait-for-event',
          config: { name: 'invoice.paid', key: '{{trigger.input.order}}' },
          branches: { received: [note('got', 'paid {{steps.paid.data.amount}} for {{steps.paid.key}}')] },
        },
      ],
    })
    const sender = await workflow({
      name: 'Sends payment',
      trigger: manual(['order', 'amount']),
      steps: [{ id: 'send', type: 'send-event', config: { name: 'invoice.paid', key: '{{trigger.input.order}}', data: { amount: '{{trigger.input.amount}}' } } }],
    })
    const a = await start(waiter, { order: 'A-1' })
    const b = await start(waiter, { order: 'B-2' })
    await until(a, (r) => r.status === 'waiting')
    await until(b, (r) => r.status === 'waiting')
    const sent = await ended(await start(sender, { order: 'A-1', amount: '120' }))
    expect(sent.steps[0]?.output).toEqual({ resumed: 1 })
    expect((await ended(a)).status).toBe('completed')
    expect(await notes()).toContain('paid 120 for A-1')
    expect((await run(b)).status).toBe('waiting')
    // Through the API: a wrong key resumes nobody, the right one resumes B; a second send finds nobody.
    expect((await t.api('POST', '/api/workflow-events', { name: 'invoice.paid', key: 'Z-9', data: { amount: 1 } })).body).toEqual({ resumed: 0 })
    expect((await t.api('POST', '/api/workflow-events', { name: 'invoice.paid', key: 'B-2', data: { amount: 7 } })).body).toEqual({ resumed: 1 })
    expect((await t.api('POST', '/api/workflow-events', { name: 'invoice.paid', key: 'B-2', data: { amount: 7 } })).body).toEqual({ resumed: 0 })
    expect((await ended(b)).status).toBe('completed')
    expect(await notes()).toContain('paid 7 for B-2')
  })

  it('times out on its timeout branch, and refuses bad events with a 400 at the field', async () => {
    const wf = await workflow({
      name: 'Impatient',
      trigger: manual(),
      steps: [{ id: 'w', type: 'wait-for-event', config: { name: 'never.comes', timeoutMinutes: 0.01 }, branches: { timeout: [note('late', 'gave up waiting')] } }],
    })
    const r = await ended(await start(wf))
    expect(r.status).toBe('completed')
    expect(r.steps.find((s) => s.stepId === 'w')?.branch).toBe('timeout')
    expect(await notes()).toContain('gave up waiting')
    const bad = await t.api('POST', '/api/workflow-events', { name: '', data: {} })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['name'])
    expect((await t.api('POST', '/api/workflow-events', { name: 'x', extra: 1 })).status).toBe(400)
  })
})

describe('form submitted', () => {
  it("starts on a create through the table's form only, in the writer's transaction, with trigger.source", async () => {
    const forms = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Signups', columns: [{ name: 'Email', type: 'text' }] })).body.id as string
    const wf = await workflow({
      name: 'On signup form',
      trigger: { type: 'form-submitted', config: { tableId: forms } },
      steps: [note('thanks', 'form from {{trigger.record.Email}} via {{trigger.source}}')],
    })
    const viaForm = await t.api('POST', `/api/tables/${forms}/records?via=form`, { fields: { Email: 'ada@example.com' } })
    expect(viaForm.status, viaForm.text).toBe(201)
    // Not on a plain API create, a bulk create, or a form submission refused by validation.
    expect((await t.api('POST', `/api/tables/${forms}/records`, { fields: { Email: 'api@example.com' } })).status).toBe(201)
    expect((await t.api('POST', `/api/tables/${forms}/records/bulk`, { records: [{ fields: { Email: 'bulk@example.com' } }] })).status).toBe(201)
    expect((await t.api('POST', `/api/tables/${forms}/records?via=form`, { fields: { Nope: 1 } })).status).toBe(400)
    expect((await t.api('POST', `/api/tables/${forms}/records?via=api`, { fields: { Email: 'x' } })).status).toBe(400)
    const runs = await eventually(
      async () => (await t.api('GET', `/api/workflows/${wf}/runs`)).body.runs as Array<{ id: string; status: string }>,
      (r) => r.length > 0 && r.every((x) => ENDED.includes(x.status)),
      30_000,
    )
    expect(runs.length).toBe(1)
    expect(await notes()).toContain('form from ada@example.com via form')
    expect(await notes()).not.toContain('form from api@example.com via form')
  })
})

describe('manual buttons', () => {
  it("lists a table's run buttons with their inputs, runs one on a record (trigger.record), and checks required inputs", async () => {
    const wf = await workflow({
      name: 'Reorder',
      trigger: { type: 'manual', config: { tableId: lines, inputs: [{ name: 'Why', type: 'text', required: true }] } },
      steps: [note('asked', 'reorder {{trigger.record.Name}} because {{trigger.input.Why}}')],
    })
    await workflow({ name: 'Elsewhere', trigger: { type: 'manual', config: { tableId: log } }, steps: [] })
    const buttons = (await t.api('GET', `/api/tables/${lines}/workflow-buttons`)).body as Array<{ id: string; name: string; inputs: unknown[] }>
    expect(buttons.map((b) => b.name)).toEqual(['Reorder'])
    expect(buttons[0]?.inputs).toEqual([{ name: 'Why', type: 'text', required: true }])
    const gear = ((await t.api('GET', `/api/tables/${lines}/records?limit=10`)).body.records as Array<{ id: string; fields: { Name: string } }>).find(
      (r) => r.fields.Name === 'gear',
    )
    const missing = await t.api('POST', `/api/workflows/${wf}/run`, { recordId: gear?.id, input: {} })
    expect(missing.status).toBe(400)
    expect(missing.body.error.path).toEqual(['input', 'Why'])
    expect((await t.api('POST', `/api/workflows/${wf}/run`, { recordId: '00000000-0000-4000-8000-000000000000', input: { Why: 'x' } })).status).toBe(404)
    const started = await t.api('POST', `/api/workflows/${wf}/run`, { recordId: gear?.id, input: { Why: 'low stock' } })
    expect(started.status, started.text).toBe(202)
    expect((await ended(started.body.id)).status).toBe('completed')
    expect(await notes()).toContain('reorder gear because low stock')
    const stranger = t.as(await t.signUp({ email: 'buttons@example.com' }))
    expect((await stranger('GET', `/api/tables/${lines}/workflow-buttons`)).body).toEqual([])
  })
})

describe('company walls', () => {
  it("another company's person gets 404 for this company's workflows, runs and tasks, and its events wake nothing here", async () => {
    const wf = await workflow({
      name: 'Walled',
      trigger: manual(),
      steps: [
        { id: 'ok', type: 'approval', config: { title: 'Walled approval', users: [t.owner.userId] } },
        { id: 'w', type: 'wait-for-event', config: { name: 'walled.event' } },
      ],
    })
    const id = await start(wf)
    await until(id, (r) => r.status === 'waiting')
    const task = ((await t.api('GET', '/api/tasks')).body as Array<{ id: string; title: string }>).find((x) => x.title === 'Walled approval')
    const stranger = t.as(await t.signUp({ email: 'walls@example.com' }))
    for (const [method, path, body] of [
      ['GET', `/api/workflows/${wf}`],
      ['PUT', `/api/workflows/${wf}`, { name: 'x', trigger: manual(), steps: [] }],
      ['POST', `/api/workflows/${wf}/run`, { input: {} }],
      ['GET', `/api/workflows/${wf}/runs`],
      ['GET', `/api/workflow-runs/${id}`],
      ['POST', `/api/workflow-runs/${id}/cancel`],
      ['POST', `/api/workflow-runs/${id}/retry`],
      ['POST', `/api/tasks/${task?.id}/complete`, { decision: 'approve' }],
    ] as const) {
      const r = await stranger(method, path, body)
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(404)
    }
    expect(((await stranger('GET', '/api/tasks')).body as unknown[]).length).toBe(0)
    expect((await t.api('POST', `/api/tasks/${task?.id}/complete`, { decision: 'approve' })).status).toBe(200)
    await until(id, (r) => r.steps.some((s) => s.stepId === 'w' && s.status === 'waiting'))
    expect((await stranger('POST', '/api/workflow-events', { name: 'walled.event' })).body).toEqual({ resumed: 0 })
    expect((await run(id)).status).toBe('waiting')
    expect((await t.api('POST', '/api/workflow-events', { name: 'walled.event' })).body).toEqual({ resumed: 1 })
    expect((await ended(id)).status).toBe('completed')
  })
})
