import os from 'node:os'
import { readFile } from 'node:fs/promises'
import postgres from 'postgres'
import { TEN_COLUMNS, api, cpuMs, createBenchDatabase, createBurst, docpalBackends, percentile, startServerProcess } from './lib.ts'

/**
 * Throughput of two server processes against one on the same PostgreSQL database (issue 19):
 * single-record creates, 10 client connections in all (two processes: 5 each, as a balancer
 * would spread them). Bursts alternate between the two set-ups on one table. Beside requests/s:
 * how busy the machine's cores were during each burst (/proc/stat, every process on it) and how
 * the CPU split between the server processes, their PostgreSQL backends and this load generator,
 * which shows where a second process's share has to come from on a 2-core machine.
 */

const CONNECTIONS = 10

/** Busy and total jiffies of all CPUs (user+nice+system+irq+softirq+steal; total adds idle+iowait). */
async function machineTicks(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? ''
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number)
  const busy = user + nice + system + irq + softirq + steal
  return { busy, total: busy + idle + iowait }
}

interface Round {
  perSec: number
  /** Share of the machine's cores busy during the burst (1 = all). */
  machineBusy: number
  /** CPU µs per create: server processes with their backends, and this load generator. */
  serverUs: number
  clientUs: number
  /** Of serverUs: the Node server processes alone (the rest is PostgreSQL). */
  nodeUs: number
}

export async function benchProcesses(o: { seconds?: number; rounds?: number } = {}): Promise<Record<string, number>> {
  const seconds = o.seconds ?? 3
  const rounds = o.rounds ?? 6
  const db = await createBenchDatabase()
  const raw = postgres(db.url, { max: 1, onnotice: () => {} })
  const servers: Array<Awaited<ReturnType<typeof startServerProcess>>> = []
  try {
    servers.push(await startServerProcess(db.url, 18151))
    servers.push(await startServerProcess(db.url, 18152))
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]]
    const app = await api<{ id: string }>(a.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string }>(a.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Processes', columns: TEN_COLUMNS })
    // Both processes' backends are on this database (application_name 'docpal server').
    const pids = async () => [a.child.pid ?? 0, b.child.pid ?? 0, ...(await docpalBackends(raw))]
    const burst = async (targets: ReadonlyArray<typeof a>): Promise<Round> => {
      const nodes = [a.child.pid ?? 0, b.child.pid ?? 0]
      const n0 = await cpuMs(nodes)
      const m0 = await machineTicks()
      const c0 = process.cpuUsage()
      const per = CONNECTIONS / targets.length
      const out = await Promise.all(targets.map((s) => createBurst({ url: s.url, tableId: table.id, headers: s.owner.headers, pids }, seconds, per)))
      const c1 = process.cpuUsage(c0)
      const m1 = await machineTicks()
      const nodeMs = (await cpuMs(nodes)) - n0
      const perSec = out.reduce((n, r) => n + r.perSec, 0)
      // Each burst counted every server and backend: the same CPU, split by its share of the creates.
      const serverUs = out.reduce((n, r) => n + r.cpuUs * (r.perSec / perSec), 0) / targets.length
      return {
        perSec,
        machineBusy: (m1.busy - m0.busy) / (m1.total - m0.total),
        serverUs,
        clientUs: (c1.user + c1.system) / (perSec * seconds),
        nodeUs: (nodeMs * 1000) / (perSec * seconds),
      }
    }
    const one: Round[] = []
    const two: Round[] = []
    const load0 = os.loadavg()[0] ?? 0
    for (let r = 0; r < rounds; r++) {
      if (r % 2) {
        two.push(await burst([a, b]))
        one.push(await burst([a]))
      } else {
        one.push(await burst([a]))
        two.push(await burst([a, b]))
      }
    }
    const med = (rs: Round[], k: keyof Round) =>
      percentile(
        rs.map((x) => x[k]),
        50,
      )
    const out = {
      onePerSec: Math.round(med(one, 'perSec')),
      twoPerSec: Math.round(med(two, 'perSec')),
      ratio: Math.round((med(two, 'perSec') / med(one, 'perSec')) * 100) / 100,
      oneBusyPct: Math.round(med(one, 'machineBusy') * 100),
      twoBusyPct: Math.round(med(two, 'machineBusy') * 100),
      oneServerUs: Math.round(med(one, 'serverUs')),
      twoServerUs: Math.round(med(two, 'serverUs')),
      oneClientUs: Math.round(med(one, 'clientUs')),
      oneNodeUs: Math.round(med(one, 'nodeUs')),
      twoNodeUs: Math.round(med(two, 'nodeUs')),
      twoClientUs: Math.round(med(two, 'clientUs')),
      cores: os.cpus().length,
      loadAverage: Math.round(((load0 + (os.loadavg()[0] ?? 0)) / 2) * 10) / 10,
    }
    console.log(`single creates, ${CONNECTIONS} connections in all, ${out.cores} cores (load average ${out.loadAverage}):`)
    console.log(
      `  one process:  ${out.onePerSec}/s, machine ${out.oneBusyPct}% busy, per create: server+backends ${out.oneServerUs} µs (Node ${out.oneNodeUs}), load generator ${out.oneClientUs} µs`,
    )
    console.log(
      `  two processes: ${out.twoPerSec}/s (x${out.ratio}), machine ${out.twoBusyPct}% busy, per create: server+backends ${out.twoServerUs} µs (Node ${out.twoNodeUs}), load generator ${out.twoClientUs} µs`,
    )
    const list = (rs: Round[]) => rs.map((x) => Math.round(x.perSec)).join(' ')
    console.log(`  rounds: one ${list(one)} | two ${list(two)}`)
    return out
  } finally {
    await raw.end()
    for (const s of servers) await s.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchProcesses(process.env['ROUNDS'] ? { rounds: Number(process.env['ROUNDS']) } : {})
