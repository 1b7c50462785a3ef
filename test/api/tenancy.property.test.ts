import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type ApiResponse, type TestServer } from '../support/test-server.ts'
import { buildWorld, secretsOf, type Model, type World } from '../support/tenancy-world.ts'
import { OPERATIONS, type Call, type Operation } from '../support/tenancy-operations.ts'

/**
 * Tenancy as a property: random sequences of requests by the owners of two companies, aimed at
 * ids taken from both, through every endpoint family (test/support/tenancy-operations.ts). No
 * answer to one company may carry the other's ids or values, every request at a foreign id is
 * refused, and at the end each company's data is exactly what its own people wrote.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/settings-plugins/', import.meta.url))

let t: TestServer
const worlds: World[] = []
const models: Model[] = []
beforeAll(async () => {
  t = await startTestServer({ pluginDirs: [FIXTURES] })
  // A is the instance's first account (instance admin); B signed up later (their own company, no instance rights).
  const b = await t.signUp({ name: 'Bea' })
  for (const [name, api] of [
    ['A', t.api],
    ['B', t.as(b)],
  ] as const) {
    const { world, model } = await buildWorld(name, api)
    worlds.push(world)
    models.push(model)
  }
}, 60_000)
afterAll(() => t?.close())

/** The request's own text: an id the caller sent may be echoed in the refusal without leaking anything. */
const sentText = (c: Call) => `${c.path} ${JSON.stringify(c.body ?? '')} ${JSON.stringify(c.headers ?? {})}`

function leaks(res: ApiResponse, call: Call, foreign: World): string[] {
  const sent = sentText(call)
  return secretsOf(foreign).filter((s) => !sent.includes(s) && res.text.includes(s))
}

const REFUSED = [403, 404]
// A cross reference (my view over their table) may also be refused as invalid input.
const CROSS_REFUSED = [400, 403, 404, 422]

async function run(op: Operation, actorIx: number, targetIx: number, n: number): Promise<void> {
  const actor = worlds[actorIx]!
  const other = worlds[1 - actorIx]!
  const aimedAtOther = targetIx !== actorIx
  if ((op.aim === 'foreign' || op.aim === 'cross') && !aimedAtOther) return
  const target = op.aim === 'list' ? actor : worlds[targetIx]!
  const call = op.call(target, actor, n)
  const res = await actor.api(call.method, call.path, call.body, call.headers)
  const what = `${actor.name} ${op.family}/${op.name} at ${target.name}: ${call.method} ${call.path} -> ${res.status} ${res.text.slice(0, 300)}`
  expect(leaks(res, call, other), what).toEqual([])
  expect(res.status, what).toBeLessThan(500)
  // A refusal must come from the endpoint, not from a path the router does not know.
  expect(res.body?.error?.code, what).not.toBe('HST_ERR_ROUTE_NOT_FOUND')
  if (op.instanceAdminOnly) {
    expect(res.status, what).toBe(actor.name === 'A' ? 200 : 403)
    return
  }
  if (op.aim === 'cross') {
    expect(CROSS_REFUSED, what).toContain(res.status)
    return
  }
  if (target !== actor && op.filtersForeign) {
    expect(res.status, what).toBe(200)
    return
  }
  if (target !== actor) {
    expect(REFUSED, what).toContain(res.status)
    return
  }
  if (op.mayBeGone && res.status === 404) return
  expect(res.status, what).toBeLessThan(300)
  op.apply?.(models[actorIx]!, res, actor, n)
}

/** Reads a company's data back as its owner and compares it to the model of its own writes. */
async function expectModel(w: World, m: Model): Promise<void> {
  const get = async (path: string) => {
    const r = await w.api('GET', path)
    expect(r.status, `${w.name} ${path}: ${r.text}`).toBe(200)
    return r.body
  }
  expect((await get('/api/apps')).map((a: { name: string }) => a.name)).toEqual([m.appName])
  expect((await get(`/api/folders/${w.folderId}`)).name).toBe(m.folderName)
  expect((await get(`/api/apps/${w.appId}/views`)).map((v: { name: string }) => v.name)).toEqual([m.viewName])
  const tables = await get(`/api/apps/${w.appId}/tables`)
  expect(tables.map((x: { id: string }) => x.id)).toEqual([w.tableId])
  const table = await get(`/api/tables/${w.tableId}`)
  expect(table.columns.map((c: { name: string }) => c.name)).toEqual(['Title', m.extraName])
  const records = await get(`/api/tables/${w.tableId}/records?limit=1000`)
  const seen = new Map<string, string>(records.records.map((r: { id: string; fields: { Title: string } }) => [r.id, r.fields.Title]))
  expect(seen).toEqual(m.titles)
  expect((await get(`/api/imports/${w.importId}`)).state).toBe('uploaded')
}

describe('tenancy: no company reads or writes another company’s data', () => {
  it('refuses every foreign id through every endpoint family, leaks nothing, and keeps each company’s data to its own writes', async () => {
    const command = fc.record({
      op: fc.integer({ min: 0, max: OPERATIONS.length - 1 }),
      actor: fc.integer({ min: 0, max: 1 }),
      target: fc.integer({ min: 0, max: 1 }),
      n: fc.nat({ max: 1_000_000 }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30 }), async (commands) => {
        for (const c of commands) await run(OPERATIONS[c.op]!, c.actor, c.target, c.n)
      }),
      // The server's state carries over between runs (that is the point); shrinking would replay against changed state.
      { numRuns: 25, endOnFailure: true, plugins: [fc.interruptAfterTimeLimit(45_000)] },
    )
    // Every operation once more, each way, so no family is left to chance.
    for (let i = 0; i < OPERATIONS.length; i++)
      for (const [a, b] of [
        [0, 1],
        [1, 0],
        [0, 0],
        [1, 1],
      ] as const)
        await run(OPERATIONS[i]!, a, b, 7 + i)
    for (const [i, w] of worlds.entries()) await expectModel(w, models[i]!)
  }, 90_000)
})
