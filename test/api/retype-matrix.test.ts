import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Retyping between any two field types, basic or advanced, either converts (the dry run counting
 * what would be emptied, `force` applying it) or is refused with a code and a reason; never a 5xx,
 * and a refusal or a dry run changes nothing. Every pair of the types the server offers.
 */
let t: TestServer
let appId: string
let targetId: string
let targetRecord: string
let types: string[]

const OPTIONS = {
  options: [
    { id: 'a', label: 'Alpha', color: 'blue' },
    { id: 'b', label: 'Beta', color: 'red' },
  ],
}
/** A valid config for a column of `type` in a table whose relation column is `relationId`. */
function configFor(type: string, relationId: string, targetText: string): Record<string, unknown> {
  switch (type) {
    case 'single_select':
    case 'multiple_select':
      return OPTIONS
    case 'relation':
      return { targetTableId: targetId, allowMultiple: true }
    case 'lookup':
      return { relationFieldId: relationId, targetFieldId: targetText }
    case 'aggregation':
      return { relationFieldId: relationId, aggregation: 'count' }
    case 'formula':
      return { formula: '1 + 1' }
    default:
      return {}
  }
}
const SAMPLE: Record<string, unknown> = {
  text: 'Hello 42',
  long_text: 'Line one\nline two',
  number: 42,
  date: '2026-05-01',
  single_select: 'a',
  multiple_select: ['a', 'b'],
  url: 'https://example.com/',
  email: 'someone@example.com',
  switch: true,
}

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Retype' })).body.id
  const target = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Target', columns: [{ name: 'Title', type: 'text' }] })).body
  targetId = target.id
  targetRecord = (await t.api('POST', `/api/tables/${targetId}/records`, { fields: { Title: 'T1' } })).body.id
  types = ((await t.api('GET', '/api/field-types')).body as Array<{ type: string }>).map((f) => f.type).sort()
})
afterAll(() => t?.close())

/** A table with a relation (for lookups and aggregations) and `count` columns of `from`, each holding a value. */
async function tableWith(from: string, count = 1) {
  const target = (await t.api('GET', `/api/tables/${targetId}`)).body
  const title = target.columns.find((c: { name: string }) => c.name === 'Title').id
  const made = await t.api('POST', `/api/apps/${appId}/tables`, {
    name: `From ${from} ${Math.random().toString(36).slice(2, 8)}`,
    columns: [{ name: 'Link', type: 'relation', config: { targetTableId: targetId, allowMultiple: true } }],
  })
  expect(made.status, made.text).toBe(201)
  const relationId = made.body.columns[0].id
  const columnIds: string[] = []
  for (let i = 0; i < count; i++) {
    const col = await t.api('POST', `/api/tables/${made.body.id}/columns`, { name: `Value ${i}`, type: from, config: configFor(from, relationId, title) })
    expect(col.status, `${from}: ${col.text}`).toBe(201)
    columnIds.push(col.body.column.id)
  }
  const value = from === 'relation' ? [targetRecord] : from === 'user' ? (await t.api('GET', '/api/users')).body[0]?.id : SAMPLE[from]
  const writable = !['lookup', 'aggregation', 'formula'].includes(from)
  const fields: Record<string, unknown> = { Link: [targetRecord] }
  if (writable && value !== undefined) for (let i = 0; i < count; i++) fields[`Value ${i}`] = value
  const rec = await t.api('POST', `/api/tables/${made.body.id}/records`, { fields })
  expect(rec.status, `${from}: ${rec.text}`).toBe(201)
  return { tableId: made.body.id as string, columnId: columnIds[0]!, columnIds, relationId, title }
}

describe('retype matrix', () => {
  it('every pair of types converts or is refused with a reason, never a 5xx; dry runs and refusals change nothing', async () => {
    const outcomes: string[] = []
    for (const from of types) {
      const tb = await tableWith(from)
      const before = (await t.api('GET', `/api/tables/${tb.tableId}/records`)).body.records
      for (const to of types) {
        if (to === from) continue
        const patch = { type: to, config: configFor(to, tb.relationId, tb.title) }
        const dry = await t.api('PATCH', `/api/tables/${tb.tableId}/columns/${tb.columnId}?dryRun=true`, patch)
        expect(dry.status, `${from} -> ${to}: ${dry.text}`).toBeLessThan(500)
        if (dry.status === 200) {
          expect(dry.body.dryRun, `${from} -> ${to}`).toBe(true)
          outcomes.push(`${from}->${to}: converts`)
        } else {
          expect(dry.status, `${from} -> ${to}: ${dry.text}`).toBeGreaterThanOrEqual(400)
          expect(dry.body.error.code, `${from} -> ${to}`).toMatch(/^KRN_ERR_/)
          expect(dry.body.error.message.length, `${from} -> ${to}`).toBeGreaterThan(20)
          outcomes.push(`${from}->${to}: ${dry.body.error.code}`)
        }
        const unchanged = (await t.api('GET', `/api/tables/${tb.tableId}`)).body.columns.find((c: { id: string }) => c.id === tb.columnId)
        expect(unchanged.type, `${from} -> ${to} dry run`).toBe(from)
      }
      expect((await t.api('GET', `/api/tables/${tb.tableId}/records`)).body.records, `${from}: data after dry runs`).toEqual(before)
    }
    // Most pairs have a defined conversion; the refusals are the ones that make no sense.
    expect(outcomes.filter((o) => o.endsWith('converts')).length).toBeGreaterThan(outcomes.length / 2)
  }, 240_000)

  it('every conversion the dry run offers applies with force, and the table still reads', async () => {
    for (const from of types) {
      const others = types.filter((to) => to !== from)
      const tb = await tableWith(from, others.length)
      for (const [i, to] of others.entries()) {
        const column = tb.columnIds[i]!
        const patch = { type: to, config: configFor(to, tb.relationId, tb.title) }
        const dry = await t.api('PATCH', `/api/tables/${tb.tableId}/columns/${column}?dryRun=true`, patch)
        if (dry.status !== 200) continue
        const applied = await t.api('PATCH', `/api/tables/${tb.tableId}/columns/${column}?force=true`, patch)
        expect(applied.status, `${from} -> ${to}: ${applied.text}`).toBe(200)
        const table = (await t.api('GET', `/api/tables/${tb.tableId}`)).body
        expect(table.columns.find((c: { id: string }) => c.id === column).type, `${from} -> ${to}`).toBe(to)
      }
      const page = await t.api('GET', `/api/tables/${tb.tableId}/records`)
      expect(page.status, `${from}: ${page.text}`).toBe(200)
      expect(page.body.records).toHaveLength(1)
    }
  }, 600_000)
})
