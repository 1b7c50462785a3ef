import os from 'node:os'
import postgres from 'postgres'
import { TEN_COLUMNS, api, authFetch, cpuMs, createBenchDatabase, createBurst, docpalBackends, percentile, report, row, startServerProcess, time } from './lib.ts'

/**
 * What the audit log costs a write (issue 16: <= 10% on single creates, <= 15% on bulk insert).
 * The same server build runs twice at once, with the log (the default) and without it
 * (`DOCPAL_AUDIT=off`, which exists for this baseline only), each on a database of its own. Short
 * bursts alternate between the two (only one is loaded at a time, and which goes first alternates
 * too), so a busy shared machine hits both sides alike; medians of the rounds are reported.
 * Beside throughput: the CPU time the server process and its PostgreSQL backends spent per create
 * and per bulk row (from /proc), which other load inflates least, and the median of the rounds'
 * own on/off ratios (each round's two bursts are seconds apart; the medians of each side are not).
 */

const CONNECTIONS = 10

interface Side {
  readonly audit: boolean
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly tableId: string
  readonly creates: number[]
  readonly p99: number[]
  readonly bulk: number[]
  /** The server process and its backends (pids for `cpuMs`). */
  readonly pids: () => Promise<number[]>
  /** CPU µs per create, per bulk row, one value a round. */
  readonly createCpu: number[]
  readonly bulkCpu: number[]
}

async function creates(s: Side, seconds: number): Promise<void> {
  const b = await createBurst(s, seconds, CONNECTIONS)
  s.createCpu.push(b.cpuUs)
  s.creates.push(b.perSec)
  s.p99.push(b.p99)
}

