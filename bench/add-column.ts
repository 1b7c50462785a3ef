import postgres from 'postgres'
import { TEN_COLUMNS, api, createBenchDatabase, percentile, report, startServerProcess, time } from './lib.ts'
import { benchSeed } from './seed.ts'

/** Add a column to a 1M-row table through the API vs a bare ALTER TABLE ADD COLUMN. */
export async function benchAddColumn(rows = 1_000_000, runs = 10): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18104)
  const raw = postgres(db.url, { max: 1, onnotice: () => {} })
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Wide', columns: TEN_COLUMNS })
    await benchSeed(raw, table, 0, rows)
    const apiTimes: number[] = []
    const rawTimes: number[] = []
    for (let i = 0; i < runs; i++) {
      apiTimes.push((await time(() => api(server.url, 'POST', `/api/tables/${table.id}/columns`, { name: `Extra ${i}`, type: 'number' })))[0])
      rawTimes.push((await time(() => raw.unsafe(`alter table ${table.tableName} add column raw_${i} numeric`)))[0])
    }
    const out = { apiP50: percentile(apiTimes, 50), rawP50: percentile(rawTimes, 50), ratio: 0 }
    // The ratio, not the time, is the figure to watch: it holds on a noisy, shared machine.
    out.ratio = out.apiP50 / out.rawP50
    report(
      `add a column to a ${rows.toLocaleString('en')}-row table (p50, ratio ${out.ratio.toFixed(1)}x)`,
      `${out.apiP50.toFixed(1)} ms`,
      `${out.rawP50.toFixed(1)} ms`,
      '<= 5 ms (issue 14)',
    )
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchAddColumn()
