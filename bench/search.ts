import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { TEN_COLUMNS, api, createBenchDatabase, percentile, report, row, startServerProcess, time, authFetch } from './lib.ts'
import { benchSeed } from './seed.ts'

async function measure(fn: () => Promise<unknown>, runs: number): Promise<number> {
  for (let i = 0; i < 3; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push((await time(fn))[0])
  return percentile(times, 50)
}

const LABELS: Record<string, string[]> = { doing: ['doing'] }

/**
 * Quick search (issue 15) on the ten-column table: a page of 50 with `search=`, counted and not,
 * through the API against the same predicate written by hand through postgres.js. Terms: common
 * text (`alpha`, ~1 row in 6), rare text (one e-mail), a select label, and a number (which also
 * matches the numeric columns by value). A second table, the same but with its trigram indexes
 * dropped, gives the index's worth and its cost on a COPY load.
 */
export async function benchSearch(size = 100_000): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18107)
  const raw = postgres(db.url, { max: 2, onnotice: () => {} })
  const out: Record<string, number> = {}
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const make = (name: string, columns = TEN_COLUMNS) => api<{ id: string; tableName: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name, columns })
    const indexed = await make('Search')
    const plain = await make('Search, no trigram indexes')
    // Without the long text column, every text field has its index: the plain OR path.
    const short = await make(
      'Search, no long text',
      TEN_COLUMNS.filter((c) => c.name !== 'Notes'),
    )
    await benchSeed(raw, short, 0, size)
    const trgm = (table: string) => raw<{ indexname: string }[]>`select indexname from pg_indexes where tablename = ${table} and indexdef like '%gin_trgm_ops%'`
    out['trigramIndexes'] = (await trgm(indexed.tableName)).length
    for (const i of await trgm(plain.tableName)) await raw.unsafe(`drop index ${i.indexname}`)
    const label = size.toLocaleString('en')
    const [seedPlain] = await time(() => benchSeed(raw, plain, 0, size))
    const [seedIndexed] = await time(() => benchSeed(raw, indexed, 0, size))
    report(
      `COPY ${label} rows (+ vacuum analyze), ${out['trigramIndexes']} trigram indexes`,
      `${(seedIndexed / 1000).toFixed(2)} s`,
      `${(seedPlain / 1000).toFixed(2)} s without them`,
      'write cost',
    )
    const sizes = await raw<
      { mb: number }[]
    >`select coalesce(sum(pg_relation_size(indexrelid)), 0)::float / 1048576 as mb from pg_index where indrelid = ${indexed.tableName}::regclass and indexrelid in (select (quote_ident(indexname))::regclass from pg_indexes where tablename = ${indexed.tableName} and indexdef like '%gin_trgm_ops%')`
    report(`trigram index size, ${label} rows`, `${(sizes[0]?.mb ?? 0).toFixed(1)} MB`, '', '')

    const phys = async (tableId: string) =>
      Object.fromEntries(
        ((await raw`select name, column_name from data_table_columns where data_table_id = ${tableId}`) as Array<{ name: string; column_name: string }>).map((r) => [
          r.name,
          r.column_name,
        ]),
      ) as Record<string, string>
    // The predicate the kernel compiles for the ten columns, written by hand (the raw baseline):
    // one branch of ids per matching field. `naive`: the same tests as one OR over each row.
    const rawWhere = (p: Record<string, string>, table: string, term: string): { where: string; naive: string; params: unknown[] } => {
      const params: unknown[] = [`%${term}%`]
      const parts = ['Title', 'Notes', 'Website', 'Email'].filter((n) => p[n]).map((n) => `${p[n]} ilike $1`)
      const ids = LABELS[term.toLowerCase()]
      if (ids) parts.push(`${p['Status']} = any($${params.push(ids)}::text[])`)
      if (/^[0-9]+$/.test(term)) parts.push(`${p['Amount']} = $${params.push(term)}::numeric`, `${p['Quantity']} = $${params.length}::numeric`)
      const union = `id in (${parts.map((x) => `select id from ${table} where ${x}`).join(' union all ')})`
      // As the kernel compiles it: a plain OR when every test is a text field's (each indexed).
      // The kernel counts Title, Website and Email as indexed by their type (on the table whose
      // indexes were dropped too: it compiles from the schema, not the catalogue).
      const orOnly = parts.length === 3
      return { where: orOnly ? naive(parts) : union, naive: naive(parts), params }
    }
    const naive = (parts: string[]) => parts.join(' or ')
    for (const [table, name] of [
      [indexed, 'trigram'],
      [short, 'trigram, no long text'],
      [plain, 'no index'],
    ] as const) {
      const p = await phys(table.id)
      for (const term of ['alpha', 'user4242@', 'Doing', '4242']) {
        const url = (extra: string) => `${server.url}/api/tables/${table.id}/records?search=${encodeURIComponent(term)}&limit=50${extra}`
        const { where, naive, params } = rawWhere(p, table.tableName, term)
        const rawPage = () => raw.unsafe(`select * from ${table.tableName} where ${where} order by created_at, id limit 50`, params as never[], { prepare: true })
        const rawCount = () => raw.unsafe(`select count(*) from ${table.tableName} where ${where}`, params as never[], { prepare: true })
        const total = (await (await authFetch(url('&count=true'))).json()) as { total: number }
        const apiCounted = await measure(() => authFetch(url('&count=true')).then((r) => r.text()), 15)
        const rawCounted = await measure(() => Promise.all([rawPage(), rawCount()]), 15)
        const apiPage = await measure(() => authFetch(url('')).then((r) => r.text()), 15)
        // What the web app asks first: the page with the planner's estimate (exact below 10,000).
        const apiEstimate = await measure(() => authFetch(url('&count=estimate')).then((r) => r.text()), 15)
        const rawOnly = await measure(rawPage, 15)
        const naiveCounted = await measure(
          () =>
            Promise.all([
              raw.unsafe(`select * from ${table.tableName} where ${naive} order by created_at, id limit 50`, params as never[], { prepare: true }),
              raw.unsafe(`select count(*) from ${table.tableName} where ${naive}`, params as never[], { prepare: true }),
            ]),
          15,
        )
        const plan = (await raw.unsafe(`explain select count(*) from ${table.tableName} where ${where}`, params as never[])) as Array<{ 'QUERY PLAN': string }>
        const scans = plan.filter((r) => /Bitmap Index Scan|Seq Scan/.test(r['QUERY PLAN'])).map((r) => (r['QUERY PLAN'].includes('Bitmap') ? 'index' : 'seq'))
        const scan = `${scans.filter((x) => x === 'index').length} index + ${scans.filter((x) => x === 'seq').length} seq branches`
        report(
          `search "${term}" (${total.total} of ${label} rows, ${name}, ${scan}), page + exact count`,
          `${apiCounted.toFixed(1)} ms (${(apiCounted / rawCounted).toFixed(2)}x)`,
          `${rawCounted.toFixed(1)} ms`,
          '',
        )
        report(`  the same tests as one OR per row (raw SQL)`, '', `${naiveCounted.toFixed(1)} ms`, '')
        report(`search "${term}" (${name}), page of 50, no count`, `${apiPage.toFixed(1)} ms (${(apiPage / rawOnly).toFixed(2)}x)`, `${rawOnly.toFixed(1)} ms`, '')
        out[`${name}_${term}_counted`] = apiCounted
        out[`${name}_${term}_rawCounted`] = rawCounted
        report(`search "${term}" (${name}), page of 50, count=estimate (the web app's first page)`, `${apiEstimate.toFixed(1)} ms`, '', '')
        out[`${name}_${term}_page`] = apiPage
        out[`${name}_${term}_estimate`] = apiEstimate
        out[`${name}_${term}_rawPage`] = rawOnly
        out[`${name}_${term}_naiveCounted`] = naiveCounted
      }
    }
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

