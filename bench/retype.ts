import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { openPglite } from '@docpal/kernel'
import { api, cpuMs, createBenchDatabase, docpalBackends, percentile, report, startServerProcess, time, vacuumAnalyze } from './lib.ts'

interface BenchTable {
  id: string
  tableName: string
  columns: Array<{ id: string; name: string }>
}

const COLUMNS = [
  { name: 'Title', type: 'text' },
  { name: 'Code', type: 'text' },
]
const USING = `nullif(btrim(code), '')::numeric`
const RAW_TABLE = (t: string) =>
  `create table ${t} (id uuid primary key default gen_random_uuid(), created_at timestamptz not null default now(), updated_at timestamptz not null default now(), created_by uuid, title text, code text)`
const RAW_ROWS = (t: string, rows: number) => `insert into ${t} (title, code) select 'row ' || i, (i * 1.25)::text from generate_series(1, ${rows}) i`

export interface RetypeFigures extends Record<string, number> {
  apiP50: number
  rawP50: number
  rawIndexedP50: number
  ratio: number
  ratioIndexed: number
}

/**
 * Retype a text column holding numbers (every value converts) to a number field through the API,
 * beside `ALTER TABLE ... ALTER COLUMN ... TYPE numeric USING ...` on identical rows, `rounds`
 * times, DocPal and raw alternating so the machine's noise falls on both alike. Two raw tables:
 * a bare one (the baseline) and one with the indexes DocPal's table has (a trigram search
 * index on each text column; the retyped column's is dropped first, as a number cannot keep it),
 * since rewriting a table rebuilds its indexes whoever does it. Server CPU (the server process and
 * its PostgreSQL backends, from /proc) is printed beside the raw backend's, for busy machines.
 */
export async function benchRetype(rows = 162_000, rounds = 3): Promise<RetypeFigures> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18105)
  const raw = postgres(db.url, { max: 1, onnotice: () => {} })
  try {
    const rawPid = (await raw<Array<{ pid: number }>>`select pg_backend_pid() as pid`)[0]?.pid ?? 0
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const times = { api: [] as number[], raw: [] as number[], rawIndexed: [] as number[] }
    const cpu = { api: [] as number[], raw: [] as number[], rawIndexed: [] as number[] }
    for (let r = 0; r < rounds; r++) {
      const t = await api<BenchTable>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: `Api ${r}`, columns: COLUMNS })
      const cols = (await raw`select id, column_name from data_table_columns where data_table_id = ${t.id} and archived_at is null order by "order"`) as Array<{
        id: string
        column_name: string
      }>
      const [title, code] = cols
      // Setup, not measured: every Code a number written as text, so the change loses nothing.
      await raw.unsafe(`insert into ${t.tableName} (${title!.column_name}, ${code!.column_name}) select 'row ' || i, (i * 1.25)::text from generate_series(1, ${rows}) i`)
      await vacuumAnalyze(raw, t.tableName)
      const pids = [server.child.pid ?? 0, ...(await docpalBackends(raw))]
      const c0 = await cpuMs(pids)
      times.api.push((await time(() => api(server.url, 'PATCH', `/api/tables/${t.id}/columns/${code!.id}`, { type: 'number' })))[0])
      // Backends the pool opened during the request count from their start.
      cpu.api.push((await cpuMs([...new Set([...pids, ...(await docpalBackends(raw))])])) - c0)

      for (const indexed of [false, true]) {
        const rt = `raw_${r}_${indexed ? 'i' : 'b'}`
        await raw.unsafe(RAW_TABLE(rt))
        await raw.unsafe(`create index on ${rt} (created_at, id)`)
        if (indexed) {
          await raw.unsafe(`create index on ${rt} using gin (title gin_trgm_ops)`)
          await raw.unsafe(`create index ${rt}_code_trgm on ${rt} using gin (code gin_trgm_ops)`)
        }
        await raw.unsafe(RAW_ROWS(rt, rows))
        await raw.unsafe(`vacuum analyze ${rt}`)
        const r0 = await cpuMs([rawPid])
        const [ms] = await time(async () => {
          if (!indexed) {
            await raw.unsafe(`alter table ${rt} alter column code type numeric using ${USING}`)
            return
          }
          await raw.begin(async (tx) => {
            await tx.unsafe(`drop index ${rt}_code_trgm`)
            await tx.unsafe(`alter table ${rt} alter column code type numeric using ${USING}`)
          })
        })
        ;(indexed ? times.rawIndexed : times.raw).push(ms)
        ;(indexed ? cpu.rawIndexed : cpu.raw).push((await cpuMs([rawPid])) - r0)
      }
    }
    const out: RetypeFigures = { apiP50: percentile(times.api, 50), rawP50: percentile(times.raw, 50), rawIndexedP50: percentile(times.rawIndexed, 50), ratio: 0, ratioIndexed: 0 }
    // The ratios, not the times, are the figures to watch: they hold on a noisy, shared machine.
    out.ratio = out.apiP50 / out.rawP50
    out.ratioIndexed = out.apiP50 / out.rawIndexedP50
    const p = (xs: number[]) => percentile(xs, 50)
    report(
      `retype text -> number, ${rows.toLocaleString('en')} rows (p50 of ${rounds}, ratio ${out.ratio.toFixed(2)}x bare / ${out.ratioIndexed.toFixed(2)}x same indexes)`,
      `${out.apiP50.toFixed(0)} ms`,
      `${out.rawP50.toFixed(0)} / ${out.rawIndexedP50.toFixed(0)} ms`,
      '<= 1.5x raw (issue 14)',
    )
    console.log(
      `  wall, docpal: ${times.api.map((x) => x.toFixed(0)).join(', ')} ms; raw bare: ${times.raw.map((x) => x.toFixed(0)).join(', ')}; raw same indexes: ${times.rawIndexed.map((x) => x.toFixed(0)).join(', ')}`,
    )
    console.log(
      `  server CPU p50, docpal (server + its backends): ${p(cpu.api)} ms; raw backend, bare: ${p(cpu.raw)} ms (${(p(cpu.api) / p(cpu.raw)).toFixed(2)}x); same indexes: ${p(cpu.rawIndexed)} ms (${(p(cpu.api) / p(cpu.rawIndexed)).toFixed(2)}x)`,
    )
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

