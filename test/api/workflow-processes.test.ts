import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, ownerAt, startSecondServer } from '../support/second-server.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Two server processes on one PostgreSQL, both running workflows (issue 18): the outbox rows and
 * the runs are claimed with SKIP LOCKED, so every write starts one run and every run is executed
 * once, whichever process took the write and whichever took the run. PGlite has one process.
 */
describe.skipIf(DB_KIND !== 'postgres')('workflow runs shared by two server processes', () => {
  let t: TestServer
  let second: { url: string; close: () => Promise<void> }
  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000 })
    second = await startSecondServer(t)
  })
  afterAll(async () => {
    await second?.close()
    await t?.close()
  })

  /** The same request through the second process, as the owner. */
  const there = (method: string, path: string, body?: unknown) => ownerAt(t, () => second.url)(method, path, body)

  it('runs each run once: every deal written through either process is logged exactly once', async () => {
    const app = (await t.api('POST', '/api/apps', { name: 'Both' })).body.id as string
    const deals = (await t.api('POST', `/api/apps/${app}/tables`, { name: 'Deals', columns: [{ name: 'Name', type: 'text' }] })).body.id as string
    const log = (await t.api('POST', `/api/apps/${app}/tables`, { name: 'Log', columns: [{ name: 'Deal', type: 'text' }] })).body.id as string
    const wf = await t.api('POST', `/api/apps/${app}/workflows`, {
      name: 'Log',
      trigger: { type: 'record-created', config: { tableId: deals } },
      steps: [{ id: 'log', type: 'create-record', config: { tableId: log, fields: { Deal: '{{trigger.recordId}}' } } }],
    })
    expect(wf.status, wf.text).toBe(201)
    await t.api('POST', `/api/workflows/${wf.body.id}/enable`)
    const ids: string[] = []
    for (let i = 0; i < 8; i++) {
      const records = Array.from({ length: 25 }, (_, n) => ({ fields: { Name: `d${i}-${n}` } }))
      const r = i % 2 ? await there('POST', `/api/tables/${deals}/records/bulk`, { records }) : await t.api('POST', `/api/tables/${deals}/records/bulk`, { records })
      expect(r.status).toBe(201)
      const single =
        i % 2
          ? await t.api('POST', `/api/tables/${deals}/records`, { fields: { Name: `s${i}` } })
          : await there('POST', `/api/tables/${deals}/records`, { fields: { Name: `s${i}` } })
      ids.push(single.body.id as string)
    }
    const total = 8 * 26
    const runs = await eventually(
      async () => (await t.api('GET', `/api/workflows/${wf.body.id}/runs?limit=200`)).body.runs as Array<{ status: string }>,
      (rs) => rs.length >= 200 && rs.every((r) => r.status === 'completed'),
      60_000,
    )
    expect(runs.every((r) => r.status === 'completed')).toBe(true)
    const logged = await eventually(
      async () => (await t.api('GET', `/api/tables/${log}/records?limit=1000`)).body.records as Array<{ fields: { Deal: string } }>,
      (rs) => rs.length >= total,
      60_000,
    )
    expect(logged).toHaveLength(total)
    expect(new Set(logged.map((r) => r.fields.Deal)).size).toBe(total)
    for (const id of ids) expect(logged.filter((r) => r.fields.Deal === id)).toHaveLength(1)
  })
})
