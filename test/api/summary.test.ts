import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * The grid's summary row (issue 15): `POST .../records/summary` aggregates every record the
 * filter and search match (not a page), per column: count (with a value), empty, sum, avg, min,
 * max; a kind the column's type cannot show is a 400 naming it.
 */
let t: TestServer
let base = ''
let appId = ''
let tableId = ''

beforeAll(async () => {
  t = await startTestServer()
  const app = await t.api('POST', '/api/apps', { name: 'Sums' })
  const table = await t.api('POST', `/api/apps/${app.body.id}/tables`, {
    name: 'Orders',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'Amount', type: 'number', config: { precision: 2 } },
      { name: 'Due', type: 'date' },
      { name: 'Tags', type: 'multiple_select', config: { options: [{ id: 'a', label: 'A' }] } },
      { name: 'Double', type: 'formula', config: { formula: '{Amount} * 2' } },
    ],
  })
  expect(table.status, JSON.stringify(table.body)).toBe(201)
  base = `/api/tables/${table.body.id}/records`
  appId = app.body.id
  tableId = table.body.id
  // 120 rows: more than a page, so a page-only sum would be wrong.
  const records = Array.from({ length: 120 }, (_, i) => ({
    fields: {
      Title: i % 10 === 0 ? '' : `order ${i}`,
      Amount: i % 4 === 0 ? null : i + 0.5,
      Due: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
      Tags: i % 2 ? ['a'] : [],
    },
  }))
  const made = await t.api('POST', `${base}/bulk`, { records })
  expect(made.status, JSON.stringify(made.body)).toBe(201)
})
afterAll(() => t?.close())

const amounts = Array.from({ length: 120 }, (_, i) => i)
  .filter((i) => i % 4 !== 0)
  .map((i) => i + 0.5)
const sum = amounts.reduce((a, b) => a + b, 0)

describe('POST /records/summary', () => {
  it('computes each kind over the whole table', async () => {
    const r = await t.api('POST', `${base}/summary`, {
      summaries: { Amount: 'sum', Title: 'empty', Tags: 'count', Due: 'max', Double: 'avg' },
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.total).toBe(120)
    const ids = Object.fromEntries((await t.api('GET', `/api/tables/${tableId}`)).body.columns.map((c: { name: string; id: string }) => [c.name, c.id]))
    expect(r.body.kinds[ids.Amount]).toEqual(['count', 'empty', 'sum', 'avg', 'min', 'max'])
    expect(r.body.kinds[ids.Double]).toContain('sum')
    expect(r.body.kinds[ids.Due]).toEqual(['count', 'empty', 'min', 'max'])
    expect(r.body.kinds[ids.Title]).toEqual(['count', 'empty'])
    expect(r.body.summaries.Amount).toBeCloseTo(sum, 6)
    expect(r.body.summaries.Title).toBe(12)
    expect(r.body.summaries.Tags).toBe(60)
    expect(String(r.body.summaries.Due)).toMatch(/^2026-01-28/)
    expect(r.body.summaries.Double).toBeCloseTo((2 * sum) / amounts.length, 6)
    for (const [kind, want] of [
      ['avg', sum / amounts.length],
      ['min', 1.5],
      ['max', 119.5],
      ['count', 90],
      ['empty', 30],
    ] as const) {
      const one = await t.api('POST', `${base}/summary`, { summaries: { Amount: kind } })
      expect(one.body.summaries.Amount, kind).toBeCloseTo(want, 6)
    }
  })

  it('honours the filter and the quick search', async () => {
    const f = await t.api('POST', `${base}/summary`, { filter: { and: [{ field: 'Amount', op: 'lt', value: 10 }] }, summaries: { Amount: 'sum' } })
    expect(f.body.total).toBe(7)
    expect(f.body.summaries.Amount).toBeCloseTo(
      [1.5, 2.5, 3.5, 5.5, 6.5, 7.5, 9.5].reduce((a, b) => a + b, 0),
      6,
    )
    const s = await t.api('POST', `${base}/summary`, { search: 'order 11', summaries: { Amount: 'count' } })
    // order 11, 110..119 less the 110 with an empty title.
    expect(s.body.total).toBe(10)
    const none = await t.api('POST', `${base}/summary`, { filter: { and: [{ field: 'Amount', op: 'gt', value: 1e6 }] }, summaries: { Amount: 'sum', Due: 'min' } })
    expect(none.body).toMatchObject({ total: 0, summaries: { Amount: null, Due: null } })
  })

  it('refuses a kind the column cannot show, an unknown column and a hostile key, naming them', async () => {
    const text = await t.api('POST', `${base}/summary`, { summaries: { Title: 'sum' } })
    expect(text.status).toBe(400)
    expect(text.body.error.path).toEqual(['summaries', 'Title'])
    expect(text.body.error.message).toMatch(/count, empty/)
    const unknown = await t.api('POST', `${base}/summary`, { summaries: { 'x"; drop table t --': 'count' } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_FIELD')
    const kind = await t.api('POST', `${base}/summary`, { summaries: { Amount: 'median' } })
    expect(kind.status).toBe(400)
    const many = await t.api('POST', `${base}/summary`, { summaries: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 'count'])) })
    expect(many.status).toBe(400)
  })

  it('a view’s summary adds the view’s filter', async () => {
    const view = await t.api('POST', `/api/apps/${appId}/views`, {
      name: 'Small',
      dataTableId: tableId,
      type: 'table',
      queryConfig: { filter: { and: [{ field: 'Amount', op: 'lt', value: 10 }] } },
    })
    expect(view.status, JSON.stringify(view.body)).toBe(201)
    const r = await t.api('POST', `/api/views/${view.body.id}/summary`, { summaries: { Amount: 'max' } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ total: 7, summaries: { Amount: 9.5 } })
    const searched = await t.api('POST', `/api/views/${view.body.id}/summary`, { search: 'order 9', summaries: { Amount: 'count' } })
    expect(searched.body.total).toBe(1)
    // The grid keeps its summary choices in the view's config; a PUT that leaves config out keeps them.
    const amountId = (await t.api('GET', `/api/tables/${tableId}`)).body.columns.find((c: { name: string }) => c.name === 'Amount').id
    const saved = await t.api('PUT', `/api/views/${view.body.id}`, { config: { summary: { [amountId]: 'sum' } } })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const renamed = await t.api('PUT', `/api/views/${view.body.id}`, { name: 'Small ones' })
    expect(renamed.body.config.summary).toEqual({ [amountId]: 'sum' })
  })

  it('is scoped to the caller’s company', async () => {
    const other = t.as(await t.signUp())
    const r = await other('POST', `${base}/summary`, { summaries: { Amount: 'sum' } })
    expect(r.status).toBe(404)
  })
})
