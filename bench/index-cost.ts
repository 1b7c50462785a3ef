import postgres from 'postgres'
import { TEN_COLUMNS, api, createBenchDatabase, medianTime, report, row, startServerProcess, time, authFetch } from './lib.ts'
import { benchSeed } from './seed.ts'

interface Table {
  id: string
  tableName: string
}
interface Advice {
  indexed: Array<{ field: string }>
  proposals: Array<{ field: string; kind: 'sort' | 'search'; reason: string }>
}

const median = (fn: () => Promise<unknown>, runs: number) => medianTime(fn, runs, 3)

/**
 * Index proposals end to end (issue 14), and what they cost: an ad-hoc filtered and sorted page
 * on a table nothing indexes, the proposals its slow queries earn, the same page once they are
 * created (POST /indexes), and bulk inserts in 1,000-row requests into a table with those
 * indexes against one without, alternated so the machine's noise falls on both.
 */
export async function benchIndexCost(rows = 100_000, rounds = 10): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18108)
  const raw = postgres(db.url, { max: 1, onnotice: () => {} })
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const plain = await api<Table>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Plain', columns: TEN_COLUMNS })
    const indexed = await api<Table>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Indexed', columns: TEN_COLUMNS })
    await benchSeed(raw, plain, 0, rows)
    await benchSeed(raw, indexed, 0, rows)
    const filter = encodeURIComponent(JSON.stringify({ and: [{ field: 'Quantity', op: 'gt', value: 500 }] }))
    const sort = encodeURIComponent(JSON.stringify([{ field: 'Amount', direction: 'desc' }]))
    const page = (t: Table) => authFetch(`${server.url}/api/tables/${t.id}/records?filter=${filter}&sort=${sort}&limit=50`).then((r) => r.text())
    const before = await median(() => page(indexed), 20)
    const advice = await api<Advice>(server.url, 'GET', `/api/tables/${indexed.id}/indexes`)
    let createMs = 0
    for (const p of advice.proposals) createMs += (await api<{ ms: number }>(server.url, 'POST', `/api/tables/${indexed.id}/indexes`, { field: p.field, kind: p.kind })).ms
    const after = await median(() => page(indexed), 20)
    report(
      `ad-hoc page of 50 (Quantity > x, sort Amount), ${rows.toLocaleString('en')} rows: before / after the proposed indexes`,
      `${before.toFixed(1)} / ${after.toFixed(1)} ms`,
      '-',
      `proposed: ${advice.proposals.map((p) => p.field).join(', ') || 'none'} (built in ${createMs} ms)`,
    )
    // Write cost: 1,000-row requests, alternating between the two tables.
    const body = (s: number) => JSON.stringify({ records: Array.from({ length: 1000 }, (_, i) => ({ fields: row(s + i) })) })
    const spent = { plain: 0, indexed: 0 }
    for (let r = 0; r < rounds; r++) {
      const pair = [
        ['plain', plain],
        ['indexed', indexed],
      ] as const
      // Each round swaps which table goes first.
      for (const [key, t] of r % 2 ? [...pair].reverse() : pair) {
        const b = body(r * 1000)
        spent[key] += (
          await time(async () => {
            for (let i = 0; i < 5; i++) {
              const res = await authFetch(`${server.url}/api/tables/${t.id}/records/bulk`, { method: 'POST', body: b, headers: { 'content-type': 'application/json' } })
              if (res.status !== 201) throw new Error(`bulk -> ${res.status}`)
            }
          })
        )[0]
      }
    }
    const n = rounds * 5 * 1000
    const out = {
      pageBeforeMs: before,
      pageAfterMs: after,
      proposals: advice.proposals.length,
      indexBuildMs: createMs,
      plainRowsPerSec: Math.round(n / (spent.plain / 1000)),
      indexedRowsPerSec: Math.round(n / (spent.indexed / 1000)),
    }
    report(
      `bulk insert, 1,000-row requests, with the ${advice.proposals.length} proposed indexes vs none`,
      `${out.indexedRowsPerSec} rows/s (${(out.indexedRowsPerSec / out.plainRowsPerSec).toFixed(2)}x)`,
      `${out.plainRowsPerSec} rows/s (no index)`,
      '(the write cost of an index)',
    )
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIndexCost()
