import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

// PostgreSQL only: PGlite runs statements on the event loop and cannot interrupt one (see README).
describe.runIf(DB_KIND === 'postgres')('statement timeout (DOCPAL_STATEMENT_TIMEOUT_MS)', () => {
  let t: TestServer
  let tableId: string
  const api = (method: string, path: string, body?: unknown) => t.api(method, path, body)
  const q = (o: Record<string, unknown>) => '?' + new URLSearchParams(Object.entries(o).map(([k, v]) => [k, JSON.stringify(v)])).toString()

  beforeAll(async () => {
    // The server opens its own pool from the URL, as `pnpm start` does, so the setting takes the real path.
    t = await startTestServer({ statementTimeoutMs: 1500 })
    const appId = (await api('POST', '/api/apps', { name: 'Slow' })).body.id
    tableId = (await api('POST', `/api/apps/${appId}/tables`, { name: 'Rows', columns: [{ name: 'Name', type: 'text' }] })).body.id
    const batch = { records: Array.from({ length: 1000 }, (_, i) => ({ fields: { Name: `row-${String(i).padStart(4, '0')}` } })) }
    for (let i = 0; i < 10; i++) expect((await api('POST', `/api/tables/${tableId}/records/bulk`, batch)).status).toBe(201)
    // Each row's value is 800,000 characters (REPT stops at 100,000; a number formula is not capped): a filter no row passes reads all 10,000, which is ~8 GB of string work, far
    // beyond 1.5 s on any machine, while the schema change itself is cheap.
    const added = await api('POST', `/api/tables/${tableId}/columns`, {
      name: 'Heavy',
      type: 'formula',
      config: { formula: `LEN(CONCAT(${Array(8).fill('REPT({Name}, 12500)').join(', ')}))` },
    })
    expect(added.status).toBe(201)
  }, 120_000)
  afterAll(async () => {
    await t?.close()
  })

  it('stops a request whose statement runs too long with a 422 in the error shape, and the server keeps serving', async () => {
    const slow = await api('GET', `/api/tables/${tableId}/records${q({ filter: { field: 'Heavy', op: 'lt', value: 0 }, limit: 30 })}`)
    expect(slow.status).toBe(422)
    expect(slow.body.error).toMatchObject({ code: 'HST_ERR_STATEMENT_TIMEOUT' })
    expect(slow.body.error.message).toContain('DOCPAL_STATEMENT_TIMEOUT_MS')
    const health = await api('GET', '/api/health')
    expect(health.status).toBe(200)
    const page = await api('GET', `/api/tables/${tableId}/records${q({ limit: 2, sort: [{ field: 'Name', direction: 'asc' }] })}`)
    expect(page.status).toBe(200)
    expect(page.body.records.map((r: any) => r.fields.Name)).toEqual(['row-0000', 'row-0000'])
  }, 60_000)
})
