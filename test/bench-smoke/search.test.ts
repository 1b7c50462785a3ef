import { describe, expect, it } from 'vitest'
import { benchSearchFirstPage } from '../../bench/search-first-page.ts'
import { DB_KIND } from '../support/test-server.ts'

/**
 * The CI form of issue 15's search bench (bench/search-first-page.ts): end to end at a tiny size,
 * so a bench that breaks fails here. Times are printed, never asserted.
 */
describe.runIf(DB_KIND === 'postgres')('issue 15 search bench, smoke form', () => {
  it('first and next pages of five terms, before and after the long text search index, and sorted by a view-indexed date', { timeout: 300_000 }, async () => {
    const out = await benchSearchFirstPage(2_000)
    for (const state of ['long text unindexed', 'long text indexed', 'numbers indexed too', 'sorted by Due (a view indexed it)'])
      for (const term of ['a', 'alpha', 'Doing', 'user4242@', '4242'])
        for (const k of ['page', 'estimate']) {
          const v = out[`${state}_${term}_${k}`]
          expect(Number.isFinite(v) && (v ?? 0) > 0, `${state} ${term} ${k} = ${v}`).toBe(true)
        }
  })
})
