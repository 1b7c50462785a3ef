import postgres from 'postgres'
import { TEN_COLUMNS, api, cpuMs, createBenchDatabase, docpalBackends, percentile, report, retryOnDeadlock, startServerProcess, time } from './lib.ts'
import { benchSeed } from './seed.ts'

/**
 * Add a column to a large table through the API vs a bare ALTER TABLE ADD COLUMN, alternating.
 * Besides wall time, the CPU the server spent per add (its process and its PostgreSQL backends,
 * from /proc) beside the raw backend's: on a busy machine wall time is mostly waiting for a core.
 */
/**
 * `type`: the column's type. A text column is searchable: its trigram index is built after the
 * answer; the loop waits for that build between adds (users do not add columns 10 ms apart), so
 * each add is timed as a user sees it, and the build's own time is printed apart.
 */
export async function benchAddColumn(rows = 1_000_000, runs = 10, warmup = 3, type = 'text'): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18104)
  const raw = postgres(db.url, { max: 1, onnotice: () => {} })
  try {
    const rawPid = (await raw<Array<{ pid: number }>>`select pg_backend_pid() as pid`)[0]?.pid ?? 0
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Wide', columns: TEN_COLUMNS })
    await benchSeed(raw, table, 0, rows)
    const apiTimes: number[] = []
    const rawTimes: number[] = []
    let apiCpu = 0
    let rawCpu = 0
    const building = async () => (await raw<Array<{ n: number }>>`select count(*)::int as n from pg_stat_progress_create_index`)[0]?.n ?? 0
    const builds: number[] = []
    for (let i = 0; i < runs + warmup; i++) {
      const pids = [server.child.pid ?? 0, ...(await docpalBackends(raw))]
      const c0 = await cpuMs(pids)
      const [ms] = await time(() => api(server.url, 'POST', `/api/tables/${table.id}/columns`, { name: `Extra ${i}`, type }))
      const b0 = performance.now()
      while ((await building()) > 0) await new Promise((r) => setTimeout(r, 2))
      if (i >= warmup) builds.push(performance.now() - b0)
      const c1 = await cpuMs([...new Set([...pids, ...(await docpalBackends(raw))])])
      const r0 = await cpuMs([rawPid])
      const [rms] = await time(() => retryOnDeadlock(() => raw.unsafe(`alter table ${table.tableName} add column raw_${i} numeric`)))
      const r1 = await cpuMs([rawPid])
      if (i < warmup) continue
      apiTimes.push(ms)
      rawTimes.push(rms)
      apiCpu += c1 - c0
      rawCpu += r1 - r0
    }
    const out = {
      apiP50: percentile(apiTimes, 50),
      rawP50: percentile(rawTimes, 50),
      ratio: 0,
      apiCpuMs: apiCpu / runs,
      rawCpuMs: rawCpu / runs,
      indexBuildP50: percentile(builds, 50),
    }
    // The ratio, not the time, is the figure to watch: it holds on a noisy, shared machine.
    out.ratio = out.apiP50 / out.rawP50
    report(
      `add a ${type} column to a ${rows.toLocaleString('en')}-row table (p50, ratio ${out.ratio.toFixed(1)}x)`,
      `${out.apiP50.toFixed(1)} ms`,
      `${out.rawP50.toFixed(1)} ms`,
      '<= 5 ms (issue 14)',
    )
    console.log(`  server CPU per add (mean of ${runs}, 10 ms ticks): docpal ${out.apiCpuMs.toFixed(1)} ms (server + its backends); raw backend ${out.rawCpuMs.toFixed(1)} ms`)
    console.log(`  search index build after the answer (text columns), p50: ${out.indexBuildP50.toFixed(1)} ms`)
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchAddColumn(Number(process.argv[2] ?? 1_000_000), Number(process.argv[3] ?? 10), 3, process.argv[4] ?? 'text')
