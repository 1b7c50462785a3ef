import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * A schema change takes its tables' write keys without waiting for the answer (the statements
 * after it run behind it on the same connection: ddl/table-lock.ts behindTableWrites). When the
 * keys stay held past the lock timeout, the change still answers with its own 409 (not the
 * database's error of a statement after it) and changes nothing.
 */
describe.skipIf(DB_KIND !== 'postgres')('a schema change whose write keys stay held', () => {
  let t: TestServer
  let tableId: string
  beforeAll(async () => {
    t = await startTestServer()
    const app = await t.api('POST', '/api/apps', { name: 'Keys' })
    tableId = (await t.api('POST', `/api/apps/${app.body.id}/tables`, { name: 'Orders', columns: [{ name: 'Title', type: 'text' }] })).body.id as string
  })
  afterAll(() => t?.close())

  it('answers 409 KRN_ERR_DDL_LOCK_TIMEOUT after the lock timeout, adds nothing, and lands once the key is free', async () => {
    const pg = postgres(t.db.url ?? '', { max: 1, onnotice: () => {} })
    try {
      // What a long record write holds (records take the key SHARED; this holds it EXCLUSIVE).
      await pg`select pg_advisory_lock(hashtextextended(${tableId}::uuid::text, 19))`
      const refused = await t.api('POST', `/api/tables/${tableId}/columns`, { name: 'Due', type: 'date' })
      expect(refused.status, refused.text).toBe(409)
      expect(refused.body.error).toMatchObject({ code: 'KRN_ERR_DDL_LOCK_TIMEOUT' })
      expect(refused.body.error.message).toContain('Orders')
      const table = await t.api('GET', `/api/tables/${tableId}`)
      expect(table.body.columns.map((c: { name: string }) => c.name)).toEqual(['Title'])
      await pg`select pg_advisory_unlock(hashtextextended(${tableId}::uuid::text, 19))`
      const added = await t.api('POST', `/api/tables/${tableId}/columns`, { name: 'Due', type: 'date' })
      expect(added.status, added.text).toBe(201)
      expect((await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Title: 'a', Due: '2026-12-07' } })).status).toBe(201)
    } finally {
      await pg.end()
    }
  }, 30_000)
})
