import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPglite } from '@docpal/kernel'
import { TEN_COLUMNS, api, authFetch, medianTime, report, row, startServerProcess, time } from './lib.ts'

/**
 * Issue 14's page and bulk figures on the embedded default (PGlite), which the PostgreSQL benches
 * (page-query.ts, bulk-insert.ts) do not cover. DocPal runs on PGlite in its own process: the rows
 * go in through the API's bulk insert in 1,000-row requests (the bulk figure), then the filtered
 * pages are asked through the API. The raw limits are then measured on the same data dir, opened
 * by a PGlite of this process once the server has stopped (PGlite admits one process): the same
 * page and count statements by hand, and the same rows inserted as one 1,000-row INSERT per batch
 * into a copy of the table with all of its indexes. PGlite has one connection, so a counted page
 * is the page's statement and the count's, one after the other, in both columns.
 */
export async function benchEmbeddedWorkload(rows = 100_000, runs = 30): Promise<Record<string, number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'docpal-bench-embedded-'))
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined = await startServerProcess('', 18119, { DOCPAL_DATA_DIR: dataDir })
  const out: Record<string, number> = {}
  try {
    const url = server.url
    const app = await api<{ id: string }>(url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string }>(url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Pages', columns: TEN_COLUMNS })
    // A view sorting on Due makes DocPal index it, as a user's view would.
    await api(url, 'POST', `/api/apps/${app.id}/views`, { name: 'By due', dataTableId: table.id, type: 'table', queryConfig: { sort: [{ field: 'Due', direction: 'desc' }] } })
    const bodies: string[] = []
    for (let s = 0; s < rows; s += 1_000) bodies.push(JSON.stringify({ records: Array.from({ length: Math.min(1_000, rows - s) }, (_, j) => ({ fields: row(s + j) })) }))
    const [bulkMs] = await time(async () => {
      for (const body of bodies) {
        const res = await authFetch(`${url}/api/tables/${table.id}/records/bulk`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
        if (res.status !== 201) throw new Error(`bulk -> ${res.status} ${await res.text()}`)
      }
    })
    out['bulkRowsPerSec'] = Math.round(rows / (bulkMs / 1000))

    const filter = encodeURIComponent(
      JSON.stringify({
        and: [
          { field: 'Quantity', op: 'gt', value: 500 },
          { field: 'Title', op: 'contains', value: 'alpha' },
        ],
      }),
    )
    const sorts = { indexed: 'Due', unindexed: 'Amount' } as const
    for (const [kind, field] of Object.entries(sorts)) {
      const sort = encodeURIComponent(JSON.stringify([{ field, direction: 'desc' }]))
      const page = (extra: string) => () => authFetch(`${url}/api/tables/${table.id}/records?filter=${filter}&sort=${sort}&limit=50${extra}`).then((r) => r.text())
      out[`${kind}_counted`] = await medianTime(page('&count=true'), runs)
      out[`${kind}_page`] = await medianTime(page(''), runs)
    }
    await server.stop()
    server = undefined

    // The raw limits, on the same files.
    // DocPal keeps its database in `pglite/` of DOCPAL_DATA_DIR.
    const pg = await openPglite({ dataDir: join(dataDir, 'pglite') })
    try {
      const physical = Object.fromEntries(
        (await pg.run<{ name: string; column_name: string }>(`select name, column_name from data_table_columns where data_table_id = $1 and archived_at is null`, [table.id])).map(
          (c) => [c.name, c.column_name],
        ),
      )
      const where = `${physical['Quantity']} > $1 and ${physical['Title']} ilike $2`
      const params = [500, '%alpha%']
      for (const [kind, field] of Object.entries(sorts)) {
        const rawPage = () => pg.run(`select * from ${table.tableName} where ${where} order by ${physical[field]} desc, id desc limit 50`, params)
        const rawCount = () => pg.run(`select count(*) from ${table.tableName} where ${where}`, params)
        out[`${kind}_rawCounted`] = await medianTime(async () => {
          await rawPage()
          await rawCount()
        }, runs)
        out[`${kind}_rawPage`] = await medianTime(rawPage, runs)
      }
      // One 1,000-row INSERT per batch into a copy of the table (its indexes, trigram ones included).
      await pg.exec(`create table raw_bulk (like ${table.tableName} including defaults including indexes)`)
      const names = TEN_COLUMNS.map((c) => physical[c.name] ?? '')
      const batches = bodies.map((_, b) => {
        const values: unknown[] = []
        const tuples: string[] = []
        for (let i = b * 1_000; i < Math.min(rows, (b + 1) * 1_000); i++) {
          const r = row(i)
          const at = values.length
          tuples.push(`(${TEN_COLUMNS.map((_, j) => `$${at + j + 1}`).join(', ')})`)
          for (const c of TEN_COLUMNS) values.push(Array.isArray(r[c.name]) ? `{${(r[c.name] as string[]).join(',')}}` : r[c.name])
        }
        return { text: `insert into raw_bulk (${names.join(', ')}) values ${tuples.join(', ')}`, values }
      })
      const [rawBulkMs] = await time(async () => {
        for (const b of batches) await pg.run(b.text, b.values)
      })
      out['rawBulkRowsPerSec'] = Math.round(rows / (rawBulkMs / 1000))
    } finally {
      await pg.close()
    }

    const label = rows.toLocaleString('en')
    for (const kind of Object.keys(sorts)) {
      const c = out[`${kind}_counted`] ?? NaN
      const rc = out[`${kind}_rawCounted`] ?? NaN
      const p = out[`${kind}_page`] ?? NaN
      const rp = out[`${kind}_rawPage`] ?? NaN
      report(
        `embedded PGlite: page of 50, filtered + ${kind} sort, exact count, ${label} rows`,
        `${c.toFixed(1)} ms (${(c / rc).toFixed(2)}x)`,
        `${rc.toFixed(1)} ms`,
        '<= 1.2x raw',
      )
      report(
        `embedded PGlite: page of 50, filtered + ${kind} sort, no count, ${label} rows`,
        `${p.toFixed(1)} ms (${(p / rp).toFixed(2)}x)`,
        `${rp.toFixed(1)} ms`,
        kind === 'indexed' ? '-' : '<= 1.1x raw',
      )
    }
    const bulk = out['bulkRowsPerSec'] ?? NaN
    const rawBulk = out['rawBulkRowsPerSec'] ?? NaN
    report(
      `embedded PGlite: bulk insert ${label} rows (1,000/request)`,
      `${bulk.toLocaleString('en')} rows/s (${(bulk / rawBulk).toFixed(2)}x)`,
      `${rawBulk.toLocaleString('en')} rows/s (one 1,000-row INSERT per batch)`,
      '>= 40,000 rows/s',
    )
    return out
  } finally {
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchEmbeddedWorkload(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 30))
