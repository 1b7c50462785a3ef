import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'
import { startStaleServer } from '../support/deaf-database.ts'

/**
 * A request that raced another process's schema change (issue 19): never a write that skips the
 * maintenance of a stored value the change added. The "stale" process is a second server on the
 * same PostgreSQL database that never hears the other's announcements (its database has no
 * LISTEN/NOTIFY): it is every process in the moment between another's commit and the arrival of
 * the notification, made to last. Its writes must still keep stored values right.
 */

type Answer = { status: number; body: Record<string, unknown>; retryAfter: string | null }

describe.skipIf(DB_KIND !== 'postgres')('writes racing a schema change made by another process', () => {
  let t: TestServer
  let stale: { url: string; close: () => Promise<void> }
  const send = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const r = await fetch(stale.url + path, {
      method,
      headers: { ...t.owner.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await r.text()
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown>, retryAfter: r.headers.get('retry-after') }
  }
  const fieldsOf = async (tableId: string, id: string) => ((await t.api('GET', `/api/tables/${tableId}/records/${id}`)).body as { fields: Record<string, unknown> }).fields

  /** Customers and Orders (a relation to Customers) and one customer. */
  async function tables(prefix: string) {
    const app = (await t.api('POST', '/api/apps', { name: `${prefix} app` })).body.id as string
    const customers = (await t.api('POST', `/api/apps/${app}/tables`, { name: `${prefix} customers`, columns: [{ name: 'Name', type: 'text' }] })).body.id as string
    const orders = (
      await t.api('POST', `/api/apps/${app}/tables`, {
        name: `${prefix} orders`,
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'Customer', type: 'relation', config: { targetTableId: customers, allowMultiple: false } },
        ],
      })
    ).body.id as string
    const customer = (await t.api('POST', `/api/tables/${customers}/records`, { fields: { Name: 'Acme' } })).body.id as string
    const reverse = ((await t.api('GET', `/api/tables/${customers}`)).body as { columns: Array<{ id: string; type: string }> }).columns.find((c) => c.type === 'relation')
    return {
      customers,
      orders,
      customer,
      addCount: () =>
        t.api('POST', `/api/tables/${customers}/columns`, { name: 'Orders count', type: 'aggregation', config: { relationFieldId: reverse?.id, aggregation: 'count' } }),
    }
  }

  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000 })
    stale = await startStaleServer(t.db.url ?? '')
  })
  afterAll(async () => {
    await stale?.close()
    await t?.close()
  })

  it('a process that has not heard of a new count writes with the new metadata (run again once, unseen)', async () => {
    const { customers, orders, customer, addCount } = await tables('Stale')
    // The stale process compiles Orders (and Customers, its relation) before the change.
    expect((await send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'o1', Customer: [customer] } })).status).toBe(201)
    expect((await send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'o0' } })).status).toBe(201)
    expect((await addCount()).status).toBe(201)
    // Its old metadata does not know the count that the link it writes must maintain.
    const linked = await send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'o2', Customer: [customer] } })
    expect(linked.status).toBe(201)
    expect((await fieldsOf(customers, customer))['Orders count']).toBe(2)
    // Nor a column added since: taken from the request on (not 400 "Unknown column").
    expect((await t.api('POST', `/api/tables/${orders}/columns`, { name: 'Extra', type: 'text' })).status).toBe(201)
    const extra = await send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'o3', Extra: 'x' } })
    expect(extra.status).toBe(201)
    expect((extra.body['fields'] as Record<string, unknown>)['Extra']).toBe('x')
    // An update that moves a link and a delete, through the same process: the count follows.
    const other = (await t.api('POST', `/api/tables/${customers}/records`, { fields: { Name: 'Bolt' } })).body.id as string
    const o2 = linked.body['id'] as string
    expect((await t.api('POST', `/api/tables/${customers}/columns`, { name: 'Note', type: 'text' })).status).toBe(201)
    expect((await send('PATCH', `/api/tables/${orders}/records/${o2}`, { fields: { Customer: [other] } })).status).toBe(200)
    expect((await fieldsOf(customers, customer))['Orders count']).toBe(1)
    expect((await fieldsOf(customers, other))['Orders count']).toBe(1)
    expect((await t.api('POST', `/api/tables/${customers}/columns`, { name: 'Note 2', type: 'text' })).status).toBe(201)
    expect((await send('DELETE', `/api/tables/${orders}/records/${o2}`)).status).toBe(204)
    expect((await fieldsOf(customers, other))['Orders count']).toBe(0)
  })

  it('a read after another process committed a schema change answers with the new columns', async () => {
    const { orders } = await tables('Reads')
    const id = (await t.api('POST', `/api/tables/${orders}/records`, { fields: { Title: 'r1' } })).body.id as string
    // The stale process compiles Orders for reads.
    expect((await send('GET', `/api/tables/${orders}/records/${id}`)).status).toBe(200)
    expect((await send('GET', `/api/tables/${orders}/records`)).status).toBe(200)
    expect((await t.api('POST', `/api/tables/${orders}/columns`, { name: 'Extra', type: 'text' })).status).toBe(201)
    expect((await t.api('PATCH', `/api/tables/${orders}/records/${id}`, { fields: { Extra: 'seen' } })).status).toBe(200)
    const one = await send('GET', `/api/tables/${orders}/records/${id}`)
    expect((one.body['fields'] as Record<string, unknown>)['Extra']).toBe('seen')
    expect((await t.api('POST', `/api/tables/${orders}/columns`, { name: 'Extra 2', type: 'text' })).status).toBe(201)
    const page = await send('GET', `/api/tables/${orders}/records?filter=${encodeURIComponent('{"field":"Extra","op":"eq","value":"seen"}')}`)
    expect(page.status, JSON.stringify(page.body)).toBe(200)
    const rows = page.body['records'] as Array<{ fields: Record<string, unknown> }>
    expect(rows.map((r) => r.fields['Extra'])).toEqual(['seen'])
    expect(Object.keys(rows[0]?.fields ?? {})).toContain('Extra 2')
  })

  it('a permission rule saved through another process applies to the very next request', async () => {
    const companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId as string
    const app = (await t.api('POST', '/api/apps', { name: 'Rules' })).body.id as string
    const columns = [
      { name: 'Name', type: 'text' },
      { name: 'Secret', type: 'text' },
    ]
    const table = (await t.api('POST', `/api/apps/${app}/tables`, { name: 'Guarded', columns })).body.id as string
    const id = (await t.api('POST', `/api/tables/${table}/records`, { fields: { Name: 'a', Secret: 's' } })).body.id as string
    const member = await t.signUp({ name: 'Member' })
    await t.server.kernel.db.query(sql`insert into company_members (company_id, user_id, role) values (${companyId}::uuid, ${member.userId}::uuid, 'member')`)
    const headers = { ...member.headers, 'x-docpal-company': companyId, 'content-type': 'application/json' }
    const read = async () => ((await (await fetch(`${stale.url}/api/tables/${table}/records/${id}`, { headers })).json()) as { fields: Record<string, unknown> }).fields
    expect(await read()).toHaveProperty('Secret', 's')
    const rules = [{ role: 'member', actions: ['view', 'edit'], hiddenFields: ['Secret'] }]
    expect((await t.api('PUT', `/api/tables/${table}/permissions`, { rules })).status).toBe(200)
    // The stale process never hears of it: the read guard finds the table's version moved.
    expect(await read()).not.toHaveProperty('Secret')
    const page = await fetch(`${stale.url}/api/tables/${table}/records`, { headers })
    expect(((await page.json()) as { records: Array<{ fields: Record<string, unknown> }> }).records[0]?.fields).not.toHaveProperty('Secret')
    expect((await t.api('PUT', `/api/tables/${table}/permissions`, { rules: [{ role: 'member', actions: ['view'] }] })).status).toBe(200)
    const write = await fetch(`${stale.url}/api/tables/${table}/records/${id}`, { method: 'PATCH', headers, body: JSON.stringify({ fields: { Name: 'b' } }) })
    expect(write.status).toBe(403)
  })

  it('an import through a process that has not heard of a new count runs its refused chunk again', async () => {
    const { customers, orders, customer, addCount } = await tables('Import')
    expect((await send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'first', Customer: [customer] } })).status).toBe(201)
    expect((await addCount()).status).toBe(201)
    const up = await fetch(`${stale.url}/api/imports?fileName=orders.csv`, {
      method: 'POST',
      headers: { ...t.owner.headers, 'content-type': 'text/csv' },
      body: 'Title,Customer\nimported 1,Acme\nimported 2,Acme\n',
    })
    expect(up.status).toBe(201)
    const id = ((await up.json()) as { id: string }).id
    const start = await send('POST', `/api/imports/${id}/start`, { tableId: orders, mode: 'skipInvalid' })
    expect(start.status, JSON.stringify(start.body)).toBe(202)
    let job: Answer
    do {
      await new Promise((r) => setTimeout(r, 50))
      job = await send('GET', `/api/imports/${id}`)
    } while (['uploaded', 'running'].includes(job.body['state'] as string))
    expect(job.body).toMatchObject({ state: 'done', written: 2, rejected: 0 })
    expect((await fieldsOf(customers, customer))['Orders count']).toBe(3)
  })

  it('a schema change waits for a write in flight, and its backfill counts that write', async () => {
    const { customers, orders, customer, addCount } = await tables('Flight')
    // The stale process compiles the tables; then its writes of Orders take a second each.
    expect((await send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'warm' } })).status).toBe(201)
    const db = t.server.kernel.db
    const [row] = await db.query<{ table_name: string }>(sql`select table_name from data_tables where id = ${orders}::uuid`)
    await db.exec(`create or replace function test_slow_write() returns trigger language plpgsql as $$ begin perform pg_sleep(1); return new; end $$`)
    await db.query(sql`create trigger test_slow after insert on ${sql.identifier(row?.table_name ?? '')} for each row execute function test_slow_write()`)
    const done: string[] = []
    const write = send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'in flight', Customer: [customer] } }).then((r) => (done.push('write'), r))
    await new Promise((r) => setTimeout(r, 300))
    const change = addCount().then((r) => (done.push('change'), r))
    const [w, c] = await Promise.all([write, change])
    expect(w.status).toBe(201)
    expect(c.status).toBe(201)
    expect((await fieldsOf(customers, customer))['Orders count']).toBe(1)
    expect(done).toEqual(['write', 'change'])
  })

  it('a write meeting a schema change under way waits for it; met twice, it answers a retryable 409', async () => {
    const { orders } = await tables('Busy')
    expect((await send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'warm' } })).status).toBe(201)
    // Schema changes as another process runs them: the tables' write key held EXCLUSIVE, the version bumped.
    const pg = postgres(t.db.url ?? '', { max: 2, onnotice: () => {} })
    const [one, two] = [await pg.reserve(), await pg.reserve()]
    const change = async (c: postgres.ReservedSql) => {
      await c`begin`
      await c`select pg_advisory_xact_lock(hashtextextended(${orders}::uuid::text, 19))`
      await c`update data_tables set version = version + 1 where id = ${orders}::uuid`
    }
    try {
      await change(one)
      const waited = send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'after one change' } })
      await new Promise((r) => setTimeout(r, 300))
      await one`commit`
      expect((await waited).status).toBe(201)
      // Two in a row: the write waits for the first, and its second attempt meets the next.
      await change(one)
      const refused = send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'refused' } })
      await new Promise((r) => setTimeout(r, 300))
      const next = change(two)
      await new Promise((r) => setTimeout(r, 100))
      await one`commit`
      const r = await refused
      await next
      await two`commit`
      expect(r.status).toBe(409)
      expect(r.body['error']).toMatchObject({ code: 'KRN_ERR_SCHEMA_CHANGED', details: { retryable: true } })
      expect(r.retryAfter).toBe('1')
      const titles = ((await t.api('GET', `/api/tables/${orders}/records`)).body as { records: Array<{ fields: Record<string, unknown> }> }).records.map((x) => x.fields['Title'])
      expect(titles).not.toContain('refused')
      expect((await send('POST', `/api/tables/${orders}/records`, { fields: { Title: 'again' } })).status).toBe(201)
    } finally {
      one.release()
      two.release()
      await pg.end()
    }
  })
})
