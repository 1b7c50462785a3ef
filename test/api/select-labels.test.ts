import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Select values by label (issue 15): written and filtered by option id or label, ignoring case;
 * an exact id wins over a label that spells the same text; answers carry ids unless
 * `cellFormat=label`.
 */
let t: TestServer
let base = ''

const OPTIONS = [
  { id: 'won', label: 'Won' },
  { id: 'lost', label: 'Lost' },
  // An option whose label is another option's id: `won` must still mean the option with id `won`.
  { id: 'x1', label: 'won!' },
  { id: 'open', label: 'Open deal' },
]

beforeAll(async () => {
  t = await startTestServer()
  const app = await t.api('POST', '/api/apps', { name: 'Labels' })
  const table = await t.api('POST', `/api/apps/${app.body.id}/tables`, {
    name: 'Deals',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'Stage', type: 'single_select', config: { options: OPTIONS } },
      {
        name: 'Tags',
        type: 'multiple_select',
        config: {
          options: [
            { id: 'a', label: 'Hot' },
            { id: 'b', label: 'a' },
            { id: 'c', label: 'Cold' },
          ],
        },
      },
    ],
  })
  expect(table.status, JSON.stringify(table.body)).toBe(201)
  base = `/api/tables/${table.body.id}/records`
})
afterAll(() => t?.close())

describe('select values by label', () => {
  it('writes a single select by label, ignoring case, and answers the option id', async () => {
    for (const given of ['Won', 'won', 'WON']) {
      const r = await t.api('POST', base, { fields: { Title: given, Stage: given } })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect(r.body.fields.Stage).toBe('won')
    }
    const open = await t.api('POST', base, { fields: { Title: 'o', Stage: 'open deal' } })
    expect(open.body.fields.Stage).toBe('open')
  })

  it('an exact id wins over a label spelling the same text; a label is matched only when no id is', async () => {
    // 'b' is the id of "a", and 'a' is both an id (Hot) and a label (of b): the id wins.
    const r = await t.api('POST', base, { fields: { Title: 'tags', Tags: ['a', 'COLD'] } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.fields.Tags).toEqual(['a', 'c'])
    const label = await t.api('POST', base, { fields: { Title: 'tags2', Tags: ['hot'] } })
    expect(label.body.fields.Tags).toEqual(['a'])
  })

  it('refuses an unknown value with 400, the field path, and the options it could be', async () => {
    const r = await t.api('POST', base, { fields: { Title: 'bad', Stage: 'Maybe' } })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(r.body.error.path).toEqual(['fields', 'Stage'])
    expect(r.body.error.message).toMatch(/give one of .*Won.* \(or an option id\)/)
    // The same option twice, once by id and once by label, is a duplicate.
    const dup = await t.api('POST', base, { fields: { Title: 'dup', Tags: ['c', 'Cold'] } })
    expect(dup.status).toBe(400)
    expect(dup.body.error.path).toEqual(['fields', 'Tags'])
  })

  it('filters take labels too', async () => {
    const r = await t.api('POST', `${base}/query`, { filter: { and: [{ field: 'Stage', op: 'eq', value: 'WON' }] }, count: true })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.total).toBe(3)
    const tags = await t.api('POST', `${base}/query`, { filter: { and: [{ field: 'Tags', op: 'has_any', value: ['Cold'] }] }, count: true })
    expect(tags.body.total).toBe(1)
  })

  it('answers labels with cellFormat=label on list, query and get; ids otherwise', async () => {
    const list = await t.api('GET', `${base}?cellFormat=label&filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Title', op: 'eq', value: 'tags' }] }))}`)
    expect(list.status, JSON.stringify(list.body)).toBe(200)
    expect(list.body.records[0].fields).toMatchObject({ Tags: ['Hot', 'Cold'] })
    const q = await t.api('POST', `${base}/query?cellFormat=label`, { filter: { and: [{ field: 'Title', op: 'eq', value: 'won' }] } })
    expect(q.body.records[0].fields.Stage).toBe('Won')
    const inBody = await t.api('POST', `${base}/query`, { cellFormat: 'label', filter: { and: [{ field: 'Title', op: 'eq', value: 'o' }] } })
    expect(inBody.body.records[0].fields.Stage).toBe('Open deal')
    const id = q.body.records[0].id
    expect((await t.api('GET', `${base}/${id}?cellFormat=label`)).body.fields.Stage).toBe('Won')
    expect((await t.api('GET', `${base}/${id}`)).body.fields.Stage).toBe('won')
    const bad = await t.api('GET', `${base}?cellFormat=names`)
    expect(bad.status).toBe(400)
  })
})
