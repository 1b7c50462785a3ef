import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Two admins change two related tables at the same moment. Each change takes the write keys of
 * its table and of the tables its relations reach (tables-service.ts); taken in one sorted
 * statement, one change waits for the other and both land. Taking a table's own key first (tried
 * for one round trip less) made every such pair a deadlock that PostgreSQL ended with a 409.
 */
describe('schema changes of two related tables at once', () => {
  let t: TestServer
  let a: string
  let b: string
  beforeAll(async () => {
    t = await startTestServer()
    const app = await t.api('POST', '/api/apps', { name: 'Related' })
    const made = async (name: string) => (await t.api('POST', `/api/apps/${app.body.id}/tables`, { name, columns: [{ name: 'Title', type: 'text' }] })).body.id as string
    a = await made('Orders')
    b = await made('Customers')
    const link = await t.api('POST', `/api/tables/${a}/columns`, { name: 'Customer', type: 'relation', config: { targetTableId: b } })
    expect(link.status, link.text).toBe(201)
  })
  afterAll(() => t?.close())

  it('both land, round after round', async () => {
    for (let round = 0; round < 8; round++) {
      const answers = await Promise.all([
        t.api('POST', `/api/tables/${a}/columns`, { name: `Note ${round}`, type: 'text' }),
        t.api('POST', `/api/tables/${b}/columns`, { name: `Note ${round}`, type: 'text' }),
      ])
      for (const r of answers) expect(r.status, r.text).toBe(201)
    }
  })
})
