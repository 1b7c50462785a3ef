import { describe, expect, it } from 'vitest'
import { benchBulkInsert } from '../../bench/bulk-insert.ts'
import { benchConcurrency } from '../../bench/concurrency.ts'
import { benchEmbeddedWorkload } from '../../bench/embedded-workload.ts'
import { benchAuditCost } from '../../bench/audit-cost.ts'
import { benchIndexCost } from '../../bench/index-cost.ts'
import { benchPageQuery } from '../../bench/page-query.ts'
import { DB_KIND } from '../support/test-server.ts'

/**
 * The CI form of issue 14's benches: each runs end to end at a tiny size against its raw baseline
 * in the same run, so a bench that breaks (a route renamed, a baseline that no longer runs, a
 * figure that comes out NaN) fails here rather than on the next `pnpm bench`. Times are printed,
 * never asserted: a shared CI machine cannot hold a timing; the ratios are read in the log.
 */
const finite = (out: Record<string, number>, key: string) => {
  expect(out[key], key).toBeTypeOf('number')
  expect(Number.isFinite(out[key]) && out[key]! > 0, `${key} = ${out[key]}`).toBe(true)
}

describe.runIf(DB_KIND === 'postgres')('issue 14 benches, smoke form', () => {
  it('counted and uncounted pages, indexed and not, beside raw page + count', { timeout: 300_000 }, async () => {
    const out = await benchPageQuery([2_000])
    for (const kind of ['indexed', 'unindexed']) for (const k of ['counted', 'rawCounted', 'page', 'rawPage']) finite(out, `${kind}_${k}_2000`)
  })

  it('bulk insert in 1,000-record requests beside one multi-row INSERT per batch', { timeout: 300_000 }, async () => {
    const out = await benchBulkInsert(3_000, 1_000)
    finite(out, 'apiRowsPerSec')
    finite(out, 'rawRowsPerSec')
  })

  // The server on embedded PGlite whatever DB_KIND is (run once: here, with the PostgreSQL ones).
  it('on embedded PGlite: pages and 1,000-record bulk inserts beside the same statements on the same data dir', { timeout: 300_000 }, async () => {
    const out = await benchEmbeddedWorkload(2_000, 3)
    for (const kind of ['indexed', 'unindexed']) for (const k of ['counted', 'rawCounted', 'page', 'rawPage']) finite(out, `${kind}_${k}`)
    finite(out, 'bulkRowsPerSec')
    finite(out, 'rawBulkRowsPerSec')
  })

  it('index proposals: the page before and after them, bulk inserts with and without them', { timeout: 300_000 }, async () => {
    const out = await benchIndexCost(2_000, 2)
    for (const k of ['pageBeforeMs', 'pageAfterMs', 'plainRowsPerSec', 'indexedRowsPerSec']) finite(out, k)
  })

  it('single creates and reads beside postgres.js and a bare Fastify route', { timeout: 300_000 }, async () => {
    const out = await benchConcurrency({ rows: 2_000, seconds: 1 })
    for (const k of ['createsPerSec', 'readsPerSec', 'rawCreatesPerSec', 'rawReadsPerSec', 'bareCreatesPerSec', 'bareReadsPerSec', 'peakRssMb']) finite(out, k)
  })

  it('the audit log: single creates and bulk inserts with it beside the same build without it', { timeout: 300_000 }, async () => {
    const out = await benchAuditCost({ seconds: 1, bulkRows: 2_000, bulkBatch: 1_000, rounds: 1 })
    for (const k of ['createsPerSec', 'offCreatesPerSec', 'bulkRowsPerSec', 'offBulkRowsPerSec', 'createCpuUs', 'offCreateCpuUs', 'bulkCpuUsPerRow']) finite(out, k)
    // A cost, not a rate: one short noisy round can show the log's side faster (a CI run failed on -3.3%).
    expect(Number.isFinite(out['createCostPairedPct']), `createCostPairedPct = ${out['createCostPairedPct']}`).toBe(true)
  })
})
