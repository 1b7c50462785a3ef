/**
 * Every operation of the OpenAPI document, fuzzed from its own schemas (issue 12, reliability
 * suite): valid-shaped values, boundaries and hostile ones (wrong types, deep nesting, long strings
 * within the limits, unicode edge cases). No answer may be a 5xx, every 4xx is in the error shape,
 * and the server answers its health check after every operation.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { errorShapeProblem } from './support/error-shape.ts'
import { createFixture, hintsOf, type Fixture } from './support/fuzz-fixture.ts'
import { httpClient, type Call } from './support/http-client.ts'
import { operationsOf, requestsOf, type FuzzRequest, type OpenApiDocument } from './support/openapi-requests.ts'
import { fuzzRuns, seed } from './support/settings.ts'

let t: TestServer
let call: Call
let fixture: Fixture
let enabled: string[]
const SEED = seed()
const problems: string[] = []
const statuses = new Map<number, number>()
let auth: Record<string, string> = {}

async function send(r: FuzzRequest): Promise<void> {
  const headers: Record<string, string> = { ...auth, ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}) }
  const body = r.method === 'GET' ? undefined : r.body
  const where = `${r.method} ${r.url.slice(0, 200)}${body !== undefined ? ` body ${body.slice(0, 300)}` : ''}`
  let res: Response
  try {
    res = await fetch(t.url + r.url, { method: r.method, headers, body, signal: AbortSignal.timeout(30_000) })
  } catch (err) {
    problems.push(`${where}: no answer (${String(err)})`)
    return
  }
  const text = await res.text()
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
  if (res.status >= 500) problems.push(`${where}: ${res.status} ${text.slice(0, 300)}`)
  else if (res.status >= 400) {
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // reported as not JSON below
    }
    const p = errorShapeProblem(parsed, text)
    if (p) problems.push(`${where}: ${res.status} outside the error shape: ${p}`)
  }
}

/** Undo what a fuzzed request may have done that would make the next operations shallow. */
async function restore(): Promise<void> {
  const plugins = (await call('GET', '/api/plugins')).body as Array<{ id: string; state: string }>
  for (const p of plugins) if (enabled.includes(p.id) && p.state !== 'enabled') await call('POST', `/api/plugins/${p.id}/enable`)
  const table = await call('GET', `/api/tables/${fixture.tableId}`)
  const app = await call('GET', `/api/apps/${fixture.appId}`)
  const target = await call('GET', `/api/tables/${fixture.targetId}`)
  if (table.status !== 200 || app.status !== 200 || target.status !== 200 || table.body.columns.length !== fixture.columns.length) fixture = await createFixture(call)
}

let doc: OpenApiDocument
beforeAll(async () => {
  t = await startTestServer()
  // An API token, not the session: the fuzzer calls logout and "log out everywhere" too, which end
  // sessions, while a token lives on (revoking it needs its id, which the fuzzer never learns).
  const token = (await t.api('POST', '/api/auth/tokens', { name: 'fuzzer' })).body.token as string
  // The company named on every request: POST /api/companies makes the owner a member of more than
  // one, and a token then has no default company.
  const company = (await t.api('GET', '/api/auth/me')).body.currentCompanyId as string
  auth = { authorization: `Bearer ${token}`, 'x-docpal-company': company }
  call = httpClient(
    () => t.url,
    () => auth,
  )
  doc = (await call('GET', '/api/openapi.json')).body
  fixture = await createFixture(call)
  enabled = ((await call('GET', '/api/plugins')).body as Array<{ id: string; state: string }>).filter((p) => p.state === 'enabled').map((p) => p.id)
})
afterAll(async () => {
  if (problems.length > 0) process.stderr.write(`openapi fuzz (seed ${SEED}) problems:\n${problems.join('\n')}\n`)
  await t?.close()
})

describe(`OpenAPI fuzz (RELIABILITY_SEED=${SEED})`, () => {
  it('fuzzes every operation: no 5xx, every 4xx in the error shape, health answers after each', async () => {
    const ops = operationsOf(doc)
    expect(ops.length).toBeGreaterThan(40)
    const names = async (path: string) => ((await call('GET', path)).body as Array<{ type: string }>).map((x) => x.type)
    const types = {
      fields: await names('/api/field-types'),
      views: await names('/api/view-types'),
      others: [...(await names('/api/widget-types')), ...(await names('/api/workflow-triggers')), ...(await names('/api/workflow-actions'))],
      plugins: enabled,
    }
    for (const [i, op] of ops.entries()) {
      const requests = fc.sample(requestsOf(op, hintsOf(fixture, types)), { numRuns: fuzzRuns(), seed: SEED + i })
      for (const r of requests) await send(r)
      const health = await call('GET', '/api/health')
      if (health.status !== 200) problems.push(`after ${op.method} ${op.path}: health answered ${health.status}`)
      await restore()
    }
    process.stderr.write(`openapi fuzz: ${ops.length} operations x ${fuzzRuns()} runs, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n`)
    expect(problems).toEqual([])
  })
})
