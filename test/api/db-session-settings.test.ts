import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '@docpal/plugin-sdk'
import { DB_KIND, createTestDatabase, type TestDatabase } from '../support/test-server.ts'

/**
 * What every pooled PostgreSQL connection runs with (kernel/src/db/postgres-driver.ts): UTC, and
 * no JIT compilation, which PostgreSQL starts by a statement's estimated cost, never-run branches
 * included (a quick search's page at 1M rows: 1.5 ms of work, 33 ms of compiling).
 */
describe.skipIf(DB_KIND !== 'postgres')('pooled connection settings', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await createTestDatabase()
  })
  afterAll(async () => {
    await t?.db.close()
    await t?.drop()
  })

  it('every connection of the pool has jit off and TimeZone UTC', async () => {
    // Several at once, each holding its connection a moment, so more than one connection answers.
    const rows = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.db.one<{ jit: string; tz: string; pid: number }>(
          sql`select current_setting('jit') as jit, current_setting('TimeZone') as tz, pg_backend_pid() as pid from pg_sleep(0.05)`,
        ),
      ),
    )
    expect(new Set(rows.map((r) => r?.pid)).size).toBeGreaterThan(1)
    for (const r of rows) expect(r).toMatchObject({ jit: 'off', tz: 'UTC' })
  })
})
