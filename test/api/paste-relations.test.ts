import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * A relation cell pasted or typed as text (issue 15: "values converted by each field type's own
 * parser"): the grid copies linked records as their display values, "Acme, Globex"; written back
 * with `?input=text` they name the records again, looked up in the linked table (its display
 * field, case-insensitively, among rows the writer may read). Names that match nothing or several
 * records are refused with the cell's path, or reported with `onInvalid=skip`; ids stay ids.
 */
let t: TestServer
let orders = ''
let customersId = ''
const ids: Record<string, string> = {}

beforeAll(async () => {
  t = await startTestServer({ auth: { authRequestsPerIp: 1000 } })
  const app = await t.api('POST', '/api/apps', { name: 'Paste' })
  const customers = await t.api('POST', `/api/apps/${app.body.id}/tables`, { name: 'Customers', columns: [{ name: 'Name', type: 'text' }] })
  expect(customers.status).toBe(201)
  customersId = customers.body.id
  for (const name of ['Acme', 'Globex', 'Initech, Inc.', 'Twin', 'Twin']) {
    const r = await t.api('POST', `/api/tables/${customersId}/records`, { fields: { Name: name } })
    ids[name] = r.body.id
  }
  const table = await t.api('POST', `/api/apps/${app.body.id}/tables`, {
    name: 'Orders',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'Customers', type: 'relation', config: { targetTableId: customersId, allowMultiple: true } },
    ],
  })
  expect(table.status, JSON.stringify(table.body)).toBe(201)
  orders = `/api/tables/${table.body.id}/records`
})
afterAll(() => t?.close())

const linked = (rec: { fields: Record<string, Array<{ display: string }>> }) => (rec.fields['Customers'] ?? []).map((l) => l.display).sort()

