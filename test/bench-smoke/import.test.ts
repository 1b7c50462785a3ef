import { describe, expect, it } from 'vitest'
import { benchImport } from '../../bench/import.ts'
import { DB_KIND } from '../support/test-server.ts'

/**
 * The CI form of issue 15's import bench: a small CSV uploaded and imported end to end beside the
 * API's bulk insert of the same rows, so a bench that breaks (a route renamed, an import that
 * ends short) fails here. Rates and memory are printed, never asserted.
 */
describe.runIf(DB_KIND === 'postgres')('issue 15 import bench, smoke form', () => {
  it('imports a 5,000-row CSV beside the bulk insert of the same rows', { timeout: 300_000 }, async () => {
    const out = await benchImport(5_000)
    for (const k of ['importRowsPerSec', 'bulkRowsPerSec', 'importMs', 'bulkMs']) {
      expect(Number.isFinite(out[k]) && out[k]! > 0, `${k} = ${out[k]}`).toBe(true)
    }
  })
})