async function bulk(s: Side, bodies: ReadonlyArray<string>, rows: number): Promise<void> {
  const pids = await s.pids()
  const c0 = await cpuMs(pids)
  const [ms] = await time(async () => {
    for (const body of bodies) {
      const res = await authFetch(`${s.url}/api/tables/${s.tableId}/records/bulk`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
      if (res.status !== 201) throw new Error(`bulk -> ${res.status} ${await res.text()}`)
    }
  })
  s.bulk.push(rows / (ms / 1000))
  s.bulkCpu.push((((await cpuMs([...new Set([...pids, ...(await s.pids())])])) - c0) * 1000) / rows)
}

export async function benchAuditCost(o: { seconds?: number; bulkRows?: number; bulkBatch?: number; rounds?: number } = {}): Promise<Record<string, number>> {
  const seconds = o.seconds ?? 3
  const bulkRows = o.bulkRows ?? 10_000
  const bulkBatch = o.bulkBatch ?? 5_000
  const rounds = o.rounds ?? 8
  const bodies: string[] = []
  for (let s = 0; s < bulkRows; s += bulkBatch) {
    const records = []
    for (let i = s; i < Math.min(bulkRows, s + bulkBatch); i++) records.push({ fields: row(i) })
    bodies.push(JSON.stringify({ records }))
  }
  const started: Array<{ stop: () => Promise<void> }> = []
  const dbs: Array<{ drop: () => Promise<void> }> = []
  const raws: postgres.Sql[] = []
  try {
    const sides: Side[] = []
    for (const [audit, port] of [
      [true, 18131],
      [false, 18132],
    ] as const) {
      const db = await createBenchDatabase()
      dbs.push(db)
      const server = await startServerProcess(db.url, port, audit ? {} : { DOCPAL_AUDIT: 'off' })
      started.push(server)
      const raw = postgres(db.url, { max: 1, onnotice: () => {} })
      raws.push(raw)
      const pids = async () => [server.child.pid ?? 0, ...(await docpalBackends(raw))]
      const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
      const table = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Audit cost', columns: TEN_COLUMNS })
      sides.push({ audit, url: server.url, headers: server.owner.headers, tableId: table.id, creates: [], p99: [], bulk: [], pids, createCpu: [], bulkCpu: [] })
    }
    const [on, off] = sides as [Side, Side]
    const load0 = os.loadavg()[0] ?? 0
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [on, off] : [off, on]
      for (const s of order) await creates(s, seconds)
      for (const s of order) await bulk(s, bodies, bulkRows)
    }
    // The log must hold what was written (and nothing without it): a bench of a broken log is no figure.
    for (const s of sides) {
      const page = await api<{ entries: unknown[] }>(s.url, 'GET', `/api/audit/logs?action=record.create&limit=1`)
      if (s.audit !== page.entries.length > 0) throw new Error(`audit ${s.audit ? 'on' : 'off'}: ${page.entries.length} record.create entries`)
    }
    const med = (v: number[]) => percentile(v, 50)
    const cost = (a: number[], b: number[]) => Math.round((1 - med(a) / med(b)) * 1000) / 10
    const pct = (x: number) => Math.round(x * 1000) / 10
    // Each round's own ratio (its two bursts are seconds apart), then their median.
    const paired = (a: number[], b: number[]) => pct(1 - med(a.map((v, i) => v / (b[i] ?? NaN))))
    const cpuCost = (a: number[], b: number[]) => pct(med(a) / med(b) - 1)
    const out = {
      createsPerSec: Math.round(med(on.creates)),
      offCreatesPerSec: Math.round(med(off.creates)),
      createP99: med(on.p99),
      offCreateP99: med(off.p99),
      bulkRowsPerSec: Math.round(med(on.bulk)),
      offBulkRowsPerSec: Math.round(med(off.bulk)),
      createCostPct: cost(on.creates, off.creates),
      bulkCostPct: cost(on.bulk, off.bulk),
      createCostPairedPct: paired(on.creates, off.creates),
      bulkCostPairedPct: paired(on.bulk, off.bulk),
      createCpuUs: Math.round(med(on.createCpu)),
      offCreateCpuUs: Math.round(med(off.createCpu)),
      bulkCpuUsPerRow: Math.round(med(on.bulkCpu) * 10) / 10,
      offBulkCpuUsPerRow: Math.round(med(off.bulkCpu) * 10) / 10,
      createCpuCostPct: cpuCost(on.createCpu, off.createCpu),
      bulkCpuCostPct: cpuCost(on.bulkCpu, off.bulkCpu),
      loadAverage: Math.round(((load0 + (os.loadavg()[0] ?? 0)) / 2) * 10) / 10,
    }
    const signed = (pct: number) => (pct >= 0 ? `${pct}% slower` : `${-pct}% faster`)
    report(
      `create one record, ${CONNECTIONS} conns, audit on (off: baseline)`,
      `${out.createsPerSec}/s (${signed(out.createCostPct)})`,
      `off: ${out.offCreatesPerSec}/s`,
      '<= 10% cost',
    )
    report(
      `bulk insert ${bulkRows.toLocaleString('en')} rows (${bulkBatch.toLocaleString('en')}/req), audit on`,
      `${out.bulkRowsPerSec.toLocaleString('en')} rows/s (${signed(out.bulkCostPct)})`,
      `off: ${out.offBulkRowsPerSec.toLocaleString('en')} rows/s`,
      '<= 15% cost',
    )
    console.log(
      `  server CPU (process + its backends): per create ${out.createCpuUs} µs, off ${out.offCreateCpuUs} µs (+${out.createCpuCostPct}%); ` +
        `per bulk row ${out.bulkCpuUsPerRow} µs, off ${out.offBulkCpuUsPerRow} µs (+${out.bulkCpuCostPct}%)`,
    )
    console.log(`  median of the rounds' own on/off ratios: creates ${signed(out.createCostPairedPct)}, bulk ${signed(out.bulkCostPairedPct)}`)
    const list = (v: number[]) => v.map(Math.round).join(' ')
    console.log(`  rounds (load average ${out.loadAverage}): creates on ${list(on.creates)} | off ${list(off.creates)}; bulk on ${list(on.bulk)} | off ${list(off.bulk)}`)
    return out
  } finally {
    for (const r of raws) await r.end()
    for (const s of started) await s.stop()
    for (const d of dbs) await d.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchAuditCost(process.env['ROUNDS'] ? { rounds: Number(process.env['ROUNDS']) } : {})
