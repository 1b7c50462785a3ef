import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, ownerAt, startSecondServer } from '../support/second-server.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Two server processes on one PostgreSQL (issue 19's first cases): a schema change or an ended
 * credential made through one is served by the other from its next requests on (a schema change is
 * announced with `pg_notify` after it commits and the other drops what it had cached; a credential
 * is checked per request, test/api/credential-processes.test.ts). Before, the
 * second process answered a create using a new column with 400 "Unknown column", left a new count
 * empty on writes it served, and accepted a revoked token for up to 30 s. PGlite has one process
 * per data dir, so this is PostgreSQL's.
 */
describe.skipIf(DB_KIND !== 'postgres')('changes across server processes', () => {
  let t: TestServer
  let second: { url: string; close: () => Promise<void> }
  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000 })
    second = await startSecondServer(t)
  })
  afterAll(async () => {
    await second?.close()
    await t?.close()
  })

  /** The same request through the second process, as the owner. */
  const there = (method: string, path: string, body?: unknown) => ownerAt(t, () => second.url)(method, path, body)
  it('a column added through one process is written and filtered through the other', async () => {
    const app = (await t.api('POST', '/api/apps', { name: 'Two' })).body.id as string
    const table = (await t.api('POST', `/api/apps/${app}/tables`, { name: 'T', columns: [{ name: 'Name', type: 'text' }] })).body.id as string
    // The second process reads (and caches) the table as it was.
    expect((await there('POST', `/api/tables/${table}/records`, { fields: { Name: 'before' } })).status).toBe(201)
    expect((await t.api('POST', `/api/tables/${table}/columns`, { name: 'Extra', type: 'text' })).status).toBe(201)
    const made = await eventually(
      () => there('POST', `/api/tables/${table}/records`, { fields: { Name: 'after', Extra: 'x' } }),
      (r) => r.status === 201,
    )
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    expect(made.body.fields.Extra).toBe('x')
    const filtered = await there('GET', `/api/tables/${table}/records?filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Extra', op: 'eq', value: 'x' }] }))}`)
    expect(filtered.status).toBe(200)
    expect(filtered.body.records.map((r: { fields: { Name: string } }) => r.fields.Name)).toEqual(['after'])
  })

  it('a count added through one process is maintained by links the other writes', async () => {
    const app = (await t.api('POST', '/api/apps', { name: 'Counts' })).body.id as string
    const customers = (await t.api('POST', `/api/apps/${app}/tables`, { name: 'Customers', columns: [{ name: 'Name', type: 'text' }] })).body.id as string
    const orders = (
      await t.api('POST', `/api/apps/${app}/tables`, {
        name: 'Orders',
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'Customer', type: 'relation', config: { targetTableId: customers, allowMultiple: false } },
        ],
      })
    ).body
    const acme = (await t.api('POST', `/api/tables/${customers}/records`, { fields: { Name: 'Acme' } })).body.id as string
    // Both tables read through the second process first.
    expect((await there('POST', `/api/tables/${orders.id}/records`, { fields: { Title: 'first', Customer: [acme] } })).status).toBe(201)
    const reverse = ((await t.api('GET', `/api/tables/${customers}`)).body.columns as Array<{ id: string; type: string }>).find((c) => c.type === 'relation')!
    const added = await t.api('POST', `/api/tables/${customers}/columns`, {
      name: 'Orders count',
      type: 'aggregation',
      config: { relationFieldId: reverse.id, aggregation: 'count' },
    })
    expect(added.status, JSON.stringify(added.body)).toBe(201)
    const count = async () => (await t.api('GET', `/api/tables/${customers}/records/${acme}`)).body.fields['Orders count']
    expect(await count()).toBe(1)
    // Wait until the second process knows the column (its read shows it), then link through it.
    await eventually(
      () => there('GET', `/api/tables/${customers}/records/${acme}`),
      (r) => r.body?.fields && 'Orders count' in r.body.fields,
    )
    expect((await there('POST', `/api/tables/${orders.id}/records`, { fields: { Title: 'second', Customer: [acme] } })).status).toBe(201)
    expect(await count()).toBe(2)
  })

  it('a token revoked through one process is refused by the other at once (not after its 30 s cache)', async () => {
    const made = await t.api('POST', '/api/auth/tokens', { name: 'script' })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    const use = () => fetch(`${second.url}/api/auth/me`, { headers: { authorization: `Bearer ${made.body.token as string}` } }).then((r) => r.status)
    // The second process has checked the token and cached it.
    expect(await use()).toBe(200)
    expect(await use()).toBe(200)
    expect((await t.api('DELETE', `/api/auth/tokens/${made.body.id as string}`)).status).toBe(204)
    // Well inside the cache's 30 s, and at once.
    expect(await use()).toBe(401)
  })
})