/**
 * The same searches on the embedded default (PGlite in a data dir, rows loaded through the API):
 * no raw baseline, the database lives inside the server process.
 */
export async function benchSearchEmbedded(size = 100_000): Promise<Record<string, number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'docpal-bench-search-'))
  const server = await startServerProcess('', 18108, { DOCPAL_DATA_DIR: dataDir })
  const out: Record<string, number> = {}
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const label = size.toLocaleString('en')
    for (const [name, columns] of [
      ['ten columns', TEN_COLUMNS],
      ['no long text', TEN_COLUMNS.filter((c) => c.name !== 'Notes')],
    ] as const) {
      const table = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name, columns })
      const [load] = await time(async () => {
        for (let s = 0; s < size; s += 1000) {
          const records = Array.from({ length: Math.min(1000, size - s) }, (_, i) => {
            const { Notes, ...rest } = row(s + i)
            return { fields: name === 'ten columns' ? { ...rest, Notes } : rest }
          })
          await api(server.url, 'POST', `/api/tables/${table.id}/records/bulk`, { records })
        }
      })
      report(`embedded PGlite: load ${label} rows through the API (${name})`, `${(load / 1000).toFixed(1)} s`, '-', '-')
      for (const term of ['alpha', 'user4242@', 'Doing', '4242']) {
        const url = (extra: string) => `${server.url}/api/tables/${table.id}/records?search=${encodeURIComponent(term)}&limit=50${extra}`
        const counted = await measure(() => authFetch(url('&count=true')).then((r) => r.text()), 7)
        const page = await measure(() => authFetch(url('')).then((r) => r.text()), 7)
        report(`embedded PGlite: search "${term}" (${name}), counted / page of 50`, `${counted.toFixed(1)} / ${page.toFixed(1)} ms`, '-', '-')
        out[`${name}_${term}_counted`] = counted
        out[`${name}_${term}_page`] = page
      }
    }
    return out
  } finally {
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = Number(process.argv[2] ?? 100_000)
  if (process.argv[3] !== 'embedded') await benchSearch(size)
  if (process.argv[3] !== 'postgres') await benchSearchEmbedded(size)
}
