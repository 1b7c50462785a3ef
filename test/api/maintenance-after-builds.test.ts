import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trackIndexBuild } from '../../kernel/src/ddl/index-builds.ts'
import { analyzeColumns, vacuumTables } from '../../kernel/src/metadata/after-refill.ts'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * The VACUUM or ANALYZE a change runs after its answer waits for the index builds this process
 * runs after answers (CREATE INDEX CONCURRENTLY): both take the table's SHARE UPDATE EXCLUSIVE
 * lock, and a build waiting for older transactions while the maintenance waits for its lock is a
 * deadlock that PostgreSQL ends by refusing the maintenance (seen in bench runs: a retype's
 * ANALYZE beside a new text column's search index).
 */
describe('maintenance after a change', () => {
  let t: TestServer
  let tableName = ''
  let column = ''
  beforeAll(async () => {
    t = await startTestServer()
    const app = (await t.api('POST', '/api/apps', { name: 'Upkeep' })).body.id as string
    const made = await t.api('POST', `/api/apps/${app}/tables`, { name: 'Parts', columns: [{ name: 'Name', type: 'text' }] })
    expect(made.status, made.text).toBe(201)
    tableName = made.body.tableName as string
    const ids = await t.server.kernel.db.query<{ column_name: string }>(sql`select column_name from data_table_columns where data_table_id = ${made.body.id as string}`)
    column = ids[0]?.column_name ?? ''
    const bulk = await t.api('POST', `/api/tables/${made.body.id as string}/records/bulk`, { records: [{ fields: { Name: 'a' } }, { fields: { Name: 'b' } }] })
    expect(bulk.status, bulk.text).toBe(201)
  })
  afterAll(() => t?.close())

  const stat = async () =>
    (
      await t.server.kernel.db.query<{ analyzed: string | null; vacuumed: string | null }>(
        sql`select last_analyze::text as analyzed, last_vacuum::text as vacuumed from pg_stat_user_tables where relname = ${tableName}`,
      )
    )[0]
  /** Statistics reach pg_stat_user_tables when the maintaining backend reports them: polled briefly. */
  const eventually = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50))
    return check()
  }

  it('runs an ANALYZE and a VACUUM only once the builds running have settled', async () => {
    const db = t.server.kernel.db
    const before = await stat()
    let finish: () => void = () => {}
    const build = trackIndexBuild(db, new Promise<void>((resolve) => (finish = resolve)))
    const order: string[] = []
    const analyzed = analyzeColumns(t.server.kernel, tableName, [column]).then(() => order.push('analyzed'))
    const vacuumed = vacuumTables(t.server.kernel, [tableName]).then(() => order.push('vacuumed'))
    await new Promise((r) => setTimeout(r, 300))
    expect(order).toEqual([])
    expect(await stat()).toEqual(before)

    order.push('built')
    finish()
    await Promise.all([build, analyzed, vacuumed])
    expect(order[0]).toBe('built')
    expect(order.slice(1).sort()).toEqual(['analyzed', 'vacuumed'])
    expect(await eventually(async () => (await stat())?.analyzed !== before?.analyzed && (await stat())?.vacuumed !== before?.vacuumed)).toBe(true)
  })
})
