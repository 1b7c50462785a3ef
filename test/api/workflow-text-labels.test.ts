import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { eventually } from '../support/second-server.ts'

/**
 * A record's values written into a step's text read as the grid shows them (issue 18): a select
 * by its option's label, a relation by its linked records' names, a number as typed, both before
 * and after an update; the same variable standing alone keeps the stored value, so copying a
 * select into another record copies the option. Record triggers, manual runs and test runs alike.
 */
let t: TestServer
let appId = ''
let deals = ''
let log = ''
const OPTIONS = [
  { id: 'opt_new', label: 'New lead' },
  { id: 'opt_won', label: 'Won' },
]

type Run = { id: string; status: string; error: { message?: string } | null }
const ended = (id: string) =>
  eventually(
    async () => (await t.api('GET', `/api/workflow-runs/${id}`)).body as Run,
    (r) => ['completed', 'failed', 'cancelled'].includes(r.status),
    30_000,
  )
const notes = async () => ((await t.api('GET', `/api/tables/${log}/records?limit=100`)).body.records as Array<{ fields: { Note: string } }>).map((r) => r.fields.Note).sort()
const note = (id: string, text: string) => ({ id, type: 'create-record', config: { tableId: log, fields: { Note: text } } })

async function workflow(body: Record<string, unknown>): Promise<string> {
  const r = await t.api('POST', `/api/apps/${appId}/workflows`, body)
  expect(r.status, r.text).toBe(201)
  expect((await t.api('POST', `/api/workflows/${r.body.id}/enable`)).status).toBe(200)
  return r.body.id as string
}

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Labels' })).body.id
  const make = async (name: string, columns: Array<Record<string, unknown>>) => {
    const r = await t.api('POST', `/api/apps/${appId}/tables`, { name, columns })
    expect(r.status, r.text).toBe(201)
    return r.body.id as string
  }
  const companies = await make('Companies', [{ name: 'Name', type: 'text' }])
  deals = await make('Deals', [
    { name: 'Name', type: 'text' },
    { name: 'Stage', type: 'single_select', config: { options: OPTIONS } },
    { name: 'Amount', type: 'number', config: { precision: 2 } },
    { name: 'Company', type: 'relation', config: { targetTableId: companies } },
  ])
  log = await make('Log', [{ name: 'Note', type: 'text' }])
  const acme = await t.api('POST', `/api/tables/${companies}/records`, { fields: { Name: 'Acme' } })
  expect(acme.status, acme.text).toBe(201)
  const globex = await t.api('POST', `/api/tables/${companies}/records`, { fields: { Name: 'Globex' } })
  expect(globex.status, globex.text).toBe(201)
  companyIds = [acme.body.id, globex.body.id]
})
afterAll(() => t?.close())
let companyIds: string[] = []

describe('record values in text', () => {
  it('record triggers write labels, names and numbers into text, before and after an update', async () => {
    const created = await workflow({
      name: 'Announce',
      trigger: { type: 'record-created', config: { tableId: deals } },
      steps: [note('say', 'New: {{trigger.record.Name}} for {{trigger.record.Company}} in {{trigger.record.Stage}} at {{trigger.record.Amount}}')],
    })
    const updated = await workflow({
      name: 'Moved',
      trigger: { type: 'record-updated', config: { tableId: deals, fields: ['Stage'] } },
      steps: [
        note('say', 'Moved {{trigger.record.Name}} from {{trigger.before.Stage}} to {{trigger.record.Stage}}'),
        // Standing alone, the variable is the stored option: the copy is in the same stage.
        { id: 'copy', type: 'create-record', config: { tableId: deals, fields: { Name: 'copy of {{trigger.record.Name}}', Stage: '{{trigger.record.Stage}}' } } },
      ],
    })
    const deal = await t.api('POST', `/api/tables/${deals}/records`, { fields: { Name: 'Rocket', Stage: 'opt_new', Amount: 1250.5, Company: companyIds } })
    expect(deal.status, deal.text).toBe(201)
    await eventually(notes, (n) => n.length === 1, 30_000)
    expect(await notes()).toEqual(['New: Rocket for Acme, Globex in New lead at 1250.5'])

    const moved = await t.api('PATCH', `/api/tables/${deals}/records/${deal.body.id}`, { fields: { Stage: 'opt_won' } })
    expect(moved.status, moved.text).toBe(200)
    await eventually(notes, (n) => n.length === 3, 30_000)
    const texts = await notes()
    expect(texts).toContain('Moved Rocket from New lead to Won')
    const copies = (await t.api('GET', `/api/tables/${deals}/records?cellFormat=label&limit=10`)).body.records as Array<{ fields: { Name: string; Stage: string } }>
    expect(copies.find((r) => r.fields.Name === 'copy of Rocket')?.fields.Stage).toBe('Won')
    // The copy's creation announced itself, in its stage's label and with no company.
    expect(texts).toContain('New: copy of Rocket for  in Won at ')
    for (const id of [created, updated]) expect((await t.api('POST', `/api/workflows/${id}/disable`)).status).toBe(200)
  })

  it('a manual run on a record and a test run write the same labels', async () => {
    const rocket = ((await t.api('GET', `/api/tables/${deals}/records?limit=10`)).body.records as Array<{ id: string; fields: { Name: string } }>).find(
      (r) => r.fields.Name === 'Rocket',
    )
    const button = await workflow({
      name: 'Remind',
      trigger: { type: 'manual', config: { tableId: deals } },
      steps: [note('say', 'Remind {{trigger.record.Company}} about {{trigger.record.Stage}}')],
    })
    const started = await t.api('POST', `/api/workflows/${button}/run`, { recordId: rocket?.id, input: {} })
    expect(started.status, started.text).toBe(202)
    expect((await ended(started.body.id)).status).toBe('completed')
    expect(await notes()).toContain('Remind Acme, Globex about Won')

    const hook = await workflow({
      name: 'Try me',
      trigger: { type: 'record-created', config: { tableId: deals } },
      steps: [note('say', 'Tried {{trigger.record.Stage}}')],
    })
    const tried = await t.api('POST', `/api/workflows/${hook}/test`, { recordId: rocket?.id })
    expect(tried.status, tried.text).toBe(200)
    expect(tried.body.status).toBe('completed')
    expect(await notes()).toContain('Tried Won')
  })
})
