import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChild, type ChildServer } from '../reliability/support/child-server.ts'
// Seeded, so a failing order of processes can be replayed (HARNESS_SEED).
import { random } from '../reliability/support/kill-trial.ts'
import { DB_KIND, createTestDatabase, type TestDatabase } from '../support/test-server.ts'

/**
 * Three server processes on one PostgreSQL behave as one (issue 19). Each request of an API
 * scenario (schema changes, writes, links, counts, filters, a plugin disabled, a token revoked)
 * goes to a process picked at random (the seed is printed); the normalised answers must equal a
 * one-process run of the same scenario. After each change the harness asks every process once:
 * each must already serve it (a change counts from the next request after its commit, not when a
 * notification arrives), and the time for the three probes is recorded. Then one process is killed with
 * SIGKILL in the middle of writes: the others keep serving and every acknowledged write is there.
 * Real processes (the compiled server, as `pnpm start` runs it), so the kill is a real one.
 */

type Answer = { status: number; body: unknown }
type Send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>
/** Asks every process whether it serves a change (each once); answers how long that took (ms). */
type Settle = (serves: (send: Send) => Promise<boolean>) => Promise<number>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Ids renamed in the order they first appear, times and id-derived names dropped: two runs on two databases compare equal. */
function normaliser(): (v: unknown) => unknown {
  const names = new Map<string, string>()
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string' && UUID.test(v)) {
      if (!names.has(v)) names.set(v, `id#${names.size}`)
      return names.get(v)
    }
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          // Names derived from ids (a table's SQL name, a company's slug) differ between databases too.
          .filter(([k]) => !/At$/.test(k) && !['token', 'message', 'tableName', 'slug'].includes(k))
          .map(([k, x]) => [k, walk(x)]),
      )
    return v
  }
  return walk
}

