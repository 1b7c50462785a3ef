import postgres from 'postgres'
import { TEN_COLUMNS, api, cpuMs, createBenchDatabase, docpalBackends, percentile, report, startServerProcess, time } from './lib.ts'

/**
 * Create a 10-column table through the API vs the bare CREATE TABLE through postgres.js, with the
 * CPU each side spent (the server process and its backends; the raw backend), as add-column.ts.
 */
export async function benchCreateTable(runs = 50, warmup = 5): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18101)
  const raw = postgres(db.url, { max: 1, onnotice: () => {} })
  try {
    const rawPid = (await raw<Array<{ pid: number }>>`select pg_backend_pid() as pid`)[0]?.pid ?? 0
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const apiTimes: number[] = []
    const rawTimes: number[] = []
    let apiCpu = 0
    let rawCpu = 0
    for (let i = 0; i < runs + warmup; i++) {
      const pids = [server.child.pid ?? 0, ...(await docpalBackends(raw))]
      const c0 = await cpuMs(pids)
      const [ms] = await time(() => api(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: `T${i}`, columns: TEN_COLUMNS }))
      const c1 = await cpuMs([...new Set([...pids, ...(await docpalBackends(raw))])])
      const cols = ['text', 'text', 'numeric', 'numeric', 'date', 'text', 'text[]', 'text', 'text', 'boolean'].map((t, j) => `f_${j} ${t}`).join(', ')
      const r0 = await cpuMs([rawPid])
      const [rms] = await time(() =>
        raw.begin(async (tx) => {
          await tx.unsafe(
            `create table raw_${i} (id uuid primary key default gen_random_uuid(), created_at timestamptz not null default now(), updated_at timestamptz not null default now(), created_by uuid, ${cols})`,
          )
          await tx.unsafe(`create index on raw_${i} (created_at, id)`)
        }),
      )
      const r1 = await cpuMs([rawPid])
      if (i < warmup) continue
      apiTimes.push(ms)
      rawTimes.push(rms)
      apiCpu += c1 - c0
      rawCpu += r1 - r0
    }
    const out = { apiP50: percentile(apiTimes, 50), apiP95: percentile(apiTimes, 95), rawP50: percentile(rawTimes, 50), ratio: 0, apiCpuMs: apiCpu / runs, rawCpuMs: rawCpu / runs }
    // The ratio, not the time, is the figure to watch: it holds on a noisy, shared machine.
    out.ratio = out.apiP50 / out.rawP50
    report(
      `create a 10-column table (p50 / p95, ratio ${out.ratio.toFixed(1)}x)`,
      `${out.apiP50.toFixed(1)} / ${out.apiP95.toFixed(1)} ms`,
      `${out.rawP50.toFixed(1)} ms`,
      '<= 10 ms (issue 14)',
    )
    console.log(`  server CPU per create (mean of ${runs}, 10 ms ticks): docpal ${out.apiCpuMs.toFixed(1)} ms (server + its backends); raw backend ${out.rawCpuMs.toFixed(1)} ms`)
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCreateTable(Number(process.argv[2] ?? 50), Number(process.argv[3] ?? 5))
