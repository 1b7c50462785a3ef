import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { sql } from 'drizzle-orm'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * A view made while a search index builds (CI saw it as a 409 "deadlock detected"). A new text
 * column's trigram index is built after the answer with `CREATE INDEX CONCURRENTLY`, which holds the
 * table's SHARE UPDATE EXCLUSIVE lock while it waits, first for the table's writers, then for every
 * transaction older than its last snapshot. A view that sorts by a column indexes it in its own
 * transaction: begun while the build waited, it waited for the build's lock, and the build for it.
 * Schema changes in this process now wait for its builds first. Here a writer of the table that
 * stays open (another client's long import) holds the build in its first wait, deterministically.
 */
let t: TestServer
let appId = ''

describe.skipIf(DB_KIND !== 'postgres')('schema changes while a search index builds', () => {
  beforeAll(async () => {
    t = await startTestServer()
    appId = (await t.api('POST', '/api/apps', { name: 'Index builds' })).body.id
  })
  afterAll(() => t?.close())

  it('a view made while a new column is being indexed is made, and so is the index', async () => {
    const made = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Deals', columns: [{ name: 'Name', type: 'text' }] })
    expect(made.status, made.text).toBe(201)
    const { id: tableId, tableName } = made.body as { id: string; tableName: string }
    const trigram = async () => (await t.db.db.query(sql`select 1 from pg_indexes where tablename = ${tableName} and indexdef like '%gin_trgm_ops%'`)).length
    await expect.poll(trigram).toBe(1)
    const waiting = async () => (await t.db.db.query(sql`select 1 from pg_locks l join pg_class c on c.oid = l.relation where c.relname = ${tableName} and not l.granted`)).length

    const other = postgres(t.db.url ?? '', { max: 2, onnotice: () => {} })
    try {
      // The writer's lock is queued behind the column's ALTER, so it is granted right after that
      // commits: before the index build, which then waits for it.
      const reader = await other.reserve()
      const writer = await other.reserve()
      await reader`begin`
      await reader`select * from ${other(tableName)} limit 1`
      const added = t.api('POST', `/api/tables/${tableId}/columns`, { name: 'Notes', type: 'text' })
      await expect.poll(waiting).toBe(1)
      await writer`begin`
      const writing = writer`lock table ${other(tableName)} in row exclusive mode`.execute()
      await expect.poll(waiting).toBe(2)
      await reader`commit`
      reader.release()
      const column = await added
      expect(column.status, column.text).toBe(201)
      await writing
      const building = async () => (await t.db.db.query(sql`select 1 from pg_stat_activity where query ilike 'create index concurrently%' and wait_event_type = 'Lock'`)).length
      await expect.poll(building).toBe(1)

      const finish = new Promise<void>((resolve) => setTimeout(() => void writer`commit`.then(() => resolve()), 500))
      const [view] = await Promise.all([
        t.api('POST', `/api/apps/${appId}/views`, { dataTableId: tableId, name: 'By name', type: 'table', queryConfig: { sort: [{ field: 'Name', direction: 'asc' }] } }),
        finish,
      ])
      writer.release()
      expect(view.status, view.text).toBe(201)
      await expect.poll(trigram).toBe(2)
    } finally {
      await other.end()
    }
  })
})
