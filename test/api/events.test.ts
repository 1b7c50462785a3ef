import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

const FIXTURE = fileURLToPath(new URL('../fixtures/plugins/', import.meta.url))
let t: TestServer
let table: { id: string; columns: Array<{ id: string; name: string }> }

const events = async () => (await t.api('GET', '/api/plugins/fixture-events/log')).body as Array<{ event: string; payload: any }>
const reset = () => t.api('POST', '/api/plugins/fixture-events/reset')

beforeAll(async () => {
  t = await startTestServer({ pluginDirs: [FIXTURE] })
  const app = (await t.api('POST', '/api/apps', { name: 'Events' })).body
  table = (
    await t.api('POST', `/api/apps/${app.id}/tables`, {
      name: 'E',
      columns: [
        { name: 'A', type: 'text' },
        { name: 'B', type: 'number' },
      ],
    })
  ).body
})
afterAll(() => t?.close())

describe('domain events after commit, and what hooks see', () => {
  it('announces created, updated with the changed columns, and deleted', async () => {
    await reset()
    const rec = (await t.api('POST', `/api/tables/${table.id}/records`, { fields: { A: 'x' } })).body
    await t.api('PATCH', `/api/tables/${table.id}/records/${rec.id}`, { fields: { B: 2 } })
    await t.api('DELETE', `/api/tables/${table.id}/records/${rec.id}`)
    const log = (await events()).filter((e) => e.event.startsWith('record.'))
    const b = table.columns.find((c) => c.name === 'B')!.id
    expect(log.map((e) => e.event)).toEqual(['record.created', 'record.updated', 'record.deleted'])
    expect(log[0]!.payload).toMatchObject({ tableId: table.id, recordId: rec.id })
    expect(log[1]!.payload.changed).toEqual([b])
  })

  it('gives write hooks the table columns, inside the transaction', async () => {
    await reset()
    await t.api('POST', `/api/tables/${table.id}/records`, { fields: { A: 'y', B: 1 } })
    const hook = (await events()).find((e) => e.event === 'hook:afterWrite')!
    expect(hook.payload).toMatchObject({ op: 'create', columns: ['A', 'B'] })
    expect(hook.payload.changed).toHaveLength(2)
  })

  it('runs the write hooks for every row of a bulk insert, as for single creates', async () => {
    await reset()
    const [a, b] = ['A', 'B'].map((n) => table.columns.find((c) => c.name === n)!.id)
    const bulk = (await t.api('POST', `/api/tables/${table.id}/records/bulk`, { records: [{ fields: { A: 'p' } }, { fields: { A: 'q', B: 3 } }, { fields: {} }] })).body
    const hooks = (await events()).filter((e) => e.event === 'hook:afterWrite')
    expect(hooks.map((h) => h.payload.recordId)).toEqual(bulk.ids)
    expect(hooks.map((h) => h.payload.op)).toEqual(['create', 'create', 'create'])
    expect(hooks.map((h) => h.payload.changed)).toEqual([[a], [a, b], []])
  })

  it('announces nothing for a write that failed', async () => {
    await reset()
    const bad = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { B: 'nope' } })
    expect(bad.status).toBe(400)
    expect(await events()).toEqual([])
  })

  it('announces schema changes with their steps, and bulk creates with the ids', async () => {
    await reset()
    const r = await t.api('POST', `/api/tables/${table.id}/columns`, { name: 'C', type: 'switch' })
    const bulk = (await t.api('POST', `/api/tables/${table.id}/records/bulk`, { records: [{ fields: { A: '1' } }, { fields: { A: '2' } }] })).body
    const log = await events()
    const schema = log.find((e) => e.event === 'table.schemaChanged')!
    expect(schema.payload.steps).toEqual([{ kind: 'add', columnId: r.body.column.id }])
    expect(log.find((e) => e.event === 'records.bulkCreated')!.payload.ids).toEqual(bulk.ids)
  })
})
