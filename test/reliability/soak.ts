/**
 * Soak (issue 12, reliability suite): mixed traffic at a fixed rate against a real server process,
 * in windows; prints each window's requests, errors, p50/p99 and the server's RSS, then judges:
 * 0 errors, RSS growth < 10 % (from the lowest RSS after the warm-up window to the end), p99
 * stable (no window after the first above twice the median window p99, and the last third's mean
 * p99 at most 1.5 x the first third's). Exits 1 when a criterion fails.
 *
 *   pnpm soak                                    10 minutes on PostgreSQL, 100 req/s, 60 s windows
 *   SOAK_SECONDS=60 SOAK_WINDOW_SECONDS=10 pnpm soak
 *   SOAK_DB=pglite SOAK_RATE=50 pnpm soak         embedded PGlite in a fresh data dir
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { createBenchDatabase } from '../../bench/lib.ts'
import { startChild } from './support/child-server.ts'
import { httpClient } from './support/http-client.ts'

const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 600)
const WINDOW = Number(process.env['SOAK_WINDOW_SECONDS'] ?? 60)
const RATE = Number(process.env['SOAK_RATE'] ?? 100)
const CONNECTIONS = Number(process.env['SOAK_CONNECTIONS'] ?? 10)
const DB = process.env['SOAK_DB'] === 'pglite' ? 'pglite' : 'postgres'

interface Window {
  requests: number
  errors: number
  p50: number
  p99: number
  rssMb: number
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err: unknown, res) => (err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(res))))
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1)

const pg = DB === 'postgres' ? await createBenchDatabase() : undefined
const dataDir = await mkdtemp(join(tmpdir(), 'docpal-soak-'))
const { server } = await startChild({ databaseUrl: pg?.url, dataDir })
const call = httpClient(
  () => server.url,
  () => server.headers,
)
try {
  const app = (await call('POST', '/api/apps', { name: 'Soak' })).body.id as string
  const columns = [
    { name: 'Title', type: 'text' },
    { name: 'Qty', type: 'number' },
    { name: 'Due', type: 'date' },
    {
      name: 'Stage',
      type: 'single_select',
      config: {
        options: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    },
  ]
  const table = (await call('POST', `/api/apps/${app}/tables`, { name: 'Soak', columns })).body.id as string
  const seed = Array.from({ length: 1000 }, (_, i) => ({ fields: { Title: `t${i}`, Qty: i, Due: '2026-01-01', Stage: i % 2 ? 'a' : 'b' } }))
  const ids = (await call('POST', `/api/tables/${table}/records/bulk`, { records: seed })).body.ids as string[]
  const base = `/api/tables/${table}/records`
  const filter = encodeURIComponent(JSON.stringify({ and: [{ field: 'Qty', op: 'gt', value: 500 }] }))
  const json = { 'content-type': 'application/json' }
  let n = 0
  const pick = () => ids[n++ % ids.length]!
  // Records the soak created, oldest first: each is deleted a few requests later, so the table stays at about 1,000 rows
  // and a p99 trend measures the server, not a table that grew eightfold under an exact count (the first run's confound).
  const created: string[] = []
  // The mix a working session sends: list pages, single reads, queries, creates, updates and deletes (about 5 reads to 3 writes).
  const requests: autocannon.Request[] = [
    { method: 'GET', path: `${base}?limit=50` },
    { method: 'GET', setupRequest: (r) => ({ ...r, path: `${base}/${pick()}` }) },
    { method: 'GET', path: `${base}?limit=50&filter=${filter}&sort=${encodeURIComponent('[{"field":"Qty","direction":"desc"}]')}` },
    { method: 'POST', path: `${base}/query`, headers: json, body: JSON.stringify({ filter: { and: [{ field: 'Stage', op: 'eq', value: 'a' }] }, limit: 20, count: true }) },
    {
      method: 'POST',
      path: base,
      headers: json,
      setupRequest: (r) => ({ ...r, body: JSON.stringify({ fields: { Title: `new ${n++}`, Qty: n % 1000 } }) }),
      onResponse: (status, body) => {
        if (status === 201) created.push((JSON.parse(body) as { id: string }).id)
      },
    },
    { method: 'PATCH', headers: json, setupRequest: (r) => ({ ...r, path: `${base}/${pick()}`, body: JSON.stringify({ fields: { Qty: n++ % 1000 } }) }) },
    { method: 'GET', path: `/api/tables/${table}` },
    {
      // Deletes the oldest record the soak created; when none is waiting yet, reads the health route instead.
      method: 'DELETE',
      setupRequest: (r) => {
        const id = created.shift()
        return id ? { ...r, method: 'DELETE', path: `${base}/${id}` } : { ...r, method: 'GET', path: '/api/health' }
      },
    },
    { method: 'GET', path: '/api/apps' },
  ]
  const windows: Window[] = []
  console.log(`soak: ${DB}, ${SECONDS} s at ${RATE} req/s over ${CONNECTIONS} connections, ${WINDOW} s windows`)
  console.log('window  requests  errors  p50 ms  p99 ms  rss MB')
  for (let w = 0; w * WINDOW < SECONDS; w++) {
    const r = await cannon({ url: server.url, connections: CONNECTIONS, overallRate: RATE, duration: Math.min(WINDOW, SECONDS - w * WINDOW), requests })
    const rssMb = Math.round(((await call('GET', '/api/metrics')).body.rssBytes as number) / 2 ** 20)
    const win = { requests: r.requests.total, errors: r.errors + r.timeouts + r.non2xx, p50: r.latency.p50, p99: r.latency.p99, rssMb }
    windows.push(win)
    console.log(
      `${String(w + 1).padStart(6)}  ${String(win.requests).padStart(8)}  ${String(win.errors).padStart(6)}  ${String(win.p50).padStart(6)}  ${String(win.p99).padStart(6)}  ${String(rssMb).padStart(6)}`,
    )
  }
  const rows = (await call('POST', `${base}/query`, { limit: 1, count: true })).body.total as number
  console.log(`table rows at the end: ${rows} (1,000 at the start)`)
  const errors = windows.reduce((s, w) => s + w.errors, 0)
  // Growth from the settled level: the lowest RSS after the warm-up window (a high reading at its end would hide growth).
  const settled = Math.min(...windows.slice(windows.length > 1 ? 1 : 0).map((w) => w.rssMb))
  const growth = ((windows.at(-1)!.rssMb - settled) / settled) * 100
  const p99s = windows.map((w) => w.p99)
  const third = Math.max(1, Math.floor(p99s.length / 3))
  const trend = mean(p99s.slice(-third)) / Math.max(mean(p99s.slice(0, third)), 1)
  const spike = Math.max(...p99s.slice(1), 0) / Math.max(median(p99s), 1)
  const verdicts = [
    [`errors ${errors}`, errors === 0],
    [`RSS growth ${growth.toFixed(1)} % (settled ${settled} -> ${windows.at(-1)!.rssMb} MB at the end)`, growth < 10],
    [`p99 last third / first third ${trend.toFixed(2)}, worst window / median ${spike.toFixed(2)}`, trend <= 1.5 && spike <= 2],
  ] as const
  for (const [what, ok] of verdicts) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`)
  process.exitCode = verdicts.every(([, ok]) => ok) ? 0 : 1
} finally {
  await server.kill()
  await pg?.drop()
  await rm(dataDir, { recursive: true, force: true })
}
