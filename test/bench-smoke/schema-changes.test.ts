import { describe, expect, it } from 'vitest'
import { benchAddColumn } from '../../bench/add-column.ts'
import { benchCreateTable } from '../../bench/create-table.ts'
import { benchRetype } from '../../bench/retype.ts'
import { DB_KIND } from '../support/test-server.ts'

/**
 * The CI form of issue 14's schema-change benches (add column, create table, retype): each runs end to end
 * at a tiny size beside its raw postgres.js baseline in the same run, so a bench that breaks (a
 * route renamed, a baseline that no longer runs, a ratio that comes out NaN) fails here. Times and
 * ratios are printed, never asserted: a shared CI machine cannot hold a timing.
 */
const finite = (out: Record<string, number>, key: string) => {
  expect(out[key], key).toBeTypeOf('number')
  expect(Number.isFinite(out[key]) && out[key]! > 0, `${key} = ${out[key]}`).toBe(true)
}

describe.runIf(DB_KIND === 'postgres')('issue 14 schema-change benches, smoke form', () => {
  it('add a column through the API beside a bare ALTER TABLE ADD COLUMN', { timeout: 300_000 }, async () => {
    const out = await benchAddColumn(2_000, 3)
    for (const k of ['apiP50', 'rawP50', 'ratio']) finite(out, k)
  })

  it('create a 10-column table through the API beside a bare CREATE TABLE + index', { timeout: 300_000 }, async () => {
    const out = await benchCreateTable(3, 1)
    for (const k of ['apiP50', 'apiP95', 'rawP50', 'ratio']) finite(out, k)
  })

  it('retype text -> number through the API beside a bare ALTER ... TYPE ... USING, bare and with the same indexes', { timeout: 300_000 }, async () => {
    const out = await benchRetype(2_000, 1)
    for (const k of ['apiP50', 'rawP50', 'rawIndexedP50', 'ratio', 'ratioIndexed']) finite(out, k)
  })
})
