import postgres from 'postgres'
import { TEN_COLUMNS, api, createBenchDatabase, percentile, report, startServerProcess, time } from './lib.ts'

/** Create a 10-column table through the API vs the bare CREATE TABLE through postgres.js. */
export async function benchCreateTable(runs = 50, warmup = 5): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18101)
  const raw = postgres(db.url, { max: 1, onnotice: () => {} })
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const apiTimes: number[] = []
    const rawTimes: number[] = []
    for (let i = 0; i < runs + warmup; i++) {
      const [ms] = await time(() => api(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: `T${i}`, columns: TEN_COLUMNS }))
      if (i >= warmup) apiTimes.push(ms)
      const cols = ['text', 'text', 'numeric', 'numeric', 'date', 'text', 'text[]', 'text', 'text', 'boolean'].map((t, j) => `f_${j} ${t}`).join(', ')
      const [rms] = await time(() =>
        raw.begin(async (tx) => {
          await tx.unsafe(
            `create table raw_${i} (id uuid primary key default gen_random_uuid(), created_at timestamptz not null default now(), updated_at timestamptz not null default now(), created_by uuid, ${cols})`,
          )
          await tx.unsafe(`create index on raw_${i} (created_at, id)`)
        }),
      )
      if (i >= warmup) rawTimes.push(rms)
    }
    const out = { apiP50: percentile(apiTimes, 50), apiP95: percentile(apiTimes, 95), rawP50: percentile(rawTimes, 50), ratio: 0 }
    // The ratio, not the time, is the figure to watch: it holds on a noisy, shared machine.
    out.ratio = out.apiP50 / out.rawP50
    report(
      `create a 10-column table (p50 / p95, ratio ${out.ratio.toFixed(1)}x)`,
      `${out.apiP50.toFixed(1)} / ${out.apiP95.toFixed(1)} ms`,
      `${out.rawP50.toFixed(1)} ms`,
      '<= 10 ms (issue 14)',
    )
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCreateTable()