/**
 * The same on the embedded default: DocPal on PGlite in its own process (rows loaded through the
 * API, 1,000 per request), beside a PGlite of this process running the bare ALTER on the same
 * rows, bare and with the same indexes. CPU: the server process vs this process around the ALTER.
 */
export async function benchRetypeEmbedded(rows = 162_000, rounds = 3): Promise<RetypeFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'docpal-bench-retype-'))
  const server = await startServerProcess('', 18106, { DOCPAL_DATA_DIR: dataDir })
  // The same PGlite build and settings as DocPal's (pg_trgm loaded), on disk as DocPal's is.
  const rawDir = await mkdtemp(join(tmpdir(), 'docpal-bench-raw-'))
  const pg = await openPglite({ dataDir: rawDir })
  try {
    await pg.exec('create extension if not exists pg_trgm')
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const times = { api: [] as number[], raw: [] as number[], rawIndexed: [] as number[] }
    const cpu = { api: [] as number[], raw: [] as number[], rawIndexed: [] as number[] }
    for (let r = 0; r < rounds; r++) {
      const t = await api<BenchTable>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: `Api ${r}`, columns: COLUMNS })
      for (let i = 0; i < rows; i += 1000) {
        const records = Array.from({ length: Math.min(1000, rows - i) }, (_, j) => ({ fields: { Title: `row ${i + j + 1}`, Code: String((i + j + 1) * 1.25) } }))
        await api(server.url, 'POST', `/api/tables/${t.id}/records/bulk`, { records })
      }
      const code = t.columns.find((c) => c.name === 'Code')!
      const c0 = await cpuMs([server.child.pid ?? 0])
      times.api.push((await time(() => api(server.url, 'PATCH', `/api/tables/${t.id}/columns/${code.id}`, { type: 'number' })))[0])
      cpu.api.push((await cpuMs([server.child.pid ?? 0])) - c0)
      for (const indexed of [false, true]) {
        const rt = `raw_${r}_${indexed ? 'i' : 'b'}`
        await pg.exec(RAW_TABLE(rt))
        await pg.exec(`create index on ${rt} (created_at, id)`)
        if (indexed) await pg.exec(`create index on ${rt} using gin (title gin_trgm_ops); create index ${rt}_code_trgm on ${rt} using gin (code gin_trgm_ops)`)
        await pg.exec(RAW_ROWS(rt, rows))
        await pg.exec(`vacuum analyze ${rt}`)
        const u0 = process.cpuUsage()
        const [ms] = await time(() =>
          pg.exec(
            indexed
              ? `begin; drop index ${rt}_code_trgm; alter table ${rt} alter column code type numeric using ${USING}; commit`
              : `alter table ${rt} alter column code type numeric using ${USING}`,
          ),
        )
        const u = process.cpuUsage(u0)
        ;(indexed ? times.rawIndexed : times.raw).push(ms)
        ;(indexed ? cpu.rawIndexed : cpu.raw).push((u.user + u.system) / 1000)
      }
    }
    const out: RetypeFigures = { apiP50: percentile(times.api, 50), rawP50: percentile(times.raw, 50), rawIndexedP50: percentile(times.rawIndexed, 50), ratio: 0, ratioIndexed: 0 }
    out.ratio = out.apiP50 / out.rawP50
    out.ratioIndexed = out.apiP50 / out.rawIndexedP50
    const p = (xs: number[]) => percentile(xs, 50)
    report(
      `embedded PGlite: retype text -> number, ${rows.toLocaleString('en')} rows (ratio ${out.ratio.toFixed(2)}x bare / ${out.ratioIndexed.toFixed(2)}x same indexes)`,
      `${out.apiP50.toFixed(0)} ms`,
      `${out.rawP50.toFixed(0)} / ${out.rawIndexedP50.toFixed(0)} ms`,
      '<= 1.5x raw (issue 14)',
    )
    console.log(
      `  wall, docpal: ${times.api.map((x) => x.toFixed(0)).join(', ')} ms; raw bare: ${times.raw.map((x) => x.toFixed(0)).join(', ')}; raw same indexes: ${times.rawIndexed.map((x) => x.toFixed(0)).join(', ')}`,
    )
    console.log(`  CPU p50, docpal server: ${p(cpu.api).toFixed(0)} ms; raw PGlite bare: ${p(cpu.raw).toFixed(0)} ms; same indexes: ${p(cpu.rawIndexed).toFixed(0)} ms`)
    return out
  } finally {
    await pg.close()
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
    await rm(rawDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 162_000)
  const rounds = Number(process.argv[3] ?? 3)
  if (process.argv[4] === 'embedded') await benchRetypeEmbedded(rows, rounds)
  else await benchRetype(rows, rounds)
}