function sender(url: () => string, headers: Record<string, string>): Send {
  return async (method, path, body, extra = headers) => {
    const r = await fetch(`${url()}${path}`, {
      method,
      headers: { ...extra, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await r.text()
    return { status: r.status, body: text ? (JSON.parse(text) as unknown) : undefined }
  }
}

const filterParam = (f: unknown) => `filter=${encodeURIComponent(JSON.stringify(f))}`
const sortParam = encodeURIComponent(JSON.stringify([{ field: 'Name', direction: 'asc' }]))

/**
 * The scenario: every answer it wants compared is pushed to `out`. `send` is a process picked per
 * request; `settle` waits for a change to reach every process (one process: at once).
 */
async function scenario(send: Send, settle: Settle, out: Answer[]): Promise<void> {
  const keep = async (a: Promise<Answer>) => {
    const r = await a
    out.push(r)
    return r
  }
  const app = (await keep(send('POST', '/api/apps', { name: 'Harness' }))).body as { id: string }
  const customers = (await keep(send('POST', `/api/apps/${app.id}/tables`, { name: 'Customers', columns: [{ name: 'Name', type: 'text' }] }))).body as { id: string }
  const orders = (
    await keep(
      send('POST', `/api/apps/${app.id}/tables`, {
        name: 'Orders',
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'Customer', type: 'relation', config: { targetTableId: customers.id, allowMultiple: false } },
        ],
      }),
    )
  ).body as { id: string }
  const made = (await keep(send('POST', `/api/tables/${customers.id}/records/bulk`, { records: ['Acme', 'Bolt', 'Cirrus', 'Dyne'].map((Name) => ({ fields: { Name } })) })))
    .body as { ids: string[] }
  const ids = made.ids

  // A column added through one process, written and filtered through the others.
  await keep(send('POST', `/api/tables/${customers.id}/columns`, { name: 'Extra', type: 'text' }))
  await settle(async (s) => (await s('GET', `/api/tables/${customers.id}/records?${filterParam({ field: 'Extra', op: 'eq', value: 'x' })}`)).status === 200)
  for (const [i, id] of ids.entries()) await keep(send('PATCH', `/api/tables/${customers.id}/records/${id}`, { fields: { Extra: i % 2 ? 'x' : 'y' } }))
  await keep(send('GET', `/api/tables/${customers.id}/records?${filterParam({ field: 'Extra', op: 'eq', value: 'x' })}&sort=${sortParam}`))

  // Links written through every process; a count added through one is maintained by all.
  for (let i = 0; i < 6; i++) await keep(send('POST', `/api/tables/${orders.id}/records`, { fields: { Title: `o${i}`, Customer: [ids[i % 3]] } }))
  const table = (await send('GET', `/api/tables/${customers.id}`)).body as { columns: Array<{ id: string; type: string }> }
  const reverse = table.columns.find((c) => c.type === 'relation')!
  await keep(send('POST', `/api/tables/${customers.id}/columns`, { name: 'Orders count', type: 'aggregation', config: { relationFieldId: reverse.id, aggregation: 'count' } }))
  await settle(async (s) => {
    const r = await s('GET', `/api/tables/${customers.id}/records/${ids[0]!}`)
    return (r.body as { fields?: Record<string, unknown> }).fields?.['Orders count'] !== undefined
  })
  for (let i = 0; i < 6; i++) await keep(send('POST', `/api/tables/${orders.id}/records`, { fields: { Title: `p${i}`, Customer: [ids[(i + 1) % 4]] } }))
  await keep(send('GET', `/api/tables/${customers.id}/records?sort=${sortParam}`))
  await keep(send('GET', `/api/tables/${customers.id}/records?${filterParam({ field: 'Orders count', op: 'gte', value: 4 })}&sort=${sortParam}`))

  // A plugin disabled through one process: every process refuses its type, then takes it again.
  await keep(send('POST', '/api/plugins/field-url/disable'))
  await settle(async (s) => (await s('POST', `/api/tables/${customers.id}/columns?dryRun=true`, { name: 'Site', type: 'url' })).status === 400)
  await keep(send('POST', `/api/tables/${customers.id}/columns`, { name: 'Site', type: 'url' }))
  await keep(send('POST', '/api/plugins/field-url/enable'))
  await settle(async (s) => (await s('POST', `/api/tables/${customers.id}/columns?dryRun=true`, { name: 'Site', type: 'url' })).status !== 400)
  await keep(send('POST', `/api/tables/${customers.id}/columns`, { name: 'Site', type: 'url' }))

  // A token revoked through one process is refused by every process.
  const token = (await keep(send('POST', '/api/auth/tokens', { name: 'harness' }))).body as { id: string; token: string }
  const bearer = { authorization: `Bearer ${token.token}` }
  await keep(send('GET', '/api/auth/me', undefined, bearer))
  await keep(send('DELETE', `/api/auth/tokens/${token.id}`))
  await settle(async (s) => (await s('GET', '/api/auth/me', undefined, bearer)).status === 401)
  await keep(send('GET', '/api/auth/me', undefined, bearer))
  await keep(send('GET', `/api/tables/${customers.id}/records?sort=${sortParam}`))
}

describe.skipIf(DB_KIND !== 'postgres')('three server processes behave as one', () => {
  const dbs: TestDatabase[] = []
  const dirs: string[] = []
  const children: ChildServer[] = []
  const seed = Number(process.env['HARNESS_SEED'] ?? Date.now() % 1_000_000)
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const db = await createTestDatabase()
      await db.db.close()
      dbs.push(db)
    }
  }, 120_000)
  afterAll(async () => {
    for (const c of children) await c.kill().catch(() => undefined)
    for (const db of dbs) await db.drop()
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })
  const start = async (databaseUrl: string) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'docpal-harness-'))
    dirs.push(dataDir)
    const { server } = await startChild({ databaseUrl, dataDir })
    children.push(server)
    return server
  }

  it(`answers as one process does, requests spread at random (seed printed)`, async () => {
    // The reference: one process on a database of its own.
    const one = await start(dbs[0]!.url!)
    const alone: Answer[] = []
    await scenario(
      sender(() => one.url, one.headers),
      () => Promise.resolve(0),
      alone,
    )
    await one.kill()

    const three = [await start(dbs[1]!.url!), await start(dbs[1]!.url!), await start(dbs[1]!.url!)]
    const next = random(seed)
    const pick = () => three[Math.floor(next() * three.length)]!.url
    const headers = three[0]!.headers
    const delays: number[] = []
    const late: string[] = []
    const settle: Settle = async (serves) => {
      const t0 = performance.now()
      // Every process serves a committed change from its next request on: the first probe of
      // each must see it (no waiting for a notification).
      for (const [i, p] of three.entries()) {
        const s = sender(() => p.url, headers)
        if (!(await serves(s))) late.push(`process ${String(i)} at settle ${String(delays.length)}`)
      }
      const ms = performance.now() - t0
      delays.push(ms)
      return ms
    }
    const spread: Answer[] = []
    await scenario(sender(pick, headers), settle, spread)
    const norm = [normaliser(), normaliser()] as const
    console.log(`harness seed ${String(seed)}: ${String(spread.length)} answers compared; settle delays (ms): ${delays.map((d) => d.toFixed(1)).join(', ')}`)
    expect(spread.map((a) => ({ status: a.status, body: norm[1](a.body) }))).toEqual(alone.map((a) => ({ status: a.status, body: norm[0](a.body) })))
    expect(late, 'answers that did not yet show a change committed before them').toEqual([])
  }, 180_000)

  it('a process killed with SIGKILL during writes: the others keep serving, every acknowledged write is there', async () => {
    const live = children.slice(-3)
    expect(live.length).toBe(3)
    const headers = live[0]!.headers
    const send0 = sender(() => live[0]!.url, headers)
    const app = (await send0('POST', '/api/apps', { name: 'Kill' })).body as { id: string }
    const table = (await send0('POST', `/api/apps/${app.id}/tables`, { name: 'Writes', columns: [{ name: 'Name', type: 'text' }] })).body as { id: string }
    const acknowledged: string[] = []
    let refused = 0
    const victim = live[2]!
    const writes = async (n: number, who: number) => {
      const s = sender(() => live[who]!.url, headers)
      for (let i = 0; i < n; i++) {
        const name = `p${String(who)}-${String(i)}`
        const r = await s('POST', `/api/tables/${table.id}/records`, { fields: { Name: name } }).catch(() => undefined)
        if (r?.status === 201) acknowledged.push(name)
        else refused++
      }
    }
    // Three writers, one per process; the third process dies while they write.
    const running = Promise.all([writes(60, 0), writes(60, 1), writes(60, 2)])
    await new Promise((r) => setTimeout(r, 50))
    await victim.kill()
    await running
    const survivors = sender(() => live[1]!.url, headers)
    const after = await survivors('POST', `/api/tables/${table.id}/records`, { fields: { Name: 'after' } })
    expect(after.status).toBe(201)
    acknowledged.push('after')
    const rows = (await survivors('GET', `/api/tables/${table.id}/records?limit=500`)).body as { records: Array<{ fields: { Name: string } }> }
    const stored = new Set(rows.records.map((r) => r.fields.Name))
    console.log(`kill -9 trial: ${String(acknowledged.length)} writes acknowledged, ${String(refused)} refused or cut by the kill, ${String(stored.size)} stored`)
    for (const name of acknowledged) expect(stored.has(name), name).toBe(true)
    // The two survivors wrote all theirs.
    expect(acknowledged.filter((n) => n.startsWith('p0-') || n.startsWith('p1-')).length).toBe(120)
  }, 120_000)
})
