import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { eventually } from '../support/second-server.ts'
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts'
import { rawRequest } from '../support/raw-request.ts'

/**
 * The workflow plugins beyond the first slice (issue 18), through the API on both databases:
 * action-send-email (real SMTP sink; once per step however often retried), action-call-webhook
 * (a local HTTP server; allowed hosts, Idempotency-Key, bounded answers), action-transform, and
 * trigger-webhook (the public hook URL: secret, signature, body shape, size).
 */
let t: TestServer
let sink: SmtpSink
let appId: string
let orders: string
let receiver: Server
let receiverUrl: string
const calls: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = []
/** How the receiver answers each path: status and body (`fail-once` paths fail on their first call). */
const seen = new Map<string, number>()

type StepErrorBody = { message: string; code?: string; messages?: Record<string, string> }
type Step = { stepId: string; path: string; status: string; output: Record<string, unknown>; attempt: number; error: StepErrorBody | null }
type Run = { id: string; status: string; trigger: Record<string, unknown>; steps: Step[]; error: StepErrorBody | null }

async function runOnce(workflowId: string, input: Record<string, unknown> = {}): Promise<Run> {
  const started = await t.api('POST', `/api/workflows/${workflowId}/run`, { input })
  expect(started.status, started.text).toBe(202)
  return finished(started.body.id)
}

async function finished(runId: string): Promise<Run> {
  return eventually(
    async () => (await t.api('GET', `/api/workflow-runs/${runId}`)).body as Run,
    (r) => ['completed', 'failed', 'cancelled', 'waiting'].includes(r.status),
    30_000,
  )
}

async function workflow(body: Record<string, unknown>): Promise<string> {
  const r = await t.api('POST', `/api/apps/${appId}/workflows`, body)
  expect(r.status, r.text).toBe(201)
  expect((await t.api('POST', `/api/workflows/${r.body.id}/enable`)).status).toBe(200)
  return r.body.id
}

const manual = (inputs: Array<{ name: string; type?: string }> = []) => ({ type: 'manual', config: { inputs } })

beforeAll(async () => {
  sink = await startSmtpSink()
  t = await startTestServer({ mail: { smtp: { url: sink.url }, from: 'DocPal Test <docpal@example.com>', timeoutMs: 3000 } })
  appId = (await t.api('POST', '/api/apps', { name: 'Shop' })).body.id
  orders = (
    await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Orders',
      columns: [
        { name: 'Customer', type: 'text' },
        { name: 'Total', type: 'number' },
        { name: 'Remote id', type: 'text' },
      ],
    })
  ).body.id
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = req.url ?? '/'
      calls.push({ method: req.method ?? '', url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      const n = (seen.get(url) ?? 0) + 1
      seen.set(url, n)
      if (url.startsWith('/fail-once') && n === 1) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('busy, try again')
        return
      }
      if (url.startsWith('/big')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ blob: 'x'.repeat(50_000) }))
        return
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: { id: `R-${n}`, echo: chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null }, ok: true }))
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
}, 60_000)
afterAll(async () => {
  await t?.close()
  await sink?.close()
  await new Promise((resolve) => receiver?.close(resolve))
})

