import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

let t: TestServer
let appId: string
let items: any

const q = (o: Record<string, unknown>) =>
  '?' +
  Object.entries(o)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&')
const addColumn = (tableId: string, column: unknown) => t.api('POST', `/api/tables/${tableId}/columns`, column)

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Formulas' })).body.id
  items = (
    await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Items',
      columns: [
        { name: 'First', type: 'text' },
        { name: 'Last', type: 'text' },
        { name: 'Price', type: 'number', config: { precision: 2 } },
        { name: 'Quantity', type: 'number' },
      ],
    })
  ).body
  await t.api('POST', `/api/tables/${items.id}/records/bulk`, {
    records: [
      { fields: { First: 'Ada', Last: 'Lovelace', Price: 2.5, Quantity: 4 } },
      { fields: { First: 'Alan', Last: 'Turing', Price: 10, Quantity: 0 } },
      { fields: { First: 'Grace', Price: 1, Quantity: 3 } },
    ],
  })
})
afterAll(() => t?.close())

describe('formula fields through the API', () => {
  it('computes {price} * {quantity} and {first} & " " & {last}, in responses', async () => {
    expect((await addColumn(items.id, { name: 'Total', type: 'formula', config: { formula: '{Price} * {Quantity}' } })).status).toBe(201)
    expect((await addColumn(items.id, { name: 'Full name', type: 'formula', config: { formula: "{First} & ' ' & {Last}" } })).status).toBe(201)
    const page = (await t.api('GET', `/api/tables/${items.id}/records${q({ sort: [{ field: 'First', direction: 'asc' }] })}`)).body
    expect(page.records.map((r: any) => [r.fields['Full name'], Number(r.fields.Total)])).toEqual([
      ['Ada Lovelace', 10],
      ['Alan Turing', 0],
      ['Grace ', 3],
    ])
  })

  it('filters and sorts on a formula', async () => {
    const page = (
      await t.api('GET', `/api/tables/${items.id}/records${q({ filter: { and: [{ field: 'Total', op: 'gt', value: 1 }] }, sort: [{ field: 'Total', direction: 'desc' }] })}`)
    ).body
    expect(page.records.map((r: any) => r.fields.First)).toEqual(['Ada', 'Grace'])
  })

  it('references other formulas, and gives a defined value on division by zero', async () => {
    expect((await addColumn(items.id, { name: 'Unit', type: 'formula', config: { formula: '{Total} / {Quantity}' } })).status).toBe(201)
    const page = (await t.api('GET', `/api/tables/${items.id}/records${q({ sort: [{ field: 'First', direction: 'asc' }] })}`)).body
    expect(page.records.map((r: any) => (r.fields.Unit === null ? null : Number(r.fields.Unit)))).toEqual([2.5, null, 1])
  })

  it('refuses an unknown field with its position', async () => {
    const r = await addColumn(items.id, { name: 'Bad', type: 'formula', config: { formula: '{Prise} * 2' } })
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['columns', 7, 'config', 'formula'])
    expect(r.body.error.message).toMatch(/\{Prise\}.*1:1/)
  })

  it('refuses a cycle, naming its path', async () => {
    const a = await addColumn(items.id, { name: 'A', type: 'formula', config: { formula: '1' } })
    expect(a.status).toBe(201)
    const b = await addColumn(items.id, { name: 'B', type: 'formula', config: { formula: '{A} + 1' } })
    expect(b.status).toBe(201)
    const cols = (await t.api('GET', `/api/tables/${items.id}`)).body.columns
    const aId = cols.find((c: any) => c.name === 'A').id
    const r = await t.api('PATCH', `/api/tables/${items.id}/columns/${aId}`, { config: { formula: '{B} * 2' } })
    expect(r.status).toBe(400)
    expect(r.body.error.message).toMatch(/^columns.7.config.formula: formula cycle: (A -> B -> A|B -> A -> B)$/)
  })

  it('answers 400 with a position for hostile or oversized formulas, never a 5xx', async () => {
    for (const formula of ['{First}); drop table apps; --', '('.repeat(500) + '1' + ')'.repeat(500), 'FOO(1)', 'ROUND()', 'UPPER(1, 2, 3)', '1 +', 'x'.repeat(100_000)]) {
      const r = await addColumn(items.id, { name: 'Hostile', type: 'formula', config: { formula } })
      expect(r.status, formula.slice(0, 40)).toBe(400)
      expect(r.body.error.code).toBe('KRN_ERR_VALIDATION')
    }
    expect((await t.api('GET', '/api/apps')).status).toBe(200)
  })

  it('uses lookups and aggregations across a relation', async () => {
    const orders = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Baskets', columns: [{ name: 'Label', type: 'text' }] })).body
    const rel = (await addColumn(orders.id, { name: 'Items', type: 'relation', config: { targetTableId: items.id } })).body.column
    const price = items.columns.find((c: any) => c.name === 'Price').id
    expect((await addColumn(orders.id, { name: 'Sum', type: 'aggregation', config: { relationFieldId: rel.id, targetFieldId: price, aggregation: 'sum' } })).status).toBe(201)
    expect((await addColumn(orders.id, { name: 'With tax', type: 'formula', config: { formula: 'ROUND({Sum} * 1.2, 2)' } })).status).toBe(201)
    const ids = (await t.api('GET', `/api/tables/${items.id}/records`)).body.records.map((r: any) => r.id)
    const rec = await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Label: 'b1', Items: ids } })
    expect(rec.status).toBe(201)
    expect(Number(rec.body.fields.Sum)).toBe(13.5)
    expect(Number(rec.body.fields['With tax'])).toBe(16.2)
  })

  it('converts a formula into a stored number, keeping its values', async () => {
    const cols = (await t.api('GET', `/api/tables/${items.id}`)).body.columns
    const total = cols.find((c: any) => c.name === 'Total')
    const r = await t.api('PATCH', `/api/tables/${items.id}/columns/${total.id}?dryRun=true`, { type: 'number', config: { precision: 2 } })
    expect(r.status).toBe(200)
    expect(r.body.plan.conversions[0]).toMatchObject({ values: 3, wouldEmpty: 0 })
  })
})

