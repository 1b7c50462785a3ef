import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/** The third-party example (examples/field-rating), loaded from a plugin folder like an install. */
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url))

let t: TestServer
let tableId: string
beforeAll(async () => {
  t = await startTestServer({ pluginDirs: [EXAMPLES] })
  const app = (await t.api('POST', '/api/apps', { name: 'Reviews' })).body
  const table = await t.api('POST', `/api/apps/${app.id}/tables`, {
    name: 'Films',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'Stars', type: 'rating', config: { max: 5 } },
      { name: 'Score', type: 'number' },
    ],
  })
  expect(table.status, table.text).toBe(201)
  tableId = table.body.id
})
afterAll(() => t?.close())

describe('examples/field-rating', () => {
  it('stores, filters and sorts ratings, and refuses one out of range at the field', async () => {
    const made = await t.api('POST', `/api/tables/${tableId}/records/bulk`, {
      records: [
        ['Alien', 5, 4.5],
        ['Cats', 1, 1],
        ['Heat', 4, 7],
      ].map(([Title, Stars, Score]) => ({ fields: { Title, Stars, Score } })),
    })
    expect(made.status, made.text).toBe(201)
    const filter = encodeURIComponent(JSON.stringify({ field: 'Stars', op: 'gte', value: 4 }))
    const sort = encodeURIComponent(JSON.stringify([{ field: 'Stars', direction: 'desc' }]))
    const page = (await t.api('GET', `/api/tables/${tableId}/records?filter=${filter}&sort=${sort}`)).body
    expect(page.records.map((r: any) => [r.fields.Title, r.fields.Stars])).toEqual([
      ['Alien', 5],
      ['Heat', 4],
    ])
    const bad = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Stars: 6 } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['fields', 'Stars'])
  })

  it('converts numbers that are whole stars and reports the rest in the dry run', async () => {
    const table = (await t.api('GET', `/api/tables/${tableId}`)).body
    const score = table.columns.find((c: any) => c.name === 'Score')
    const dry = await t.api('PATCH', `/api/tables/${tableId}/columns/${score.id}?dryRun=true`, { type: 'rating', config: { max: 5 } })
    expect(dry.status, dry.text).toBe(200)
    // Score has no precision, so 4.5 was kept as given: it is not a whole star, and 7 is beyond 5 stars.
    expect(dry.body.plan.conversions).toEqual([{ columnId: score.id, name: 'Score', from: 'number', to: 'rating', values: 3, wouldEmpty: 2 }])
  })

  it('serves its client half to the browser', async () => {
    const r = await fetch(`${t.url}/plugins/field-rating/client.js`)
    expect(r.status).toBe(200)
    expect(await r.text()).toMatch(/ElRate/)
  })
})
