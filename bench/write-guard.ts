import os from 'node:os'
import postgres from 'postgres'
import { TEN_COLUMNS, api, createBenchDatabase, createBurst, docpalBackends, percentile, report, startServerProcess } from './lib.ts'

/**
 * What the write guard costs a single-record create (issue 19: <= 5%). Every record write calls
 * `docpal_write_guard` in its own statement: a SHARED advisory lock per table its compiled
 * metadata depends on and a check of their versions. The baseline is another build, given as
 * `DOCPAL_BASE_BUNDLE` (a checkout of the commit before the guard, built with
 * `host-server/scripts/bundle-server.mjs`). Both servers run at once, each on a database of its
 * own; short bursts alternate between them (which goes first alternates too), as in
 * audit-cost.ts, so a busy shared machine hits both alike. Reported: medians of the rounds,
 * the median of each round's own ratio, and server CPU (process + backends) per create.
 */

const CONNECTIONS = 10

interface Side {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly tableId: string
  readonly pids: () => Promise<number[]>
  readonly creates: number[]
  readonly p99: number[]
  readonly cpu: number[]
}

async function creates(s: Side, seconds: number): Promise<void> {
  const b = await createBurst(s, seconds, CONNECTIONS)
  s.cpu.push(b.cpuUs)
  s.creates.push(b.perSec)
  s.p99.push(b.p99)
}

export async function benchWriteGuard(o: { seconds?: number; rounds?: number; baseBundle: string }): Promise<Record<string, number>> {
  const seconds = o.seconds ?? 3
  const rounds = o.rounds ?? 8
  const started: Array<{ stop: () => Promise<void> }> = []
  const dbs: Array<{ drop: () => Promise<void> }> = []
  const raws: postgres.Sql[] = []
  try {
    const sides: Side[] = []
    for (const [bundle, port] of [
      [undefined, 18141],
      [o.baseBundle, 18142],
    ] as const) {
      const db = await createBenchDatabase()
      dbs.push(db)
      const server = await startServerProcess(db.url, port, {}, bundle)
      started.push(server)
      const raw = postgres(db.url, { max: 1, onnotice: () => {} })
      raws.push(raw)
      const pids = async () => [server.child.pid ?? 0, ...(await docpalBackends(raw))]
      const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
      const table = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Guard cost', columns: TEN_COLUMNS })
      sides.push({ url: server.url, headers: server.owner.headers, tableId: table.id, pids, creates: [], p99: [], cpu: [] })
    }
    const [guarded, base] = sides as [Side, Side]
    const load0 = os.loadavg()[0] ?? 0
    for (let r = 0; r < rounds; r++) for (const s of r % 2 ? [guarded, base] : [base, guarded]) await creates(s, seconds)
    const med = (v: number[]) => percentile(v, 50)
    const pct = (x: number) => Math.round(x * 1000) / 10
    const out = {
      createsPerSec: Math.round(med(guarded.creates)),
      baseCreatesPerSec: Math.round(med(base.creates)),
      createP99: med(guarded.p99),
      baseCreateP99: med(base.p99),
      costPct: pct(1 - med(guarded.creates) / med(base.creates)),
      costPairedPct: pct(1 - med(guarded.creates.map((v, i) => v / (base.creates[i] ?? NaN)))),
      cpuUs: Math.round(med(guarded.cpu)),
      baseCpuUs: Math.round(med(base.cpu)),
      cpuCostPct: pct(med(guarded.cpu) / med(base.cpu) - 1),
      loadAverage: Math.round(((load0 + (os.loadavg()[0] ?? 0)) / 2) * 10) / 10,
    }
    const signed = (p: number) => (p >= 0 ? `${p}% slower` : `${-p}% faster`)
    report(
      `create one record, ${CONNECTIONS} conns, write guard (base: before it)`,
      `${out.createsPerSec}/s (${signed(out.costPct)})`,
      `base: ${out.baseCreatesPerSec}/s`,
      '<= 5% cost',
    )
    console.log(`  p99 ${out.createP99} ms, base ${out.baseCreateP99} ms; median of the rounds' own ratios: ${signed(out.costPairedPct)}`)
    console.log(`  server CPU (process + its backends) per create: ${out.cpuUs} µs, base ${out.baseCpuUs} µs (${out.cpuCostPct >= 0 ? '+' : ''}${out.cpuCostPct}%)`)
    const list = (v: number[]) => v.map(Math.round).join(' ')
    console.log(`  rounds (load average ${out.loadAverage}): guard ${list(guarded.creates)} | base ${list(base.creates)}`)
    return out
  } finally {
    for (const r of raws) await r.end()
    for (const s of started) await s.stop()
    for (const d of dbs) await d.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseBundle = process.env['DOCPAL_BASE_BUNDLE']
  if (!baseBundle) throw new Error('DOCPAL_BASE_BUNDLE: the baseline build (a checkout before the guard: host-server/dist/main.bundle.js)')
  await benchWriteGuard({ baseBundle, ...(process.env['ROUNDS'] ? { rounds: Number(process.env['ROUNDS']) } : {}) })
}