describe('formula function plugins in use', () => {
  it('refuses to disable a function plugin while a formula calls one of its functions, naming the column', async () => {
    const col = (await addColumn(items.id, { name: 'Rounded', type: 'formula', config: { formula: 'round({Price} * 1.19, 1)' } })).body.columns.find(
      (c: any) => c.name === 'Rounded',
    )
    const refused = await t.api('POST', '/api/plugins/formula-math/disable')
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('KRN_ERR_PLUGIN_IN_USE')
    expect(refused.body.error.message).toContain("column 'Rounded' of table 'Items' calls ROUND")
    expect(refused.body.error.details.usage).toContainEqual({ kind: 'formula', table: 'Items', name: 'Rounded', text: "column 'Rounded' of table 'Items' calls ROUND" })
    // Nothing changed: the formula still computes.
    expect((await t.api('GET', `/api/tables/${items.id}/records?limit=1`)).status).toBe(200)

    expect((await t.api('DELETE', `/api/tables/${items.id}/columns/${col.id}`)).status).toBe(200)
    // Other tables of this file call ROUND too: the refusal now names only them.
    const again = await t.api('POST', '/api/plugins/formula-math/disable')
    expect(again.status).toBe(409)
    expect(again.body.error.message).not.toContain("'Rounded'")
    expect(again.body.error.details.usage.length).toBeGreaterThan(0)
  })
})

describe('select fields in formulas and lookups', () => {
  it('formulas see option labels, not ids, and filter on them; lookups show labels too', async () => {
    const options = {
      options: [
        { id: 'o1', label: 'Open', color: 'blue' },
        { id: 'o2', label: 'Closed', color: 'red' },
      ],
    }
    const tags = {
      options: [
        { id: 't1', label: 'Red' },
        { id: 't2', label: 'Blue' },
      ],
    }
    const tickets = (
      await t.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Tickets',
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'Status', type: 'single_select', config: options },
          { name: 'Tags', type: 'multiple_select', config: tags },
        ],
      })
    ).body
    const made = await t.api('POST', `/api/tables/${tickets.id}/records/bulk`, {
      records: [{ fields: { Title: 'A', Status: 'o1', Tags: ['t2', 't1'] } }, { fields: { Title: 'B', Status: 'o2', Tags: [] } }, { fields: { Title: 'C' } }],
    })
    expect(made.status, made.text).toBe(201)
    for (const [name, formula] of [
      ['Shout', "{Status} & '!'"],
      ['Tag list', "ARRAYJOIN({Tags}, '+')"],
      ['Is open', "{Status} = 'Open'"],
    ]) {
      const r = await addColumn(tickets.id, { name, type: 'formula', config: { formula } })
      expect(r.status, r.text).toBe(201)
    }
    const page = (await t.api('GET', `/api/tables/${tickets.id}/records${q({ sort: [{ field: 'Title', direction: 'asc' }] })}`)).body
    expect(page.records.map((r: any) => [r.fields.Status, r.fields.Shout, r.fields['Tag list'], r.fields['Is open']])).toEqual([
      ['o1', 'Open!', 'Blue+Red', true],
      ['o2', 'Closed!', null, false],
      [null, '!', null, null],
    ])
    const open = (await t.api('GET', `/api/tables/${tickets.id}/records${q({ filter: { field: 'Is open', op: 'eq', value: true } })}`)).body
    expect(open.records.map((r: any) => r.fields.Title)).toEqual(['A'])

    // A lookup of the select through a relation shows the labels.
    const orders = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Ticket refs', columns: [{ name: 'Ref', type: 'text' }] })).body
    const rel = await addColumn(orders.id, { name: 'Ticket', type: 'relation', config: { targetTableId: tickets.id, allowMultiple: true } })
    expect(rel.status, rel.text).toBe(201)
    const status = tickets.columns.find((c: any) => c.name === 'Status').id
    expect((await addColumn(orders.id, { name: 'Ticket status', type: 'lookup', config: { relationFieldId: rel.body.column.id, targetFieldId: status } })).status).toBe(201)
    const a = page.records[0].id
    expect((await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'R1', Ticket: [a] } })).status).toBe(201)
    const refs = (await t.api('GET', `/api/tables/${orders.id}/records`)).body
    expect(refs.records[0].fields['Ticket status']).toEqual(['Open'])
  })
})
