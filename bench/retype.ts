import postgres from 'postgres'
import { api, createBenchDatabase, percentile, report, startServerProcess, time } from './lib.ts'

interface BenchTable {
  id: string
  tableName: string
}

/**
 * Retype a text column holding numbers to a number field through the API vs a bare
 * `ALTER TABLE ... ALTER COLUMN ... TYPE numeric USING ...` on an identical table, `rounds` times,
 * DocPal and raw alternating so the machine's noise falls on both alike.
 */
export async function benchRetype(rows = 162_000, rounds = 3): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18105)
  const raw = postgres(db.url, { max: 1, onnotice: () => {} })
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const make = async (name: string) => {
      const t = await api<BenchTable>(server.url, 'POST', `/api/apps/${app.id}/tables`, {
        name,
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'Code', type: 'text' },
        ],
      })
      const cols = (await raw`select id, column_name from data_table_columns where data_table_id = ${t.id} and archived_at is null order by "order"`) as Array<{
        id: string
        column_name: string
      }>
      const [title, code] = cols.map((c) => c.column_name)
      // Setup, not measured: every Code a number written as text, so the change loses nothing.
      await raw.unsafe(`insert into ${t.tableName} (${title}, ${code}) select 'row ' || i, (i * 1.25)::text from generate_series(1, ${rows}) i`)
      await raw.unsafe(`vacuum analyze ${t.tableName}`)
      return { t, code: { id: cols[1]!.id, columnName: code! } }
    }
    const apiTimes: number[] = []
    const rawTimes: number[] = []
    for (let r = 0; r < rounds; r++) {
      const a = await make(`Api ${r}`)
      apiTimes.push((await time(() => api(server.url, 'PATCH', `/api/tables/${a.t.id}/columns/${a.code.id}`, { type: 'number' })))[0])
      // The raw side: the same rows in a bare table (no search index, which a numeric column could not keep).
      const rt = `raw_${r}`
      await raw.unsafe(
        `create table ${rt} (id uuid primary key default gen_random_uuid(), created_at timestamptz not null default now(), updated_at timestamptz not null default now(), created_by uuid, title text, code text)`,
      )
      await raw.unsafe(`create index on ${rt} (created_at, id)`)
      await raw.unsafe(`insert into ${rt} (title, code) select 'row ' || i, (i * 1.25)::text from generate_series(1, ${rows}) i`)
      await raw.unsafe(`vacuum analyze ${rt}`)
      rawTimes.push((await time(() => raw.unsafe(`alter table ${rt} alter column code type numeric using nullif(btrim(code), '')::numeric`)))[0])
    }
    const out = { apiP50: percentile(apiTimes, 50), rawP50: percentile(rawTimes, 50), ratio: 0 }
    // The ratio, not the time, is the figure to watch: it holds on a noisy, shared machine.
    out.ratio = out.apiP50 / out.rawP50
    report(
      `retype text -> number, ${rows.toLocaleString('en')} rows (p50 of ${rounds}, ratio ${out.ratio.toFixed(1)}x)`,
      `${out.apiP50.toFixed(0)} ms`,
      `${out.rawP50.toFixed(0)} ms`,
      '<= 1.5x raw (issue 14)',
    )
    console.log(`  docpal runs: ${apiTimes.map((t) => t.toFixed(0)).join(', ')} ms; raw runs: ${rawTimes.map((t) => t.toFixed(0)).join(', ')} ms`)
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRetype(Number(process.argv[2] ?? 162_000), Number(process.argv[3] ?? 3))
