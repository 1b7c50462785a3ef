import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPglite } from '@docpal/kernel'
import { TEN_COLUMNS, api, cpuMs, percentile, report, row, startServerProcess, time } from './lib.ts'

const RAW_COLUMNS = ['text', 'text', 'numeric', 'numeric', 'date', 'text', 'text[]', 'text', 'text', 'boolean'].map((t, j) => `f_${j} ${t}`).join(', ')
const RAW_TABLE = (t: string) =>
  `create table ${t} (id uuid primary key default gen_random_uuid(), created_at timestamptz not null default now(), updated_at timestamptz not null default now(), created_by uuid, ${RAW_COLUMNS}); create index on ${t} (created_at, id)`

/**
 * Issue 14's schema changes on the embedded default: DocPal on PGlite in its own process beside a
 * PGlite of this process doing the bare statements (CREATE TABLE + index in a transaction; ALTER
 * TABLE ADD COLUMN on a table of as many rows), alternating. CPU: the server process per change vs
 * this process around the raw statement (PGlite runs in the calling process).
 */
export async function benchSchemaEmbedded(rows = 100_000, runs = 20, warmup = 5): Promise<Record<string, number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'docpal-bench-schema-'))
  const server = await startServerProcess('', 18109, { DOCPAL_DATA_DIR: dataDir })
  // The same PGlite build and settings as DocPal's, on disk as DocPal's is (commits write the data dir).
  const rawDir = await mkdtemp(join(tmpdir(), 'docpal-bench-raw-'))
  const pg = await openPglite({ dataDir: rawDir })
  const pid = server.child.pid ?? 0
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const t = { create: [] as number[], rawCreate: [] as number[], add: [] as number[], rawAdd: [] as number[] }
    const cpu = { create: 0, rawCreate: 0, add: 0, rawAdd: 0 }
    const raw = async (text: string): Promise<[number, number]> => {
      const u0 = process.cpuUsage()
      const [ms] = await time(() => pg.exec(text))
      const u = process.cpuUsage(u0)
      return [ms, (u.user + u.system) / 1000]
    }
    for (let i = 0; i < runs + warmup; i++) {
      const c0 = await cpuMs([pid])
      const [ms] = await time(() => api(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: `T${i}`, columns: TEN_COLUMNS }))
      const c1 = await cpuMs([pid])
      const [rms, rcpu] = await raw(`begin; ${RAW_TABLE(`raw_${i}`)}; commit`)
      if (i < warmup) continue
      t.create.push(ms)
      t.rawCreate.push(rms)
      cpu.create += c1 - c0
      cpu.rawCreate += rcpu
    }
    const table = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Wide', columns: TEN_COLUMNS })
    for (let i = 0; i < rows; i += 1000) {
      const records = Array.from({ length: Math.min(1000, rows - i) }, (_, j) => ({ fields: row(i + j) }))
      await api(server.url, 'POST', `/api/tables/${table.id}/records/bulk`, { records })
    }
    await pg.exec(`${RAW_TABLE('wide')}; insert into wide (f_0, f_2) select 'row ' || i, i from generate_series(1, ${rows}) i`)
    // VACUUM refuses to run in a multi-statement string (an implicit transaction).
    await pg.exec('vacuum analyze wide')
    for (let i = 0; i < runs + warmup; i++) {
      const c0 = await cpuMs([pid])
      const [ms] = await time(() => api(server.url, 'POST', `/api/tables/${table.id}/columns`, { name: `Extra ${i}`, type: 'number' }))
      const c1 = await cpuMs([pid])
      const [rms, rcpu] = await raw(`alter table wide add column extra_${i} numeric`)
      if (i < warmup) continue
      t.add.push(ms)
      t.rawAdd.push(rms)
      cpu.add += c1 - c0
      cpu.rawAdd += rcpu
    }
    const out = {
      createP50: percentile(t.create, 50),
      rawCreateP50: percentile(t.rawCreate, 50),
      addP50: percentile(t.add, 50),
      rawAddP50: percentile(t.rawAdd, 50),
      createCpuMs: cpu.create / runs,
      rawCreateCpuMs: cpu.rawCreate / runs,
      addCpuMs: cpu.add / runs,
      rawAddCpuMs: cpu.rawAdd / runs,
    }
    report(`embedded PGlite: create a 10-column table (p50 of ${runs})`, `${out.createP50.toFixed(1)} ms`, `${out.rawCreateP50.toFixed(1)} ms`, '<= 10 ms (issue 14)')
    report(
      `embedded PGlite: add a column, ${rows.toLocaleString('en')} rows (p50 of ${runs})`,
      `${out.addP50.toFixed(1)} ms`,
      `${out.rawAddP50.toFixed(1)} ms`,
      '<= 5 ms (issue 14)',
    )
    console.log(
      `  CPU per change (mean, 10 ms ticks for the server): create ${out.createCpuMs.toFixed(1)} vs raw ${out.rawCreateCpuMs.toFixed(1)} ms; add ${out.addCpuMs.toFixed(1)} vs raw ${out.rawAddCpuMs.toFixed(1)} ms`,
    )
    return out
  } finally {
    await pg.close()
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
    await rm(rawDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSchemaEmbedded(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 20))
