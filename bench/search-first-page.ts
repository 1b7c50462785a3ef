import postgres from 'postgres'
import { TEN_COLUMNS, api, authFetch, createBenchDatabase, percentile, report, startServerProcess, time } from './lib.ts'
import { benchSeed } from './seed.ts'

async function measure(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push((await time(fn))[0])
  return percentile(times, 50)
}

/**
 * What a person typing into the search box waits for on a large table (issue 15: first page
 * <= 50 ms at 1M rows): the first page of 50 (uncounted, and with `count=estimate` as the web
 * app asks) and the next page by cursor, for a one-letter term, a common word, a select label, a
 * rare e-mail and a number, on the ten-column table; then again once the long text has the
 * search index slow searches propose, then the number columns' (proposed by slow number searches),
 * and sorted the way a view sorts (by an indexed date). No raw column: the figure is absolute, and the kernel's
 * compiled form against the hand-written one is bench/search.ts. `npx tsx
 * bench/search-first-page.ts [rows] [bundle]` (a bundle: another build's, for an A/B).
 */
export async function benchSearchFirstPage(size = 1_000_000, bundle?: string): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18207, {}, bundle)
  const raw = postgres(db.url, { max: 2, onnotice: () => {} })
  const out: Record<string, number> = {}
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Search', columns: TEN_COLUMNS })
    // The text columns' trigram indexes are built just after the answer.
    const trigram = async () =>
      ((await raw`select count(*)::int as n from pg_indexes where tablename = ${table.tableName} and indexdef like '%gin_trgm_ops%'`)[0]?.n as number) ?? 0
    const until = async (n: number) => {
      for (let i = 0; i < 600 && (await trigram()) < n; i++) await new Promise((r) => setTimeout(r, 500))
    }
    await until(3)
    await benchSeed(raw, table, 0, size)
    const label = size.toLocaleString('en')
    const run = async (state: string, sort = '') => {
      for (const term of ['a', 'alpha', 'Doing', 'user4242@', '4242']) {
        const url = (extra: string) => `${server.url}/api/tables/${table.id}/records?search=${encodeURIComponent(term)}&limit=50${sort}${extra}`
        const page = await measure(() => authFetch(url('')).then((r) => r.text()), 5)
        const estimate = await measure(() => authFetch(url('&count=estimate')).then((r) => r.text()), 5)
        const next = ((await (await authFetch(url(''))).json()) as { nextCursor?: string }).nextCursor
        const second = next ? await measure(() => authFetch(url(`&cursor=${encodeURIComponent(next)}`)).then((r) => r.text()), 5) : NaN
        report(
          `search "${term}", ${label} rows, ${state}: first page / with count=estimate / next page`,
          `${page.toFixed(1)} / ${estimate.toFixed(1)} / ${Number.isNaN(second) ? '-' : second.toFixed(1)} ms`,
          '-',
          '<= 50 ms',
        )
        out[`${state}_${term}_page`] = page
        out[`${state}_${term}_estimate`] = estimate
      }
    }
    await run('long text unindexed')
    await api(server.url, 'POST', `/api/tables/${table.id}/indexes`, { field: 'Notes', kind: 'search' })
    await until(4)
    await run('long text indexed')
    // Slow searches for a number propose its columns' btrees (they compare by value): made here.
    for (const field of ['Amount', 'Quantity']) await api(server.url, 'POST', `/api/tables/${table.id}/indexes`, { field })
    await run('numbers indexed too')
    // A view sorting by Due indexes it; its searches walk that index (search-probe.ts).
    await api(server.url, 'POST', `/api/apps/${app.id}/views`, {
      name: 'By due',
      dataTableId: table.id,
      type: 'table',
      queryConfig: { sort: [{ field: 'Due', direction: 'desc' }] },
    })
    await run('sorted by Due (a view indexed it)', `&sort=${encodeURIComponent(JSON.stringify([{ field: 'Due', direction: 'desc' }]))}`)
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSearchFirstPage(Number(process.argv[2] ?? 1_000_000), process.argv[3] || undefined)
