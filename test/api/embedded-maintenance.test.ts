import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Logger } from '../../kernel/src/logger.ts'
import { maintainTable } from '../../kernel/src/db/maintain-table.ts'
import { isGeneratedName, isKernelTable } from '../../kernel/src/sql/ident.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Embedded PGlite has no autovacuum (single-user PostgreSQL): kernel/src/db/embedded-maintenance.ts
 * vacuums and analyzes the tables whose changes pass autovacuum's thresholds, so the planner has
 * statistics for a table the API filled and dead rows are reclaimed.
 */
describe.skipIf(DB_KIND !== 'pglite')('embedded maintenance', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer()
  })
  afterAll(() => t?.close())

  const stats = async (table: string) =>
    (
      await t.db.db.query<{ analyzed: boolean; vacuumed: boolean; rows: number }>(
        sql`select s.last_analyze is not null as analyzed, s.last_vacuum is not null as vacuumed, c.reltuples::int as rows
            from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = ${table}`,
      )
    )[0]

  it('analyzes a table the API filled, vacuums it once rows die, and leaves it alone in between', async () => {
    const maintenance = t.server.kernel.maintenance
    if (!maintenance) throw new Error('no embedded maintenance on PGlite')
    const app = (await t.api('POST', '/api/apps', { name: 'Upkeep' })).body.id as string
    const created = await t.api('POST', `/api/apps/${app}/tables`, { name: 'Lots', columns: [{ name: 'Name', type: 'text' }] })
    expect(created.status).toBe(201)
    const { id, tableName } = created.body as { id: string; tableName: string }
    const records = Array.from({ length: 2_000 }, (_, i) => ({ fields: { Name: `row ${i}` } }))
    const bulk = await t.api('POST', `/api/tables/${id}/records/bulk`, { records })
    expect(bulk.status, JSON.stringify(bulk.body).slice(0, 300)).toBe(201)

    // 2,000 inserted: past both thresholds (analyze 50 + 10%, vacuum 1,000 + 20% inserted).
    await maintenance.runOnce()
    expect(await stats(tableName)).toEqual({ analyzed: true, vacuumed: true, rows: 2_000 })
    // Nothing changed since: nothing to do.
    expect(await maintenance.runOnce()).not.toContain(tableName)

    // A third of the rows updated: dead rows past 50 + 20%, modified past 50 + 10%. (The round the
    // timer runs every 10 s may come first: the test reads what was done, not who did it.)
    const analyzedAt = async () => (await t.db.db.query<{ at: string }>(sql`select last_analyze::text as at from pg_stat_user_tables where relname = ${tableName}`))[0]?.at
    const first = await analyzedAt()
    const ids = ((await t.api('GET', `/api/tables/${id}/records?limit=700`)).body.records as Array<{ id: string }>).map((r) => r.id)
    const patched = await t.api('PATCH', `/api/tables/${id}/records`, { records: ids.map((rid) => ({ id: rid, fields: { Name: 'renamed' } })) })
    expect(patched.status, JSON.stringify(patched.body).slice(0, 300)).toBe(200)
    await maintenance.runOnce()
    // Counters reach pg_stat_user_tables when the backend flushes them (the next statement's end).
    await t.db.db.query(sql`select pg_stat_force_next_flush()`)
    const dead = await t.db.db.query<{ dead: number }>(sql`select n_dead_tup::int as dead from pg_stat_user_tables where relname = ${tableName}`)
    expect(dead[0]?.dead).toBe(0)
    expect(await analyzedAt()).not.toBe(first)
  })

  it('a maintenance statement that fails is logged with the table and what asked for it, and never thrown', async () => {
    const warnings: Array<{ msg: string; data?: Record<string, unknown> }> = []
    const logger: Logger = { info: () => {}, error: () => {}, warn: (msg, data) => warnings.push({ msg, ...(data ? { data } : {}) }), child: () => logger }
    // A generated name no table has: the statement fails in the database.
    const missing = 'dt_000000000000_0000000000000000'
    await expect(maintainTable(t.db.db, logger, missing, { kind: 'vacuum' }, 'a test')).resolves.toBe(false)
    await expect(maintainTable(t.db.db, logger, missing, { kind: 'analyze', columns: ['f_0000000000000000'] }, 'a test')).resolves.toBe(false)
    expect(warnings.map((w) => [w.data?.['table'], w.data?.['why'], String(w.data?.['err'])])).toEqual([
      [missing, 'a test', expect.stringContaining('does not exist')],
      [missing, 'a test', expect.stringContaining('does not exist')],
    ])
  })

  it("maintains the kernel's own tables too, and knows every one of them", async () => {
    const maintenance = t.server.kernel.maintenance
    if (!maintenance) throw new Error('no embedded maintenance on PGlite')
    // Every table of a fresh database is generated, the kernel's own, or the migrations' bookkeeping.
    const tables = await t.db.db.query<{ name: string }>(sql`select tablename as name from pg_tables where schemaname = current_schema() order by 1`)
    const unknown = tables.map((r) => r.name).filter((n) => !isGeneratedName(n) && !isKernelTable(n))
    expect(unknown).toEqual(['docpal_migrations'])
    // Churn as the workflow outbox or sent-mail keys see it: rows written, then deleted.
    await t.db.db.query(sql`insert into mail_sent_keys (key) select 'k' || g from generate_series(1, 2000) g`)
    await t.db.db.query(sql`delete from mail_sent_keys where key like 'k%'`)
    await maintenance.runOnce()
    await t.db.db.query(sql`select pg_stat_force_next_flush()`)
    const s = await t.db.db.query<{ dead: number; vacuumed: boolean }>(
      sql`select n_dead_tup::int as dead, last_vacuum is not null as vacuumed from pg_stat_user_tables where relname = 'mail_sent_keys'`,
    )
    expect(s[0]).toEqual({ dead: 0, vacuumed: true })
  })
})
