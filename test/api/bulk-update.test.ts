import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * The grid's bulk writes (issue 15): `PATCH .../records` merges fields into many records in one
 * transaction; `?input=text` reads spreadsheet text through each column's type (a paste), and
 * `?onInvalid=skip` keeps the cells that read and lists the others. `POST .../records/delete`
 * removes many at once. Ids of another company's records are 404s, counts are bounded.
 */
let t: TestServer
let base = ''
let ids: string[] = []

beforeAll(async () => {
  t = await startTestServer()
  const app = await t.api('POST', '/api/apps', { name: 'Bulk' })
  const table = await t.api('POST', `/api/apps/${app.body.id}/tables`, {
    name: 'Deals',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'Amount', type: 'number', config: { precision: 2 } },
      {
        name: 'Stage',
        type: 'single_select',
        config: {
          options: [
            { id: 'won', label: 'Won' },
            { id: 'lost', label: 'Lost' },
          ],
        },
      },
      { name: 'Done', type: 'switch' },
      { name: 'Due', type: 'date' },
    ],
  })
  expect(table.status, JSON.stringify(table.body)).toBe(201)
  base = `/api/tables/${table.body.id}/records`
  const made = await t.api('POST', `${base}/bulk`, { records: [1, 2, 3, 4].map((n) => ({ fields: { Title: `r${n}`, Amount: n } })) })
  expect(made.status, JSON.stringify(made.body)).toBe(201)
  ids = made.body.ids
})
afterAll(() => t?.close())