describe('action-send-email', () => {
  it('mails addresses and users with record data; HTML values are escaped', async () => {
    const wf = await workflow({
      name: 'Mail the customer',
      trigger: manual([{ name: 'Name' }, { name: 'Email' }]),
      steps: [
        {
          id: 'mail',
          type: 'send-email',
          config: {
            to: ['{{trigger.input.Email}}', t.owner.userId],
            subject: 'Order for {{trigger.input.Name}}',
            text: 'Hello {{trigger.input.Name}}, thanks.',
            html: '<p>Hello <b>{% trigger.input.Name %}</b></p>',
          },
        },
      ],
    })
    const run = await runOnce(wf, { Name: 'Ada <script>x</script>', Email: 'Ada@Example.com' })
    expect(run.status, JSON.stringify(run.steps)).toBe('completed')
    expect(run.steps[0]?.output).toEqual({ recipients: ['ada@example.com', t.owner.email.toLowerCase()], sent: 2 })
    const ada = await sink.next('ada@example.com')
    expect(ada.subject).toBe('Order for Ada <script>x</script>')
    expect(ada.text.trim()).toBe('Hello Ada <script>x</script>, thanks.')
    expect(ada.html).toContain('<b>Ada &lt;script&gt;x&lt;/script&gt;</b>')
    expect(ada.html).not.toContain('<script>')
    // The owner's sign-up mail came first: look for this workflow's mail among theirs.
    const owners = await eventually(
      () => Promise.resolve(sink.mails.filter((m) => m.to.includes(t.owner.email.toLowerCase()) && m.subject.startsWith('Order for'))),
      (ms) => ms.length > 0,
    )
    expect(owners.map((m) => m.subject)).toEqual(['Order for Ada <script>x</script>'])
  })

  it('refuses {{variables}} in html (they would not be escaped) and a user of another company', async () => {
    const bad = await t.api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Unsafe',
      trigger: manual(),
      steps: [{ id: 'mail', type: 'send-email', config: { to: 'a@example.com', subject: 's', text: 't', html: '<b>{{trigger.input.Name}}</b>' } }],
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['steps', 0, 'config', 'html'])
    const stranger = await t.signUp({ email: 'stranger@example.com' })
    const wf = await workflow({ name: 'Stranger', trigger: manual(), steps: [{ id: 'mail', type: 'send-email', config: { to: [stranger.userId], subject: 's', text: 't' } }] })
    const run = await runOnce(wf)
    expect(run.status).toBe('failed')
    expect(run.steps[0]?.error?.message).toContain('is not a member of this company')
    expect(sink.mails.some((m) => m.to.includes('stranger@example.com') && m.subject === 's')).toBe(false)
  })

  it('mails each recipient once per step, through retries and a retried run', async () => {
    sink.refuse('refused@example.com')
    const wf = await workflow({
      name: 'Partly refused',
      trigger: manual(),
      steps: [{ id: 'mail', type: 'send-email', config: { to: 'once@example.com, refused@example.com', subject: 'Once only', text: 'hi' } }],
    })
    const run = await runOnce(wf)
    expect(run.status).toBe('failed')
    expect(run.steps[0]).toMatchObject({ status: 'failed', attempt: 3 })
    const retried = await t.api('POST', `/api/workflow-runs/${run.id}/retry`)
    expect(retried.status, retried.text).toBe(200)
    const again = await finished(run.id)
    expect(again.status).toBe('failed')
    const onceMails = sink.mails.filter((m) => m.to.includes('once@example.com') && m.subject === 'Once only')
    expect(onceMails).toHaveLength(1)
  }, 60_000)
})

describe("a run's errors in the reader's language", () => {
  it('a catalogued kernel error keeps its code and is stored in Chinese too', async () => {
    const missing = '0194e0c5-0000-7000-8000-000000000001'
    const wf = await workflow({
      name: 'Touch a gone record',
      trigger: manual(),
      steps: [{ id: 'touch', type: 'update-record', config: { tableId: orders, recordId: missing, fields: { Customer: 'x' } } }],
    })
    const run = await runOnce(wf)
    expect(run.status).toBe('failed')
    const error = run.steps[0]?.error
    expect(error?.code).toBe('KRN_ERR_NOT_FOUND')
    expect(error?.message).toContain(missing)
    expect(error?.messages?.['zh-CN']).toContain(missing)
    expect(error?.messages?.['zh-CN']).toMatch(/不存在/)
    expect(run.error).toMatchObject({ code: 'KRN_ERR_NOT_FOUND', messages: error?.messages, step: 'touch', attempt: 3, attempts: 3 })
  }, 30_000)
})

