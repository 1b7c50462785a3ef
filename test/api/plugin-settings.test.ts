import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/** Plugin settings: a schema in the server half, stored by the kernel, edited over the API. */
const FIXTURES = fileURLToPath(new URL('../fixtures/settings-plugins/', import.meta.url))

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ pluginDirs: [FIXTURES] })
})
afterAll(() => t?.close())

describe('plugin settings', () => {
  it('starts from the schema defaults and offers the schema as JSON Schema for a form', async () => {
    const r = await t.api('GET', '/api/plugins/fixture-settings/settings')
    expect(r.status, r.text).toBe(200)
    expect(r.body.value).toEqual({ greeting: 'Hello', times: 1 })
    expect(r.body.schema.properties.times).toMatchObject({ type: 'integer', minimum: 1, maximum: 5, default: 1 })
    expect((await t.api('GET', '/api/plugins/fixture-settings/greet')).body).toEqual({ text: 'Hello', changes: 0 })
  })

  it('saves valid settings and the plugin sees them at once', async () => {
    const r = await t.api('PUT', '/api/plugins/fixture-settings/settings', { greeting: 'Hi', times: 3 })
    expect(r.status, r.text).toBe(200)
    expect(r.body.value).toEqual({ greeting: 'Hi', times: 3 })
    expect((await t.api('GET', '/api/plugins/fixture-settings/greet')).body).toEqual({ text: 'Hi Hi Hi', changes: 1 })
  })

  it('refuses invalid settings with the field path, keeping the saved ones', async () => {
    const r = await t.api('PUT', '/api/plugins/fixture-settings/settings', { greeting: 'Hi', times: 9 })
    expect(r.status).toBe(400)
    expect(r.body.error).toMatchObject({ code: 'KRN_ERR_VALIDATION', path: ['settings', 'times'] })
    expect((await t.api('GET', '/api/plugins/fixture-settings/settings')).body.value).toEqual({ greeting: 'Hi', times: 3 })
  })

  it('keeps them across disable and enable', async () => {
    expect((await t.api('POST', '/api/plugins/fixture-settings/disable')).status).toBe(200)
    const off = await t.api('GET', '/api/plugins/fixture-settings/settings')
    expect(off.status).toBe(409)
    expect(off.body.error.code).toBe('KRN_ERR_PLUGIN_NOT_ENABLED')
    expect((await t.api('POST', '/api/plugins/fixture-settings/enable')).status).toBe(200)
    expect((await t.api('GET', '/api/plugins/fixture-settings/settings')).body.value).toEqual({ greeting: 'Hi', times: 3 })
    expect((await t.api('GET', '/api/plugins/fixture-settings/greet')).body.text).toBe('Hi Hi Hi')
  })

  it('a plugin without settings says so', async () => {
    const r = await t.api('GET', '/api/plugins/field-text/settings')
    expect(r.body).toEqual({ schema: null, value: null })
    const put = await t.api('PUT', '/api/plugins/field-text/settings', { a: 1 })
    expect(put.status).toBe(400)
  })
})
