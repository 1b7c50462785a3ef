import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '@docpal/plugin-sdk'
import { DB_KIND, createTestDatabase, type TestDatabase } from '../support/test-server.ts'

/**
 * The PostgreSQL pool hands a query to the idle connection used last (patches/postgres@3.4.9.patch,
 * patches/README.md): PostgreSQL keeps a statement's plan per connection, so a lightly loaded
 * server stays on its warm connections instead of cycling through all of them. Every connection
 * runs in UTC and without JIT compilation (kernel/src/db/postgres-driver.ts), which PostgreSQL
 * starts by a statement's estimated cost, never-run branches included (a quick search's page at
 * 1M rows: 1.5 ms of work, 33 ms of compiling).
 */
describe.skipIf(DB_KIND !== 'postgres')('the PostgreSQL pool', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await createTestDatabase()
  })
  afterAll(async () => {
    await t?.db.close()
    await t?.drop()
  })

  const pid = async (sleep = 0) => (await t.db.run<{ pid: number }>(`select pg_backend_pid() as pid, pg_sleep($1)`, [sleep]))[0]?.pid

  it('takes the idle connection used last, not the one idle longest', async () => {
    // Three at once open three connections.
    const opened = new Set(await Promise.all([pid(0.05), pid(0.05), pid(0.05)]))
    expect(opened.size).toBe(3)
    // One at a time, they all land on one of them (a queue would cycle through the three).
    const serial: Array<number | undefined> = []
    for (let i = 0; i < 6; i++) serial.push(await pid())
    expect(new Set(serial).size).toBe(1)
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