describe('action-call-webhook', () => {
  it('calls only hosts the admin allows, with a clear step error otherwise', async () => {
    const wf = await workflow({ name: 'Nowhere', trigger: manual(), steps: [{ id: 'call', type: 'call-webhook', config: { url: `${receiverUrl}/nowhere` } }] })
    const run = await runOnce(wf)
    expect(run.status).toBe('failed')
    expect(run.steps[0]?.error?.message).toContain("host '127.0.0.1:")
    expect(run.steps[0]?.error?.message).toContain('allowedHosts')
    // The action words it in Chinese too (StepError + its translations' errors): stored for the run history.
    expect(run.steps[0]?.error?.messages?.['zh-CN']).toMatch(/^不允许访问主机“127\.0\.0\.1:\d+”/)
    expect(run.error?.messages?.['zh-CN']).toBe(run.steps[0]?.error?.messages?.['zh-CN'])
    expect(calls.some((c) => c.url === '/nowhere')).toBe(false)
    const settings = await t.api('PUT', '/api/plugins/action-call-webhook/settings', { allowedHosts: ['127.0.0.1'], maxResponseBytes: 10_000 })
    expect(settings.status, settings.text).toBe(200)
  }, 30_000)

  it('sends method, headers, a body template and one Idempotency-Key across retries; maps the JSON answer into variables', async () => {
    const wf = await workflow({
      name: 'Push order',
      trigger: manual([{ name: 'Customer' }, { name: 'Total', type: 'number' }]),
      steps: [
        {
          id: 'push',
          type: 'call-webhook',
          config: {
            method: 'PUT',
            url: `${receiverUrl}/fail-once/orders?c={{trigger.input.Customer}}`,
            headers: { 'X-Api-Key': 'k-{{trigger.input.Customer}}' },
            body: { customer: '{{trigger.input.Customer}}', total: '{{trigger.input.Total}}' },
            outputs: { remoteId: 'data.id', total: 'data.echo.total', missing: 'data.nope' },
          },
        },
        {
          id: 'save',
          type: 'create-record',
          config: { tableId: orders, fields: { Customer: '{{trigger.input.Customer}}', Total: '{{steps.push.total}}', 'Remote id': '{{steps.push.remoteId}}' } },
        },
      ],
    })
    const run = await runOnce(wf, { Customer: 'Bob', Total: 42 })
    expect(run.status, JSON.stringify(run.steps)).toBe('completed')
    const mine = calls.filter((c) => c.url === '/fail-once/orders?c=Bob')
    expect(mine).toHaveLength(2)
    expect(mine[0]?.method).toBe('PUT')
    expect(mine[0]?.headers['x-api-key']).toBe('k-Bob')
    expect(mine[0]?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(mine[0]?.body ?? '')).toEqual({ customer: 'Bob', total: 42 })
    expect(mine[0]?.headers['idempotency-key']).toBe(`${run.id}:${run.steps[0]?.path}`)
    expect(mine[1]?.headers['idempotency-key']).toBe(mine[0]?.headers['idempotency-key'])
    expect(run.steps[0]).toMatchObject({ attempt: 2, output: { status: 200, remoteId: 'R-2', total: 42, missing: null } })
    const rows = (await t.api('GET', `/api/tables/${orders}/records`)).body.records
    expect(rows.find((r: { fields: Record<string, unknown> }) => r.fields['Customer'] === 'Bob')?.fields).toMatchObject({ Total: 42, 'Remote id': 'R-2' })
  }, 30_000)

  it('refuses an answer larger than maxResponseBytes', async () => {
    const wf = await workflow({ name: 'Too big', trigger: manual(), steps: [{ id: 'call', type: 'call-webhook', config: { method: 'GET', url: `${receiverUrl}/big` } }] })
    const run = await runOnce(wf)
    expect(run.status).toBe('failed')
    expect(run.steps[0]?.error?.message).toContain('at most 10000 bytes are read')
  }, 30_000)
})

