import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t?.close())

describe('health and docs', () => {
  it('answers health once ready', async () => {
    const r = await t.api('GET', '/api/health')
    expect(r).toMatchObject({ status: 200, body: { status: 'ok' } })
  })
  it('serves the OpenAPI document with the record endpoints', async () => {
    const r = await t.api('GET', '/api/openapi.json')
    expect(r.status).toBe(200)
    expect(Object.keys(r.body.paths)).toContain('/api/tables/{tableId}/records')
    const ui = await t.api('GET', '/api/docs/')
    expect(ui.status).toBe(200)
    expect(ui.text).toContain('swagger')
  })
  it('answers an unknown route with the error shape', async () => {
    const r = await t.api('GET', '/api/nope')
    expect(r.status).toBe(404)
    expect(r.body.error.code).toBe('HST_ERR_ROUTE_NOT_FOUND')
  })
})
