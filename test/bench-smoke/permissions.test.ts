import { describe, expect, it } from 'vitest'
import { benchPermissions } from '../../bench/permissions.ts'
import { DB_KIND } from '../support/test-server.ts'

/**
 * The CI form of issue 17's bench: a member's page under a row rule with hidden columns beside an
 * admin's and the raw SQL of both, and single creates and reads member vs admin, at a tiny size,
 * so a bench that breaks (a route or rule shape renamed, a figure that comes out NaN) fails here.
 * Times are printed, never asserted.
 */
describe.runIf(DB_KIND === 'postgres')('issue 17 permissions bench, smoke form', () => {
  it('member vs admin pages with and without count, single creates and reads', { timeout: 300_000 }, async () => {
    const out = await benchPermissions({ sizes: [2_000], runs: 5, singles: 30 })
    const keys = ['memberPage', 'memberCounted', 'adminPage', 'adminCounted', 'rawMemberPage', 'rawMemberCounted', 'rawAdminPage', 'rawAdminCounted'].map((k) => `${k}_2000`)
    for (const k of [...keys, 'memberCreateMs', 'adminCreateMs', 'memberReadMs', 'adminReadMs']) {
      expect(Number.isFinite(out[k]) && out[k]! > 0, `${k} = ${out[k]}`).toBe(true)
    }
  })
})