const SECRET = 'hook_secret_0123456789abcdef'
const SIGNING = 'signing-secret-0123456789'
const sign = (body: string) => `sha256=${createHmac('sha256', SIGNING).update(body).digest('hex')}`

describe('trigger-webhook and action-transform', () => {
  let wf: string
  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    rawRequest(t.url, 'POST', path, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers }, body)

  beforeAll(async () => {
    wf = await workflow({
      name: 'Incoming orders',
      trigger: {
        type: 'webhook',
        config: { secret: SECRET, signingSecret: SIGNING, body: { required: ['customer', 'lines'], properties: { customer: 'string', lines: 'array' } }, headers: ['X-Source'] },
      },
      steps: [
        {
          id: 'sum',
          type: 'transform',
          config: {
            outputs: {
              total: { op: 'sum', from: '{{trigger.body.lines}}', field: 'amount' },
              count: { op: 'count', from: '{{trigger.body.lines}}' },
              largest: { op: 'max', from: '{{trigger.body.lines}}', field: 'amount' },
              skus: { op: 'join', from: '{{trigger.body.lines}}', field: 'sku', separator: '|' },
              big: { op: 'filter', from: '{{trigger.body.lines}}', field: 'amount', is: 'gte', value: 10 },
              renamed: { op: 'pick', from: '{{trigger.body.lines}}', fields: ['sku'], rename: { sku: 'code' } },
              source: { op: 'value', value: '{{trigger.headers.x-source}}' },
            },
          },
        },
        {
          id: 'save',
          type: 'create-record',
          config: { tableId: orders, fields: { Customer: '{{trigger.body.customer}}', Total: '{{steps.sum.total}}', 'Remote id': '{{steps.sum.skus}}' } },
        },
      ],
    })
  })

  it('queues a run for a signed call whose body fits; the trigger carries the body and named headers', async () => {
    const body = JSON.stringify({
      customer: 'Cy',
      lines: [
        { sku: 'A', amount: 5 },
        { sku: 'B', amount: 12.5 },
        { sku: 'C', amount: '20' },
      ],
    })
    const r = await post(`/api/hooks/workflows/${wf}/${SECRET}`, body, { 'x-docpal-signature': sign(body), 'x-source': 'shop', 'x-other': 'hidden' })
    expect(r.status, r.text).toBe(202)
    const run = await finished(r.body.runId)
    expect(run.status, JSON.stringify(run.steps)).toBe('completed')
    expect(run.trigger).toMatchObject({ type: 'webhook', body: JSON.parse(body), headers: { 'content-type': 'application/json', 'x-source': 'shop' } })
    expect(run.trigger['headers']).not.toHaveProperty('x-other')
    expect(run.steps[0]?.output).toEqual({
      total: 37.5,
      count: 3,
      largest: 20,
      skus: 'A|B|C',
      big: [
        { sku: 'B', amount: 12.5 },
        { sku: 'C', amount: '20' },
      ],
      renamed: [{ code: 'A' }, { code: 'B' }, { code: 'C' }],
      source: 'shop',
    })
    const rows = (await t.api('GET', `/api/tables/${orders}/records`)).body.records
    expect(rows.find((x: { fields: Record<string, unknown> }) => x.fields['Customer'] === 'Cy')?.fields).toMatchObject({ Total: 37.5, 'Remote id': 'A|B|C' })
  })

  it('answers 404 alike for an unknown workflow, a wrong secret and a workflow without a webhook trigger', async () => {
    const body = '{"customer":"x","lines":[]}'
    const other = await workflow({ name: 'Manual one', trigger: manual(), steps: [] })
    for (const path of [
      `/api/hooks/workflows/${crypto.randomUUID()}/${SECRET}`,
      `/api/hooks/workflows/${wf}/${SECRET}x`,
      `/api/hooks/workflows/not-a-uuid/${SECRET}`,
      `/api/hooks/workflows/${other}/${SECRET}`,
    ]) {
      const r = await post(path, body, { 'x-docpal-signature': sign(body) })
      expect(r.status, path).toBe(404)
      expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
    }
  })

  it('refuses missing or wrong signatures (401), bodies that do not fit (400 at the path), bad JSON, other media types and large bodies, starting nothing', async () => {
    const before = (await t.api('GET', `/api/workflows/${wf}/runs`)).body.runs.length
    const url = `/api/hooks/workflows/${wf}/${SECRET}`
    const good = '{"customer":"x","lines":[]}'
    const unsigned = await post(url, good)
    expect(unsigned.status).toBe(401)
    expect(unsigned.body.error.code).toBe('KRN_ERR_WORKFLOW_HOOK_SIGNATURE')
    expect((await post(url, good, { 'x-docpal-signature': sign(`${good} `) })).status).toBe(401)
    expect((await post(url, good, { 'x-docpal-signature': 'sha256=zz' })).status).toBe(401)
    const noLines = '{"customer":"x"}'
    const shape = await post(url, noLines, { 'x-docpal-signature': sign(noLines) })
    expect(shape.status).toBe(400)
    expect(shape.body.error).toMatchObject({ code: 'KRN_ERR_VALIDATION', path: ['body', 'lines'] })
    const wrongType = '{"customer":5,"lines":[]}'
    expect((await post(url, wrongType, { 'x-docpal-signature': sign(wrongType) })).body.error.path).toEqual(['body', 'customer'])
    const notObject = '[1,2]'
    expect((await post(url, notObject, { 'x-docpal-signature': sign(notObject) })).status).toBe(400)
    expect((await post(url, '{"customer":', { 'x-docpal-signature': sign('{"customer":') })).status).toBe(400)
    expect((await post(url, 'customer=x', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415)
    const huge = JSON.stringify({ customer: 'x', lines: [], pad: 'y'.repeat(300 * 1024) })
    expect((await post(url, huge, { 'x-docpal-signature': sign(huge) })).status).toBe(413)
    expect((await t.api('GET', `/api/workflows/${wf}/runs`)).body.runs.length).toBe(before)
  })

  it('answers 409 for a disabled workflow with the right secret', async () => {
    expect((await t.api('POST', `/api/workflows/${wf}/disable`)).status).toBe(200)
    const body = '{"customer":"x","lines":[]}'
    const r = await post(`/api/hooks/workflows/${wf}/${SECRET}`, body, { 'x-docpal-signature': sign(body) })
    expect(r.status).toBe(409)
  })

  it('is listed as a webhook trigger, and the new actions with their outputs', async () => {
    const types = (await t.api('GET', '/api/workflow-types')).body
    expect(types.triggers.find((x: { type: string }) => x.type === 'webhook')).toMatchObject({ plugin: 'trigger-webhook', webhook: true, manual: false })
    expect(types.triggers.find((x: { type: string }) => x.type === 'manual')).toMatchObject({ webhook: false })
    const actions = Object.fromEntries(types.actions.map((a: { type: string; plugin: string }) => [a.type, a]))
    expect(actions['send-email']).toMatchObject({ plugin: 'action-send-email', outputs: ['recipients', 'sent'], idempotent: true })
    expect(actions['call-webhook']).toMatchObject({ plugin: 'action-call-webhook', outputs: ['status', 'body'] })
    expect(actions['transform']).toMatchObject({ plugin: 'action-transform', idempotent: true })
  })

  it('refuses a weak URL secret when the workflow is saved', async () => {
    const r = await t.api('POST', `/api/apps/${appId}/workflows`, { name: 'Weak', trigger: { type: 'webhook', config: { secret: 'short' } }, steps: [] })
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['trigger', 'config', 'secret'])
  })
})
