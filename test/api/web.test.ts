import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * What the server does for the web app: the built page on the API's port with deep links, each
 * enabled plugin's client half bundled on request (Element Plus imports per component), and the
 * descriptions of field and view types the browser builds its forms from.
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/web-plugins/', import.meta.url))
const PAGE = '<!doctype html><html><head><script type="importmap">{}</script></head><body><div id="app"></div></body></html>'

let t: TestServer
let dist: string

beforeAll(async () => {
  // A stand-in build: the routes serve whatever host-web's build wrote.
  // In a folder with a file beside it that no URL may reach.
  dist = join(await mkdtemp(join(tmpdir(), 'docpal-dist-')), 'dist')
  await writeFile(join(dist, '..', 'package.json'), '{"name":"secret"}')
  await mkdir(join(dist, 'vendor', 'ep'), { recursive: true })
  await mkdir(join(dist, 'assets'), { recursive: true })
  await writeFile(join(dist, 'index.html'), PAGE)
  await writeFile(join(dist, 'assets', 'app-1234.js'), 'export {}')
  await writeFile(join(dist, 'vendor', 'ep', 'exports.json'), JSON.stringify(['ElInput', 'ElFormItem', 'ElOption']))
  t = await startTestServer({ webDist: dist, pluginDirs: [FIXTURES] })
})
afterAll(async () => {
  await t?.close()
  await rm(join(dist, '..'), { recursive: true, force: true })
})

