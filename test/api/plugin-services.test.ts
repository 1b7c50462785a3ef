import { fileURLToPath } from 'node:url'
import type { DomainEvents } from '@docpal/plugin-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Dependency injection between the kernel and plugins (fixtures in test/fixtures/plugin-services):
 * kernel services through `deps`, a plugin's service and extension point consumed by another,
 * the child container disposed on disable, refusals with a code; the `plugins.changed` event; and
 * discovery problems (test/fixtures/discovery) listed as failed plugins with a reason.
 */

const SERVICES = fileURLToPath(new URL('../fixtures/plugin-services/', import.meta.url))
const DISCOVERY = fileURLToPath(new URL('../fixtures/discovery/', import.meta.url))

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ pluginDirs: [SERVICES, DISCOVERY] })
})
afterAll(() => t?.close())

const plugin = async (id: string) => (await t.api('GET', `/api/plugins/${id}`)).body as { state: string; reason: string | null; contributes: Record<string, string[]> }

describe('deps: kernel services', () => {
  it('gives a plugin the records service it names in deps, and it writes through the kernel', async () => {
    expect(await plugin('fixture-di-notes')).toMatchObject({ state: 'enabled', reason: null })
    const app = (await t.api('POST', '/api/apps', { name: 'DI' })).body
    const table = (await t.api('POST', `/api/apps/${app.id}/tables`, { name: 'Notes', columns: [{ name: 'Title', type: 'text' }] })).body
    const r = await t.api('POST', `/api/plugins/fixture-di-notes/note/${table.id}`)
    expect(r.status, r.text).toBe(200)
    expect(r.body.fields).toEqual({ Title: 'from a plugin' })
    const listed = await t.api('GET', `/api/tables/${table.id}/records`)
    expect(listed.body.records.map((x: { id: string }) => x.id)).toEqual([r.body.id])
  })
})

describe('deps: a plugin consuming another plugin', () => {
  it('resolves the service and the extension point a plugin in dependsOn publishes, one instance per consumer', async () => {
    expect(await plugin('fixture-di-consumer')).toMatchObject({ state: 'enabled', reason: null })
    expect((await t.api('GET', '/api/plugins/fixture-di-consumer/hello')).body).toEqual({ text: 'hello table, says fixture-di-greeter to fixture-di-consumer' })
    expect((await t.api('GET', '/api/plugins/fixture-di-greeter/words')).body).toEqual({ 'fixture-di-consumer': ['hey', 'ho'] })
  })

  it("refuses a plugin using another plugin's service without listing it in dependsOn, with a code", async () => {
    const p = await plugin('fixture-di-undeclared')
    expect(p.state).toBe('failed')
    expect(p.reason).toContain("add 'fixture-di-greeter' to its dependsOn")
    const r = await t.api('POST', '/api/plugins/fixture-di-undeclared/enable')
    expect(r.status).toBe(409)
    expect(r.body.error).toMatchObject({ code: 'KRN_ERR_PLUGIN_DEPENDENCY', details: { service: 'fixture-di-greeter.greeter', provider: 'fixture-di-greeter' } })
  })

  it('refuses a plugin whose dependency nobody provides, with a code, naming the ref', async () => {
    expect((await plugin('fixture-di-missing')).state).toBe('failed')
    const r = await t.api('POST', '/api/plugins/fixture-di-missing/enable')
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('KRN_ERR_PLUGIN_DEPENDENCY')
    expect(r.body.error.message).toContain("no enabled plugin or kernel service provides 'nobody.service' (deps.nothing)")
    expect(r.body.error.details).toMatchObject({ missing: ['nobody.service'] })
  })

  it("disposes the consumer's child container on disable: the publisher's clean-ups run, what it added goes", async () => {
    const kernel = t.server.kernel
    const container = kernel.plugins.containerOf('fixture-di-consumer')
    expect(container).toBeDefined()
    // The publisher cannot go while a plugin depends on it.
    const refused = await t.api('POST', '/api/plugins/fixture-di-greeter/disable')
    expect(refused.status).toBe(409)
    expect(refused.body.error.details.dependents).toEqual(['fixture-di-consumer'])

    expect((await t.api('POST', '/api/plugins/fixture-di-consumer/disable')).status).toBe(200)
    expect(kernel.plugins.containerOf('fixture-di-consumer')).toBeUndefined()
    expect(() => container!.resolve(Symbol.for('docpal:core.logger'))).toThrow(/disposed/)
    expect((await t.api('GET', '/api/plugins/fixture-di-greeter/disposed')).body).toEqual(['fixture-di-consumer'])
    expect((await t.api('GET', '/api/plugins/fixture-di-greeter/words')).body).toEqual({})

    // Enabled again: a fresh container and fresh instances.
    expect((await t.api('POST', '/api/plugins/fixture-di-consumer/enable')).status).toBe(200)
    expect(kernel.plugins.containerOf('fixture-di-consumer')).not.toBe(container)
    expect((await t.api('GET', '/api/plugins/fixture-di-greeter/words')).body).toEqual({ 'fixture-di-consumer': ['hey', 'ho'] })
  })
})

describe('plugins.changed', () => {
  it('is emitted on the kernel event bus for every change, before the plugin.* event', async () => {
    const seen: Array<{ event: string; payload: DomainEvents['plugins.changed'] | DomainEvents['plugin.disabled'] }> = []
    const events = t.server.kernel.events
    events.on('plugins.changed', (p) => void seen.push({ event: 'plugins.changed', payload: p }), 'test')
    events.on('plugin.disabled', (p) => void seen.push({ event: 'plugin.disabled', payload: p }), 'test')
    events.on('plugin.enabled', (p) => void seen.push({ event: 'plugin.enabled', payload: p }), 'test')
    try {
      expect((await t.api('POST', '/api/plugins/fixture-di-notes/disable')).status).toBe(200)
      expect((await t.api('POST', '/api/plugins/fixture-di-notes/enable')).status).toBe(200)
      // A refused change changes nothing, so it announces nothing.
      expect((await t.api('POST', '/api/plugins/fixture-di-missing/enable')).status).toBe(409)
    } finally {
      events.offOwner('test')
    }
    expect(seen).toEqual([
      { event: 'plugins.changed', payload: { reason: 'disabled', pluginId: 'fixture-di-notes' } },
      { event: 'plugin.disabled', payload: { pluginId: 'fixture-di-notes' } },
      { event: 'plugins.changed', payload: { reason: 'enabled', pluginId: 'fixture-di-notes' } },
      { event: 'plugin.enabled', payload: { pluginId: 'fixture-di-notes' } },
    ])
  })
})

describe('discovery problems', () => {
  it('lists a package.json that is not JSON, or cannot be read, as a failed plugin with the reason', async () => {
    const all = new Map(((await t.api('GET', '/api/plugins')).body as Array<{ id: string; state: string; reason: string; manifest: unknown }>).map((p) => [p.id, p]))
    expect(all.get('broken-json')).toMatchObject({ state: 'failed', manifest: null, reason: expect.stringMatching(/^package\.json is not valid JSON: /) })
    expect(all.get('unreadable')).toMatchObject({ state: 'failed', manifest: null, reason: expect.stringMatching(/^unreadable package\.json: EISDIR/) })
    // Not plugins at all: no package.json, or one without a "docpal" block.
    expect(all.has('no-package')).toBe(false)
    expect(all.has('not-a-plugin')).toBe(false)
  })
})