describe('PATCH /records (bulk update)', () => {
  it('writes one record.update audit entry per record, with the old and new values of what changed, and none when refused', async () => {
    const r = await t.api('PATCH', base, { records: [{ id: ids[3], fields: { Title: 'audited', Amount: 4 } }] })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const log = await t.api('GET', `/api/audit/logs?resourceType=record&resourceId=${ids[3]}&action=record.update`)
    expect(log.status).toBe(200)
    expect(log.body.entries).toHaveLength(1)
    // Amount was 4 already: only the title changed.
    expect(log.body.entries[0].metadata).toMatchObject({ via: 'bulk', changes: { Title: { old: 'r4', new: 'audited' } } })
    expect(log.body.entries[0].metadata.changes.Amount).toBeUndefined()
    const refused = await t.api('PATCH', base, {
      records: [
        { id: ids[3], fields: { Title: 'never' } },
        { id: randomUUID(), fields: { Title: 'x' } },
      ],
    })
    expect(refused.status).toBe(404)
    const after = await t.api('GET', `/api/audit/logs?resourceType=record&resourceId=${ids[3]}&action=record.update`)
    expect(after.body.entries).toHaveLength(1)
  })

  it('merges each record’s fields and answers the records in the request’s order', async () => {
    const r = await t.api('PATCH', base, {
      records: [
        { id: ids[2], fields: { Title: 'third', Stage: 'Won' } },
        { id: ids[0], fields: { Amount: 10.5 } },
      ],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.updated).toBe(2)
    expect(r.body.rejected).toEqual([])
    expect(r.body.records.map((x: { id: string }) => x.id)).toEqual([ids[2], ids[0]])
    expect(r.body.records[0].fields).toMatchObject({ Title: 'third', Stage: 'won', Amount: 3 })
    expect(r.body.records[1].fields).toMatchObject({ Title: 'r1', Amount: 10.5 })
    const back = await t.api('GET', `${base}/${ids[2]}`)
    expect(back.body.fields.Title).toBe('third')
  })

  it('is all or nothing: a refused value is a 400 naming the record index and field, and nothing changes', async () => {
    const r = await t.api('PATCH', base, {
      records: [
        { id: ids[1], fields: { Title: 'changed?' } },
        { id: ids[3], fields: { Amount: 'ten' } },
      ],
    })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(r.body.error.path).toEqual(['records', 1, 'fields', 'Amount'])
    expect(r.body.error.message).toMatch(/^Record 1: /)
    expect((await t.api('GET', `${base}/${ids[1]}`)).body.fields.Title).toBe('r2')
  })

  it('refuses an unknown record with 404 naming it, and writes none of the others', async () => {
    const ghost = randomUUID()
    const r = await t.api('PATCH', base, {
      records: [
        { id: ids[1], fields: { Title: 'nope' } },
        { id: ghost, fields: { Title: 'ghost' } },
      ],
    })
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
    expect(r.body.error.message).toContain(ghost)
    expect(r.body.error.path).toEqual(['records', 1, 'id'])
    expect((await t.api('GET', `${base}/${ids[1]}`)).body.fields.Title).toBe('r2')
  })

  it('validates the body: shape, duplicate ids, the bound', async () => {
    const bad = await t.api('PATCH', base, { records: [{ id: 'x', fields: {} }] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['records', 0, 'id'])
    const noFields = await t.api('PATCH', base, { records: [{ id: ids[0] }] })
    expect(noFields.status).toBe(400)
    const twice = await t.api('PATCH', base, {
      records: [
        { id: ids[0], fields: { Title: 'a' } },
        { id: ids[0], fields: { Title: 'b' } },
      ],
    })
    expect(twice.status).toBe(400)
    expect(twice.body.error.path).toEqual(['records', 1, 'id'])
    const many = await t.api('PATCH', base, { records: Array.from({ length: 1001 }, () => ({ id: randomUUID(), fields: {} })) })
    expect(many.status).toBe(400)
    expect(many.body.error.path).toEqual(['records'])
    const empty = await t.api('PATCH', base, { records: [] })
    expect(empty.status, JSON.stringify(empty.body)).toBe(200)
    expect(empty.body.updated).toBe(0)
  })

  it('reads spreadsheet text with each column’s parser (?input=text) and keeps the cells that read (?onInvalid=skip)', async () => {
    const r = await t.api('PATCH', `${base}?input=text&onInvalid=skip`, {
      records: [
        { id: ids[0], fields: { Title: 'pasted', Amount: '1,234.5', Stage: 'lost', Done: 'yes', Due: '2026-03-01' } },
        { id: ids[1], fields: { Title: 'second', Amount: 'ten', Stage: 'Maybe' } },
      ],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.records[0].fields).toMatchObject({ Title: 'pasted', Amount: 1234.5, Stage: 'lost', Done: true })
    expect(String(r.body.records[0].fields.Due)).toMatch(/^2026-03-01/)
    expect(r.body.records[1].fields).toMatchObject({ Title: 'second', Amount: 2, Stage: null })
    expect(r.body.rejected.map((x: { index: number; field: string }) => [x.index, x.field])).toEqual([
      [1, 'Amount'],
      [1, 'Stage'],
    ])
    expect(r.body.rejected[0].reason).toMatch(/^'ten': /)
  })

  it('an empty pasted cell empties the field', async () => {
    const r = await t.api('PATCH', `${base}?input=text`, { records: [{ id: ids[0], fields: { Stage: '', Amount: '  ' } }] })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.records[0].fields).toMatchObject({ Stage: null, Amount: null })
  })

  it('another company’s records and tables are 404s', async () => {
    const other = t.as(await t.signUp())
    const app = await other('POST', '/api/apps', { name: 'Theirs' })
    const table = await other('POST', `/api/apps/${app.body.id}/tables`, { name: 'T', columns: [{ name: 'Title', type: 'text' }] })
    const theirs = await other('POST', `/api/tables/${table.body.id}/records`, { fields: { Title: 'theirs' } })
    // Their table, from here.
    const r1 = await t.api('PATCH', `/api/tables/${table.body.id}/records`, { records: [{ id: theirs.body.id, fields: { Title: 'x' } }] })
    expect(r1.status).toBe(404)
    // Their record id against our table.
    const r2 = await t.api('PATCH', base, { records: [{ id: theirs.body.id, fields: { Title: 'x' } }] })
    expect(r2.status).toBe(404)
    // Our records through their session.
    const r3 = await other('PATCH', base, { records: [{ id: ids[0], fields: { Title: 'x' } }] })
    expect(r3.status).toBe(404)
    const del = await other('POST', `${base}/delete`, { ids: [ids[0]] })
    expect(del.status).toBe(404)
    expect((await other('GET', `/api/tables/${table.body.id}/records/${theirs.body.id}`)).body.fields.Title).toBe('theirs')
    expect((await t.api('GET', `${base}/${ids[0]}`)).status).toBe(200)
  })

  it('needs a signed-in person', async () => {
    const r = await t.anon('PATCH', base, { records: [{ id: ids[0], fields: { Title: 'x' } }] })
    expect(r.status).toBe(401)
  })
})

describe('POST /records/bulk with text input (a paste below the last row)', () => {
  it('reads text and reports refused cells while creating the rows', async () => {
    const r = await t.api('POST', `${base}/bulk?input=text&onInvalid=skip`, {
      records: [{ fields: { Title: 'new1', Amount: '7' } }, { fields: { Title: 'new2', Amount: 'seven', Done: 'no' } }],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.created).toBe(2)
    expect(r.body.rejected).toEqual([expect.objectContaining({ index: 1, field: 'Amount' })])
    const second = await t.api('GET', `${base}/${r.body.ids[1]}`)
    expect(second.body.fields).toMatchObject({ Title: 'new2', Amount: null, Done: false })
  })
})

describe('POST /records/delete (bulk delete)', () => {
  it('deletes several, all or nothing, bounded', async () => {
    const made = await t.api('POST', `${base}/bulk`, { records: [{ fields: { Title: 'd1' } }, { fields: { Title: 'd2' } }] })
    const missing = await t.api('POST', `${base}/delete`, { ids: [made.body.ids[0], randomUUID()] })
    expect(missing.status).toBe(404)
    expect((await t.api('GET', `${base}/${made.body.ids[0]}`)).status).toBe(200)
    // 100,001 ids are past the request body limit before the count bound is reached.
    const tooMany = await t.api('POST', `${base}/delete`, { ids: Array.from({ length: 100_001 }, () => randomUUID()) })
    expect(tooMany.status).toBe(413)
    expect(tooMany.body.error.code).toMatch(/^[A-Z_]+$/)
    const none = await t.api('POST', `${base}/delete`, { ids: [] })
    expect(none.status).toBe(400)
    const ok = await t.api('POST', `${base}/delete`, { ids: made.body.ids })
    expect(ok.status).toBe(200)
    expect(ok.body.deleted).toBe(2)
    expect((await t.api('GET', `${base}/${made.body.ids[1]}`)).status).toBe(404)
  })
})