describe('the web app on the API port', () => {
  it('serves the page at / and at deep links, assets with long caching, and a 404 for missing files and API paths', async () => {
    for (const path of ['/', '/apps/0b5e6f70-8192-4a3b-9c4d-5e6f7a8b9c0d/tables/x', '/admin/plugins']) {
      const r = await t.api('GET', path)
      expect(r.status, path).toBe(200)
      expect(r.text).toContain('<div id="app"></div>')
    }
    // The page preloads the enabled plugins' client halves and carries their list.
    const page = (await t.api('GET', '/')).text
    expect(page).toMatch(/<link rel="modulepreload" href="\/plugins\/field-text\/client\.js\?v=[^"]+" \/>/)
    const list = JSON.parse(/<script type="application\/json" id="docpal-plugins">(.*?)<\/script>/.exec(page)![1]!)
    expect(list).toEqual((await t.api('GET', '/api/plugins')).body)
    const asset = await fetch(`${t.url}/assets/app-1234.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect((await t.api('GET', '/assets/missing-1.js')).status).toBe(404)
    // Nothing outside the build is served, however the path is spelled.
    for (const path of ['/..%2Fpackage.json', '/assets/..%2F..%2Fpackage.json', '/%2e%2e/package.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/%E0%A4%A.js']) {
      const r = await t.api('GET', path)
      expect([400, 403, 404], path).toContain(r.status)
      expect(r.text, path).not.toContain('secret')
    }
    const api = await t.api('GET', '/api/nothing-here')
    expect(api.status).toBe(404)
    expect(api.body.error.code).toBe('HST_ERR_ROUTE_NOT_FOUND')
  })
})

describe('plugin client halves', () => {
  it('lists a client URL for enabled plugins with a client half, none for disabled ones', async () => {
    const list = (await t.api('GET', '/api/plugins')).body as Array<{ id: string; state: string; client: string | null }>
    expect(list.find((p) => p.id === 'field-text')?.client).toMatch(/^\/plugins\/field-text\/client\.js\?v=/)
    expect((await t.api('POST', '/api/plugins/view-gantt/disable')).status).toBe(200)
    const after = (await t.api('GET', '/api/plugins')).body as Array<{ id: string; client: string | null }>
    expect(after.find((p) => p.id === 'view-gantt')?.client).toBeNull()
    expect((await t.api('GET', '/plugins/view-gantt/client.js')).body.error.code).toBe('KRN_ERR_PLUGIN_NOT_FOUND')
    expect((await t.api('POST', '/api/plugins/view-gantt/enable')).status).toBe(200)
    expect((await t.api('GET', '/plugins/view-gantt/client.js')).status).toBe(200)
  })

  it('bundles a half into one ES module with Vue, the SDK and Element Plus left to the page (names beyond its first tier from the full library)', async () => {
    const r = await fetch(`${t.url}/plugins/field-date/client.js`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('text/javascript')
    const code = await r.text()
    expect(code).toMatch(/from\s*"vue"/)
    expect(code).toMatch(/from\s*"@docpal\/plugin-sdk\/client"/)
    const named = (from: string) => [...code.matchAll(new RegExp(`import\\{([^}]*)\\}from"${from}"`, 'g'))].flatMap((m) => m[1]!.split(',').map((s) => s.split(' as ')[0]!.trim()))
    expect(named('element-plus').sort()).toEqual(['ElFormItem', 'ElOption'])
    expect(named('element-plus/full').sort()).toEqual(['ElDatePicker', 'ElSelect', 'ElSwitch'])
    expect(code).toMatch(/export\s*\{[^}]*as default/)
    expect(code).not.toContain('zod')
  })

  it('answers a plugin whose half does not build with the reason, and the rest keep working', async () => {
    const r = await t.api('GET', '/plugins/fixture-broken-client/client.js')
    expect(r.status).toBe(500)
    expect(r.body.error.code).toBe('HST_ERR_PLUGIN_CLIENT_BUILD')
    expect(r.body.error.message).toContain('does-not-exist')
    expect((await t.api('GET', '/plugins/field-number/client.js')).status).toBe(200)
  })

  it('says when a plugin has no client half', async () => {
    // An enabled plugin with no client half (a disabled one is not found at all, whatever order
    // the plugin folders were read in).
    const list = (await t.api('GET', '/api/plugins')).body as Array<{ id: string; state: string; client: string | null }>
    const serverOnly = list.find((p) => p.client === null && p.state === 'enabled')
    expect(serverOnly, 'an enabled server-only plugin such as formula-math').toBeDefined()
    expect((await t.api('GET', `/plugins/${serverOnly!.id}/client.js`)).body.error.code).toBe('HST_ERR_PLUGIN_NO_CLIENT')
  })
})

describe('type descriptions', () => {
  it('describes field types with their operators and config schema', async () => {
    const types = (await t.api('GET', '/api/field-types')).body as Array<{
      type: string
      plugin: string
      computed: boolean
      relation: boolean
      configSchema: { properties?: Record<string, unknown> } | null
      operators: Array<{ op: string; takesValue: boolean }>
    }>
    const text = types.find((f) => f.type === 'text')!
    expect(text).toMatchObject({ plugin: 'field-text', computed: false, relation: false })
    expect(text.operators).toContainEqual({ op: 'contains', takesValue: true })
    expect(text.operators).toContainEqual({ op: 'is_empty', takesValue: false })
    expect(text.configSchema?.properties).toHaveProperty('maxLength')
    expect(types.find((f) => f.type === 'formula')).toMatchObject({ computed: true })
    expect(types.find((f) => f.type === 'relation')).toMatchObject({ relation: true, computed: false })
    expect(types.find((f) => f.type === 'aggregation')).toMatchObject({ relation: false, computed: true })
  })

  it('describes view types and follows plugins being disabled', async () => {
    const before = (await t.api('GET', '/api/view-types')).body as Array<{ type: string; plugin: string }>
    expect(before.map((v) => v.type).sort()).toEqual(['calendar', 'gantt', 'kanban', 'table'])
    await t.api('POST', '/api/plugins/view-calendar/disable')
    const after = (await t.api('GET', '/api/view-types')).body as Array<{ type: string }>
    expect(after.map((v) => v.type)).not.toContain('calendar')
    await t.api('POST', '/api/plugins/view-calendar/enable')
  })
})
