import postgres from 'postgres'
import { TEN_COLUMNS, api, authFetch, createBenchDatabase, report, startServerProcess, time } from './lib.ts'
import { benchSeed } from './seed.ts'

/** Reads a response body to the end, counting CSV lines (no seeded value holds a newline). */
async function drain(body: ReadableStream<Uint8Array> | null): Promise<{ bytes: number; lines: number }> {
  let bytes = 0
  let lines = 0
  if (!body) return { bytes, lines }
  for await (const chunk of body) {
    bytes += chunk.byteLength
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
  }
  return { bytes, lines }
}

/** CPU seconds (user + system) the process has used so far. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/**
 * CSV export (issue 15) of the ten-column table, `size` rows: through the API (the table, and a
 * view sorted by Quantity) against the raw baseline in the same run, PostgreSQL's own
 * `COPY (select ...) TO STDOUT (format csv)` of the same table read through postgres.js. The
 * server's resident memory is sampled while it streams: growth over its size before the export.
 */
export async function benchExport(size = 1_000_000): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18109)
  const raw = postgres(db.url, { max: 2, onnotice: () => {} })
  const out: Record<string, number> = {}
  const label = size.toLocaleString('en')
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Export', columns: TEN_COLUMNS })
    await benchSeed(raw, table, 0, size)
    const view = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/views`, {
      name: 'By quantity',
      dataTableId: table.id,
      type: 'table',
      queryConfig: { sort: [{ field: 'Quantity', direction: 'desc' }] },
    })

    // The baseline reads the same columns in the same order as the export (stored values, not labels).
    const columns = (await raw`select column_name from data_table_columns where data_table_id = ${table.id} and archived_at is null order by "order"`).map(
      (c) => c['column_name'] as string,
    )
    const [rawMs, rawBytes] = await time(async () => {
      const stream = await raw.unsafe(`copy (select ${columns.join(', ')} from ${table.tableName} order by created_at, id) to stdout (format csv, header)`).readable()
      let n = 0
      for await (const chunk of stream) n += (chunk as Buffer).byteLength
      return n
    })
    out['rawRowsPerS'] = Math.round(size / (rawMs / 1000))

    // Warm-up (not measured): the server's first exports load and compile their code paths and
    // grow V8's young generation to the size the server runs with (--max-semi-space-size=32), a
    // one-time growth that any busy server has already had; ~10% of the rows, both encodings.
    const started = await server.rssMb()
    const tenth = encodeURIComponent(JSON.stringify({ and: [{ field: 'Quantity', op: 'lt', value: 100 }] }))
    for (const encoding of ['br', 'identity']) {
      await drain((await authFetch(`${server.url}/api/tables/${table.id}/export?format=csv&filter=${tenth}`, { headers: { 'accept-encoding': encoding } })).body)
    }
    report('server RSS after start / after the warm-up exports', `${started} / ${await server.rssMb()} MB`, '', '')

    // Browsers ask for compressed answers (the server then streams brotli); a script may not.
    for (const [name, path, encoding] of [
      ['table', `/api/tables/${table.id}/export?format=csv`, 'br, gzip'],
      ['tableIdentity', `/api/tables/${table.id}/export?format=csv`, 'identity'],
      ['view', `/api/views/${view.id}/export?format=csv`, 'br, gzip'],
    ] as const) {
      const before = await server.rssMb()
      let peak = before
      let sampling = true
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await server.rssMb())
          await new Promise((r) => setTimeout(r, 50))
        }
      })()
      const cpu0 = await cpuSeconds(server.child.pid)
      const [ms, got] = await time(async () => drain((await authFetch(server.url + path, { headers: { 'accept-encoding': encoding } })).body))
      sampling = false
      await sampler
      const cpu = (await cpuSeconds(server.child.pid)) - cpu0
      if (got.lines !== size + 1) throw new Error(`${name} export: ${got.lines} lines for ${size} rows`)
      const perS = Math.round(size / (ms / 1000))
      out[`${name}RowsPerS`] = perS
      out[`${name}RssGrowthMb`] = peak - before
      report(
        `CSV export, ${name === 'view' ? 'view sorted by Quantity' : 'table'} (${encoding === 'identity' ? 'uncompressed' : 'brotli'}), ${label} rows`,
        `${perS.toLocaleString('en')} rows/s (${(ms / 1000).toFixed(1)} s, ${(got.bytes / 2 ** 20).toFixed(0)} MB)`,
        `${out['rawRowsPerS'].toLocaleString('en')} rows/s COPY (${(rawBytes / 2 ** 20).toFixed(0)} MB)`,
        '>= 100,000 rows/s',
      )
      report(`  server RSS growth during it`, `${peak - before} MB (${before} -> ${peak})`, '', '< 50 MB')
      out[`${name}ServerCpuS`] = cpu
      report(`  server CPU (user + system) for it`, `${cpu.toFixed(1)} s (${Math.round(size / cpu).toLocaleString('en')} rows per CPU s)`, '', '')
    }
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchExport(Number(process.argv[2] ?? 1_000_000))
