import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { TEN_COLUMNS, api, authFetch, createBenchDatabase, percentile, report, row, startServerProcess, time } from './lib.ts'
import { benchSeed } from './seed.ts'

/**
 * The grid's writes on a 100k-row table (issue 15): what a person waits for between the end of an
 * in-cell edit and the server's answer (the grid shows the value at once; "saved" is the answer).
 * Measured over HTTP with the requests the grid sends, not through a browser: the single PATCH of
 * one cell, the bulk PATCH of a pasted 3x5 block (`?input=text`, read by each column's parser),
 * and the summary row's aggregates over all rows. Each beside the same work through postgres.js.
 * `embedded`: the server on PGlite (rows loaded through the bulk API; no raw baseline, the
 * database lives in the server process).
 */
export async function benchGridEdit(size = 100_000, runs = 300, embedded = false): Promise<Record<string, number>> {
  const db = embedded ? undefined : await createBenchDatabase()
  const dir = embedded ? await mkdtemp(join(tmpdir(), 'docpal-grid-bench-')) : undefined
  const server = await startServerProcess(db?.url ?? '', 18111, dir ? { DOCPAL_DATA_DIR: dir } : {})
  const raw = db ? postgres(db.url, { max: 1, onnotice: () => {} }) : undefined
  const out: Record<string, number> = {}
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string; columns: Array<{ id: string; name: string }> }>(server.url, 'POST', `/api/apps/${app.id}/tables`, {
      name: 'Grid',
      columns: TEN_COLUMNS,
    })
    let ids: string[] = []
    if (raw) {
      await benchSeed(raw, table, 0, size)
      ids = (await raw.unsafe(`select id from ${table.tableName} order by created_at, id`)).map((r) => r['id'] as string)
    } else {
      for (let s = 0; s < size; s += 10_000) {
        const records = Array.from({ length: Math.min(10_000, size - s) }, (_, j) => ({ fields: row(s + j) }))
        ids.push(...(await api<{ ids: string[] }>(server.url, 'POST', `/api/tables/${table.id}/records/bulk`, { records })).ids)
      }
    }
    const phys = raw
      ? Object.fromEntries(
          ((await raw`select name, column_name from data_table_columns where data_table_id = ${table.id}`) as Array<{ name: string; column_name: string }>).map((r) => [
            r.name,
            r.column_name,
          ]),
        )
      : {}
    const pick = (i: number) => ids[(i * 7919) % ids.length] ?? ''
    const base = `${server.url}/api/tables/${table.id}/records`
    const send = async (method: string, url: string, body: unknown) => {
      const res = await authFetch(url, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
      if (res.status !== 200) throw new Error(`${method} ${url} -> ${res.status} ${await res.text()}`)
      await res.text()
    }
    async function p50(fn: (i: number) => Promise<unknown>, n = runs): Promise<{ p50: number; p95: number }> {
      for (let i = 0; i < 10; i++) await fn(i)
      const times: number[] = []
      for (let i = 0; i < n; i++) times.push((await time(() => fn(i + 10)))[0])
      return { p50: percentile(times, 50), p95: percentile(times, 95) }
    }

    // One cell: the PATCH the grid sends when an edit commits, and its answer (the record).
    const cell = await p50((i) => send('PATCH', `${base}/${pick(i)}`, { fields: { Title: `edited ${i}` } }))
    const rawCell = raw
      ? await p50((i) => raw.unsafe(`update ${table.tableName} as t set ${phys['Title']} = $1, updated_at = now() where t.id = $2 returning t.*`, [`raw ${i}`, pick(i + runs)]))
      : { p50: NaN, p95: NaN }
    out['cellP50'] = cell.p50
    out['cellP95'] = cell.p95
    out['rawCellP50'] = rawCell.p50
    const where = embedded ? 'PGlite' : 'PostgreSQL'
    report(
      `in-cell edit to saved, ${size.toLocaleString('en')} rows, ${where} (PATCH, p50 / p95)`,
      `${cell.p50.toFixed(1)} / ${cell.p95.toFixed(1)} ms`,
      raw ? `${rawCell.p50.toFixed(1)} ms (one UPDATE)` : 'none (in-process)',
      'p50 <= 50 ms',
    )

    // A pasted 3x5 block: three records, five columns, as spreadsheet text.
    const block = (i: number) => ({
      records: [0, 1, 2].map((r) => ({
        id: pick(i * 3 + r + 2 * runs),
        fields: { Title: `pasted ${i}`, Amount: '1,234.50', Quantity: String(i), Status: 'Doing', Active: 'yes' },
      })),
    })
    const paste = await p50((i) => send('PATCH', `${base}?input=text&onInvalid=skip`, block(i)), 100)
    out['paste3x5P50'] = paste.p50
    report(`paste of a 3x5 block, ${where} (bulk PATCH, text, p50)`, `${paste.p50.toFixed(1)} ms`, '', '')

    // The summary row: a sum, a count and a max over all rows.
    const ids3 = Object.fromEntries(table.columns.map((c) => [c.name, c.id]))
    const summaries = { [ids3['Amount'] ?? '']: 'sum', [ids3['Title'] ?? '']: 'count', [ids3['Due'] ?? '']: 'max' }
    const summary = await p50(() => send('POST', `${base}/summary`, { summaries }), 30)
    const rawSummary = raw
      ? await p50(
          () =>
            raw.unsafe(
              `select count(*), sum(${phys['Amount']})::float8, count(*) filter (where coalesce(${phys['Title']}, '') <> ''), max(${phys['Due']}) from ${table.tableName}`,
            ),
          30,
        )
      : { p50: NaN, p95: NaN }
    out['summaryP50'] = summary.p50
    out['rawSummaryP50'] = rawSummary.p50
    report(
      `summary row (sum, count, max) over ${size.toLocaleString('en')} rows, ${where}`,
      `${summary.p50.toFixed(1)} ms`,
      raw ? `${rawSummary.p50.toFixed(1)} ms` : 'none (in-process)',
      '',
    )
    return out
  } finally {
    await raw?.end()
    await server.stop()
    await db?.drop()
    if (dir) await rm(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = Number(process.argv[2] ?? 100_000)
  console.log(JSON.stringify(await benchGridEdit(size, 300, process.argv[3] === 'embedded')))
}
