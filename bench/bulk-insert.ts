import postgres from 'postgres'
import { TEN_COLUMNS, api, createBenchDatabase, report, row, startServerProcess, time, authFetch } from './lib.ts'

/** 100k rows through POST /records/bulk (JSON in, COPY inside) vs postgres.js COPY of the same rows. */
export async function benchBulkInsert(total = 100_000, batch = 25_000): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18102)
  const raw = postgres(db.url, { max: 1, onnotice: () => {} })
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string; columns: Array<{ name: string }> }>(server.url, 'POST', `/api/apps/${app.id}/tables`, {
      name: 'Bulk',
      columns: TEN_COLUMNS,
    })
    const bodies: string[] = []
    for (let s = 0; s < total; s += batch) {
      const records = []
      for (let i = s; i < Math.min(total, s + batch); i++) records.push({ fields: row(i) })
      bodies.push(JSON.stringify({ records }))
    }
    const [ms] = await time(async () => {
      for (const body of bodies) {
        const res = await authFetch(`${server.url}/api/tables/${table.id}/records/bulk`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
        if (res.status !== 201) throw new Error(`bulk -> ${res.status} ${await res.text()}`)
      }
    })
    // Baseline: the same rows as COPY text through postgres.js, into a table of the same shape.
    const cols = ['text', 'text', 'numeric', 'numeric', 'date', 'text', 'text[]', 'text', 'text', 'boolean'].map((t, j) => `f_${j} ${t}`).join(', ')
    await raw.unsafe(
      `create table raw_bulk (id uuid primary key default gen_random_uuid(), created_at timestamptz not null default now(), updated_at timestamptz not null default now(), created_by uuid, ${cols})`,
    )
    await raw.unsafe(`create index on raw_bulk (created_at, id)`)
    const lines: string[] = []
    for (let i = 0; i < total; i++) {
      const r = row(i)
      const v = [
        r['Title'],
        r['Notes'],
        r['Amount'],
        r['Quantity'],
        r['Due'],
        r['Status'],
        `{${(r['Tags'] as string[]).join(',')}}`,
        r['Website'],
        r['Email'],
        r['Active'] ? 't' : 'f',
      ]
      lines.push(v.map((x) => (x === null ? '\\N' : typeof x === 'string' ? x : JSON.stringify(x))).join('\t'))
    }
    // API-sized requests (issue 14) compare with what one such request could cost at best: one
    // multi-row INSERT per batch; big requests with one COPY of everything.
    const small = batch <= 1_000
    const names = TEN_COLUMNS.map((_, j) => `f_${j}`)
    const [rms] = await time(async () => {
      if (small) {
        for (let s = 0; s < total; s += batch) {
          const part = lines.slice(s, s + batch).map((l) => Object.fromEntries(l.split('\t').map((v, j) => [`f_${j}`, v === '\\N' ? null : v])))
          await raw`insert into raw_bulk ${raw(part, ...names)}`
        }
        return
      }
      const w = await raw.unsafe(`copy raw_bulk (${names.join(', ')}) from stdin`).writable()
      await new Promise<void>((resolve, reject) => {
        w.on('finish', resolve)
        w.on('error', reject)
        w.end(lines.join('\n') + '\n')
      })
    })
    const count = (await raw.unsafe(`select count(*)::int as n from ${table.tableName}`))[0]!['n'] as number
    if (count !== total) throw new Error(`expected ${total} rows, found ${count}`)
    const out = { apiRowsPerSec: Math.round(total / (ms / 1000)), rawRowsPerSec: Math.round(total / (rms / 1000)), apiMs: ms, rawMs: rms }
    report(
      `bulk insert ${total.toLocaleString('en')} rows (${batch.toLocaleString('en')}/request)`,
      `${out.apiRowsPerSec.toLocaleString('en')} rows/s`,
      `${out.rawRowsPerSec.toLocaleString('en')} rows/s (${small ? `one ${batch.toLocaleString('en')}-row INSERT per batch` : 'one COPY'})`,
      small ? '>= 40,000 rows/s' : '>= 50,000 rows/s',
    )
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchBulkInsert()
  await benchBulkInsert(100_000, 1_000)
}
