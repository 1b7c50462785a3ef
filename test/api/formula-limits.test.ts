import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/** Formula results are bounded (issue: CONCAT of fifty REPT('x', 1000000) returned 50 MB per row). */
let t: TestServer
let tableId: string

const column = async (name: string, formula: string) => {
  const r = await t.api('POST', `/api/tables/${tableId}/columns`, { name, type: 'formula', config: { formula } })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
}
const values = async () => (await t.api('GET', `/api/tables/${tableId}/records`)).body.records[0].fields as Record<string, unknown>

beforeAll(async () => {
  t = await startTestServer()
  const appId = (await t.api('POST', '/api/apps', { name: 'Limits' })).body.id
  tableId = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'T', columns: [{ name: 'Name', type: 'text' }] })).body.id
  expect((await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'ab' } })).status).toBe(201)
})
afterAll(() => t?.close())

describe('formula output length', () => {
  it('yields text up to the bound (100,000 characters by default) and blank beyond it', async () => {
    await column('At bound', 'REPT({Name}, 50000)')
    await column('Over bound', "CONCAT(REPT('x', 100000), 'y')")
    await column('Length of over', "LEN(CONCAT(REPT('x', 100000), 'y'))")
    const v = await values()
    expect((v['At bound'] as string).length).toBe(100_000)
    expect(v['Over bound']).toBeNull()
    // Only a field's text result is bounded; a number computed from a long text is not.
    expect(Number(v['Length of over'])).toBe(100_001)
  })

  it("answers the reported formula (CONCAT of fifty REPT('x', 1000000)) with a small blank, not 50 MB", async () => {
    await column('Bomb', `CONCAT(${Array(50).fill("REPT('x',1000000)").join(',')})`)
    const res = await t.api('GET', `/api/tables/${tableId}/records?limit=30`)
    expect(res.status).toBe(200)
    expect(res.body.records[0].fields.Bomb).toBeNull()
    expect(res.text.length).toBeLessThan(300_000)
  })

  it('takes the bound from the field-formula setting maxTextLength, refusing values out of range with the path', async () => {
    const bad = await t.api('PUT', '/api/plugins/field-formula/settings', { maxTextLength: 10 })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatchObject({ code: 'KRN_ERR_VALIDATION', path: ['settings', 'maxTextLength'] })
    expect((await t.api('PUT', '/api/plugins/field-formula/settings', { maxTextLength: 1000 })).status).toBe(200)
    try {
      await column('Small', 'REPT({Name}, 500)')
      await column('Too long now', 'REPT({Name}, 501)')
      const v = await values()
      expect((v['Small'] as string).length).toBe(1000)
      expect(v['Too long now']).toBeNull()
      expect(v['At bound']).toBeNull()
    } finally {
      expect((await t.api('PUT', '/api/plugins/field-formula/settings', { maxTextLength: 100_000 })).status).toBe(200)
    }
    expect(((await values())['At bound'] as string).length).toBe(100_000)
  })
})