describe('relation cells as text', () => {
  it('a paste below the last row links the records its text names, whole names with commas included', async () => {
    const r = await t.api('POST', `${orders}/bulk?input=text`, {
      records: [{ fields: { Title: 'o1', Customers: 'acme, GLOBEX' } }, { fields: { Title: 'o2', Customers: 'Initech, Inc.' } }, { fields: { Title: 'o3', Customers: '' } }],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const [o1, o2, o3] = await Promise.all(r.body.ids.map(async (id: string) => (await t.api('GET', `${orders}/${id}`)).body))
    expect(linked(o1)).toEqual(['Acme', 'Globex'])
    expect(linked(o2)).toEqual(['Initech, Inc.'])
    expect(linked(o3)).toEqual([])
  })

  it('a paste over rows: names and ids alike; the copied text of a cell pastes back to the same links', async () => {
    const made = await t.api('POST', orders, { fields: { Title: 'o4' } })
    const byIds = await t.api('PATCH', `${orders}?input=text`, { records: [{ id: made.body.id, fields: { Customers: `${ids['Acme']}, ${ids['Globex']}` } }] })
    expect(byIds.status, JSON.stringify(byIds.body)).toBe(200)
    expect(linked(byIds.body.records[0])).toEqual(['Acme', 'Globex'])
    const copied = linked(byIds.body.records[0]).join(', ')
    const back = await t.api('PATCH', `${orders}?input=text`, { records: [{ id: made.body.id, fields: { Customers: copied } }] })
    expect(back.status, JSON.stringify(back.body)).toBe(200)
    expect(back.body.records[0].fields.Customers.map((l: { id: string }) => l.id).sort()).toEqual([ids['Acme'], ids['Globex']].sort())
  })

  it('refuses a name that matches no record or several, with the path of the cell; the record keeps its links', async () => {
    const made = await t.api('POST', orders, { fields: { Title: 'o5' } })
    for (const [text, says] of [
      ['Acme, Nobody', "no record of 'Customers' is named 'Nobody'"],
      ['Twin', "2 records of 'Customers' are named 'Twin'"],
    ] as const) {
      const r = await t.api('PATCH', `${orders}?input=text`, { records: [{ id: made.body.id, fields: { Customers: text } }] })
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
      expect(r.body.error.message).toContain(says)
      expect(r.body.error.path).toEqual(['records', 0, 'fields', 'Customers'])
    }
    expect((await t.api('GET', `${orders}/${made.body.id}`)).body.fields.Customers).toEqual([])
  })

  it('with onInvalid=skip the refused cell is reported and the rest of the row is written', async () => {
    const r = await t.api('POST', `${orders}/bulk?input=text&onInvalid=skip`, {
      records: [{ fields: { Title: 'kept', Customers: 'Nobody' } }, { fields: { Title: 'linked', Customers: 'Globex' } }],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.created).toBe(2)
    expect(r.body.rejected).toEqual([{ index: 0, field: 'Customers', reason: expect.stringContaining("'Nobody': no record of 'Customers' is named 'Nobody'") }])
    const kept = (await t.api('GET', `${orders}/${r.body.ids[0]}`)).body
    expect(kept.fields.Title).toBe('kept')
    expect(kept.fields.Customers).toEqual([])
    expect(linked((await t.api('GET', `${orders}/${r.body.ids[1]}`)).body)).toEqual(['Globex'])
  })

  it('an import of a CSV names linked records the same way; a row naming no record is reported and left out', async () => {
    const tableId = orders.split('/')[3]
    const csv = ['Title,Customers', 'i1,"Acme, Globex"', 'i2,Nobody', 'i3,"Initech, Inc."'].join('\n')
    const up = await t.api('POST', `/api/imports?fileName=orders.csv`, Buffer.from(csv), { 'content-type': 'text/csv' })
    expect(up.status, JSON.stringify(up.body)).toBe(201)
    const start = await t.api('POST', `/api/imports/${up.body.id}/start`, { tableId, mode: 'skipInvalid' })
    expect(start.status, JSON.stringify(start.body)).toBe(202)
    let done = start.body
    while (['uploaded', 'running'].includes(done.state)) {
      await new Promise((r) => setTimeout(r, 20))
      done = (await t.api('GET', `/api/imports/${up.body.id}`)).body
    }
    expect(done).toMatchObject({ state: 'done', processed: 3, written: 2, rejected: 1 })
    expect(done.report).toEqual([{ row: 3, column: 'Customers', reason: expect.stringContaining("no record of 'Customers' is named 'Nobody'") }])
    const page = await t.api('GET', `${orders}?limit=100&filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Title', op: 'in', value: ['i1', 'i3'] }] }))}`)
    const byTitle = Object.fromEntries(page.body.records.map((r: { fields: { Title: string } }) => [r.fields.Title, r]))
    expect(linked(byTitle['i1'])).toEqual(['Acme', 'Globex'])
    expect(linked(byTitle['i3'])).toEqual(['Initech, Inc.'])
  })

  it("hostile text: another company's record id is not linked, and a cell of 100,000 names is refused with a 4xx", async () => {
    const other = t.as(await t.signUp({ name: 'Other' }))
    const app = await other('POST', '/api/apps', { name: 'Theirs' })
    const theirs = await other('POST', `/api/apps/${app.body.id}/tables`, { name: 'Customers', columns: [{ name: 'Name', type: 'text' }] })
    const foreign = await other('POST', `/api/tables/${theirs.body.id}/records`, { fields: { Name: 'Acme' } })
    const byId = await t.api('POST', `${orders}/bulk?input=text`, { records: [{ fields: { Title: 'x', Customers: foreign.body.id } }] })
    expect(byId.status, JSON.stringify(byId.body)).toBeGreaterThanOrEqual(400)
    expect(byId.status).toBeLessThan(500)
    const many = Array.from({ length: 100_000 }, (_, i) => `n${i}`).join(',')
    const huge = await t.api('POST', `${orders}/bulk?input=text`, { records: [{ fields: { Title: 'y', Customers: many } }] })
    expect(huge.status, JSON.stringify(huge.body).slice(0, 300)).toBe(400)
    expect(huge.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(huge.body.error.message).toContain("no record of 'Customers' is named 'n0'")
    // The server keeps answering.
    expect((await t.api('GET', `${orders}?limit=1`)).status).toBe(200)
  })

  it('names only records the writer may read: a row rule on the linked table hides the others', async () => {
    const companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId
    const mia = await t.signUp({ name: 'Mia' })
    await t.db.db.query(sql`insert into company_members (company_id, user_id, role) values (${companyId}::uuid, ${mia.userId}::uuid, 'member')`)
    const asMia = (method: string, path: string, body?: unknown) => t.as(mia)(method, path, body, { 'x-docpal-company': companyId })
    const rules = await t.api('PUT', `/api/tables/${customersId}/permissions`, {
      rules: [{ role: 'member', actions: ['view'], readFilter: { and: [{ field: 'Name', op: 'neq', value: 'Acme' }] } }],
    })
    expect(rules.status, JSON.stringify(rules.body)).toBe(200)
    const hidden = await asMia('POST', `${orders}/bulk?input=text`, { records: [{ fields: { Title: 'm1', Customers: 'Acme' } }] })
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(400)
    expect(hidden.body.error.message).toContain("no record of 'Customers' is named 'Acme' (or you cannot read it)")
    const seen = await asMia('POST', `${orders}/bulk?input=text`, { records: [{ fields: { Title: 'm2', Customers: 'Globex' } }] })
    expect(seen.status, JSON.stringify(seen.body)).toBe(201)
    expect((await t.api('PUT', `/api/tables/${customersId}/permissions`, { rules: [] })).status).toBe(200)
  })
})
