import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from '@docpal/plugin-sdk'
import { WORKSPACE_PLUGINS } from '@docpal/host-server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * The plugin manager over HTTP: discovery and refusal of broken plugins at boot, runtime
 * enable/disable of every kind of contribution (field type, hook, route) without a restart,
 * the in-use guard, and hook failures that name the plugin. Fixtures live in test/fixtures/plugins.
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/plugins/', import.meta.url))

/** Ids of the first-party plugins, read from their package.json manifests. */
const FIRST_PARTY: string[] = readdirSync(WORKSPACE_PLUGINS)
  .filter((d) => existsSync(join(WORKSPACE_PLUGINS, d, 'package.json')))
  .map((d) => JSON.parse(readFileSync(join(WORKSPACE_PLUGINS, d, 'package.json'), 'utf8')) as { docpal?: { id: string } })
  .flatMap((p) => (p.docpal ? [p.docpal.id] : []))

interface PluginView {
  id: string
  manifest: { id: string; name: string; kernel: string; dependsOn: string[]; translations?: Record<string, { name?: string; description?: string }> } | null
  state: 'enabled' | 'disabled' | 'failed'
  reason: string | null
  contributes: { fieldTypes: string[]; viewTypes: string[]; routes: string[] }
}

let t: TestServer
let appId: string

beforeAll(async () => {
  t = await startTestServer({ pluginDirs: [FIXTURES] })
  const app = await t.api('POST', '/api/apps', { name: 'Plugins' })
  expect(app.status).toBe(201)
  appId = app.body.id
})
afterAll(() => t?.close())

async function plugins(): Promise<Map<string, PluginView>> {
  const r = await t.api<PluginView[]>('GET', '/api/plugins')
  expect(r.status).toBe(200)
  return new Map(r.body.map((p) => [p.id, p]))
}

async function createTable(name: string, columns: Array<{ name: string; type: string; config?: unknown }>) {
  const r = await t.api('POST', `/api/apps/${appId}/tables`, { name, columns })
  expect(r.status, r.text).toBe(201)
  return r.body as { id: string; columns: Array<{ id: string; name: string; type: string }> }
}

async function count(tableId: string): Promise<number> {
  const r = await t.api('POST', `/api/tables/${tableId}/records/query`, { limit: 1, count: true })
  expect(r.status).toBe(200)
  return r.body.total
}

async function storedState(id: string): Promise<boolean | undefined> {
  const row = await t.db.db.one<{ enabled: boolean }>(sql`select enabled from plugin_state where id = ${id}`)
  return row?.enabled
}

describe('boot: broken plugins fail alone, the rest of the system boots', () => {
  it('finds the first-party plugins in the workspace', () => {
    expect(FIRST_PARTY.length).toBeGreaterThanOrEqual(10)
    expect(FIRST_PARTY).toContain('field-text')
  })

  it('enables every first-party plugin', async () => {
    const all = await plugins()
    for (const id of FIRST_PARTY) expect({ id, state: all.get(id)?.state, reason: all.get(id)?.reason }).toEqual({ id, state: 'enabled', reason: null })
  })

  it("answers each manifest with its translations, for the admin page to show in the reader's language", async () => {
    const all = await plugins()
    expect(all.get('view-kanban')?.manifest).toMatchObject({ name: 'Kanban view', translations: { 'zh-CN': { name: '看板视图', description: expect.stringContaining('单选') } } })
    for (const id of FIRST_PARTY)
      expect({ id, zh: all.get(id)?.manifest?.translations?.['zh-CN'] }).toEqual({ id, zh: { name: expect.any(String), description: expect.any(String) } })
    const one = await t.api<PluginView>('GET', '/api/plugins/field-text')
    expect(one.body.manifest?.translations).toEqual({ 'zh-CN': { name: '文本', description: expect.any(String) } })
  })

  it('marks a plugin whose setup throws as failed, with the error as the reason', async () => {
    const p = (await plugins()).get('fixture-throws')!
    expect(p.state).toBe('failed')
    expect(p.reason).toContain('boom on load')
    expect(p.contributes).toEqual({ fieldTypes: [], viewTypes: [], routes: [], formulaFunctions: [], widgets: [], triggers: [], actions: [] })
  })

  it('marks a plugin with a dependency that is not installed as failed, naming it', async () => {
    const p = (await plugins()).get('fixture-needs-missing')!
    expect(p.state).toBe('failed')
    expect(p.reason).toContain('no-such-plugin')
  })

  it('marks both plugins of a dependency cycle as failed, mentioning the cycle', async () => {
    const all = await plugins()
    for (const id of ['fixture-cycle-a', 'fixture-cycle-b']) {
      expect(all.get(id)!.state, id).toBe('failed')
      expect(all.get(id)!.reason, id).toContain('cycle')
    }
  })

  it('marks a plugin for another kernel major as failed, naming its range', async () => {
    const p = (await plugins()).get('fixture-bad-kernel')!
    expect(p.state).toBe('failed')
    expect(p.reason).toContain('^99.0.0')
  })

  it('marks a plugin with an invalid manifest as failed', async () => {
    const p = (await plugins()).get('Bad Id!')!
    expect(p).toBeDefined()
    expect(p.state).toBe('failed')
    expect(p.manifest).toBeNull()
    expect(p.reason).toMatch(/^invalid manifest: id: /)
  })

  it('loads the good fixtures with what they contribute', async () => {
    const all = await plugins()
    expect(all.get('fixture-hooks')).toMatchObject({
      state: 'enabled',
      reason: null,
      contributes: { fieldTypes: ['fixture_rating'], viewTypes: [], routes: ['GET /ping', 'POST /shout/:columnId'] },
    })
    expect(all.get('fixture-depends')).toMatchObject({ state: 'enabled', manifest: { dependsOn: ['fixture-hooks'] } })
    expect(all.get('fixture-hook-throws')).toMatchObject({ state: 'enabled' })
  })

  it('serves the rest of the system: app, table, record', async () => {
    const table = await createTable('Plain', [{ name: 'Title', type: 'text' }])
    const rec = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { Title: 'works' } })
    expect(rec.status).toBe(201)
    expect(rec.body.fields).toEqual({ Title: 'works' })
  })

  it('refuses to enable the broken plugins, with the matching error', async () => {
    const throws = await t.api('POST', '/api/plugins/fixture-throws/enable')
    expect(throws.status).toBe(422)
    expect(throws.body.error.code).toBe('KRN_ERR_PLUGIN_LOAD_FAILED')
    expect(throws.body.error.message).toContain('boom on load')
    const cycle = await t.api('POST', '/api/plugins/fixture-cycle-a/enable')
    expect(cycle.status).toBe(409)
    expect(cycle.body.error.code).toBe('KRN_ERR_PLUGIN_DEPENDENCY')
    expect(cycle.body.error.details).toEqual({ missing: ['fixture-cycle-b'] })
    const missing = await t.api('POST', '/api/plugins/fixture-needs-missing/enable')
    expect(missing.status).toBe(409)
    expect(missing.body.error.code).toBe('KRN_ERR_PLUGIN_DEPENDENCY')
    expect(missing.body.error.message).toContain('no-such-plugin')
    const kernel = await t.api('POST', '/api/plugins/fixture-bad-kernel/enable')
    expect(kernel.status).toBe(409)
    expect(kernel.body.error.code).toBe('KRN_ERR_PLUGIN_INCOMPATIBLE')
    expect(kernel.body.error.message).toContain('^99.0.0')
    const manifest = await t.api('POST', `/api/plugins/${encodeURIComponent('Bad Id!')}/enable`)
    expect(manifest.status).toBe(400)
    expect(manifest.body.error.code).toBe('KRN_ERR_PLUGIN_MANIFEST_INVALID')
    const all = await plugins()
    for (const id of ['fixture-throws', 'fixture-cycle-a', 'fixture-needs-missing', 'Bad Id!']) expect(all.get(id)!.state, id).toBe('failed')
  })

  it('answers 404 for an unknown plugin', async () => {
    for (const action of ['enable', 'disable']) {
      const r = await t.api('POST', `/api/plugins/no-such-plugin/${action}`)
      expect(r.status, action).toBe(404)
      expect(r.body.error.code, action).toBe('KRN_ERR_PLUGIN_NOT_FOUND')
    }
    const g = await t.api('GET', '/api/plugins/no-such-plugin')
    expect(g.status).toBe(404)
    expect(g.body.error.code).toBe('KRN_ERR_PLUGIN_NOT_FOUND')
  })
})

describe('runtime enable/disable of a plugin with a field type, a hook and routes', () => {
  let table: { id: string; columns: Array<{ id: string; name: string; type: string }> }
  const col = (name: string) => table.columns.find((c) => c.name === name)!

  it('serves its route', async () => {
    const r = await t.api('GET', '/api/plugins/fixture-hooks/ping')
    expect(r).toMatchObject({ status: 200, body: { pong: true } })
  })

  it('offers its field type, with its input schema and operators', async () => {
    table = await createTable('Ratings', [
      { name: 'Name', type: 'text' },
      { name: 'Stars', type: 'fixture_rating' },
      { name: 'Shout', type: 'text' },
    ])
    expect(col('Stars').type).toBe('fixture_rating')
    const reg = await t.api('POST', `/api/plugins/fixture-hooks/shout/${col('Shout').id}`)
    expect(reg).toMatchObject({ status: 200, body: { columns: [col('Shout').id] } })

    const a = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { Name: 'quiet', Stars: 4, Shout: 'hello' } })
    expect(a.status).toBe(201)
    expect(a.body.fields).toEqual({ Name: 'quiet', Stars: 4, Shout: 'HELLO' })
    const b = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { Name: 'low', Stars: 1 } })
    expect(b.status).toBe(201)
    const bad = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { Stars: 6 } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['fields', 'Stars'])

    const q = await t.api('POST', `/api/tables/${table.id}/records/query`, { filter: { and: [{ field: 'Stars', op: 'gte', value: 3 }] } })
    expect(q.status).toBe(200)
    expect(q.body.records.map((r: { id: string }) => r.id)).toEqual([a.body.id])
  })

  it('upper-cases the Shout column on update too (record.beforeWrite waterfall)', async () => {
    const a = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { Name: 'n', Shout: 'abc' } })
    const p = await t.api('PATCH', `/api/tables/${table.id}/records/${a.body.id}`, { fields: { Shout: 'mixed Case' } })
    expect(p.status).toBe(200)
    expect(p.body.fields.Shout).toBe('MIXED CASE')
    expect(p.body.fields.Name).toBe('n')
  })

  it('runs the tap for bulk rows too, and reports bad bulk values by column name', async () => {
    const r = await t.api('POST', `/api/tables/${table.id}/records/bulk`, {
      records: [{ fields: { Name: 'b1', Shout: 'one' } }, { fields: { Name: 'b2', Shout: 'two', Stars: 2 } }],
    })
    expect(r.status).toBe(201)
    for (const [i, word] of [
      [0, 'ONE'],
      [1, 'TWO'],
    ] as const) {
      const got = await t.api('GET', `/api/tables/${table.id}/records/${r.body.ids[i]}`)
      expect(got.body.fields.Shout).toBe(word)
    }
    const bad = await t.api('POST', `/api/tables/${table.id}/records/bulk`, { records: [{ fields: { Name: 'ok' } }, { fields: { Stars: 9 } }] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    expect(bad.body.error.path).toEqual(['records', 1, 'fields', 'Stars'])
    // Clean up, so later counts stay simple.
    for (const id of r.body.ids) expect((await t.api('DELETE', `/api/tables/${table.id}/records/${id}`)).status).toBeLessThan(300)
  })

  it('refuses to disable it while a plugin depends on it and a column uses its type, listing both', async () => {
    const r = await t.api('POST', '/api/plugins/fixture-hooks/disable')
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('KRN_ERR_PLUGIN_IN_USE')
    expect(r.body.error.message).toContain("plugin 'fixture-depends' depends on it")
    expect(r.body.error.message).toContain("column 'Stars' of table 'Ratings'")
    expect(r.body.error.details).toEqual({
      dependents: ['fixture-depends'],
      usage: [{ kind: 'column', table: 'Ratings', name: 'Stars', text: "column 'Stars' of table 'Ratings' is a fixture_rating field" }],
    })
    expect((await plugins()).get('fixture-hooks')!.state).toBe('enabled')
    expect((await t.api('GET', '/api/plugins/fixture-hooks/ping')).status).toBe(200)
  })

  it('disables the dependent plugin', async () => {
    const r = await t.api('POST', '/api/plugins/fixture-depends/disable')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ id: 'fixture-depends', state: 'disabled', reason: null })
    expect(await storedState('fixture-depends')).toBe(false)
  })

  it('still refuses while the column is in use, now listing only the column', async () => {
    const r = await t.api('POST', '/api/plugins/fixture-hooks/disable')
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('KRN_ERR_PLUGIN_IN_USE')
    expect(r.body.error.details.dependents).toEqual([])
    expect(r.body.error.details.usage).toHaveLength(1)
  })

  it('disables it once the column is removed: route, field type and hook all go at once', async () => {
    const del = await t.api('DELETE', `/api/tables/${table.id}/columns/${col('Stars').id}`)
    expect(del.status).toBe(200)
    const r = await t.api('POST', '/api/plugins/fixture-hooks/disable')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      id: 'fixture-hooks',
      state: 'disabled',
      reason: null,
      contributes: { fieldTypes: [], viewTypes: [], routes: [], formulaFunctions: [], widgets: [], triggers: [], actions: [] },
    })

    const ping = await t.api('GET', '/api/plugins/fixture-hooks/ping')
    expect(ping.status).toBe(404)
    expect(ping.body.error.code).toBe('KRN_ERR_PLUGIN_NOT_FOUND')

    const add = await t.api('POST', `/api/tables/${table.id}/columns`, { name: 'Stars2', type: 'fixture_rating' })
    expect(add.status).toBe(400)
    expect(add.body.error.code).toBe('KRN_ERR_FIELD_TYPE_UNKNOWN')

    const rec = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { Name: 'x', Shout: 'hello' } })
    expect(rec.status).toBe(201)
    expect(rec.body.fields).toEqual({ Name: 'x', Shout: 'hello' })

    const get = await t.api('GET', '/api/plugins/fixture-hooks')
    expect(get.status).toBe(200)
    expect(get.body).toMatchObject({ state: 'disabled', contributes: { fieldTypes: [], viewTypes: [], routes: [], formulaFunctions: [], widgets: [], triggers: [], actions: [] } })
    expect(await storedState('fixture-hooks')).toBe(false)

    // The table with the archived column still reads.
    const q = await t.api('POST', `/api/tables/${table.id}/records/query`, { count: true })
    expect(q.status).toBe(200)
    expect(q.body.total).toBe(4)
  })

  it('refuses to enable the dependent plugin while its dependency is disabled', async () => {
    const r = await t.api('POST', '/api/plugins/fixture-depends/enable')
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('KRN_ERR_PLUGIN_DEPENDENCY')
    expect(r.body.error.details).toEqual({ missing: ['fixture-hooks'] })
  })

  it('enables it again without a restart: route, type and hook are back, and the state is stored', async () => {
    const r = await t.api('POST', '/api/plugins/fixture-hooks/enable')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ state: 'enabled', contributes: { fieldTypes: ['fixture_rating'], routes: ['GET /ping', 'POST /shout/:columnId'] } })

    expect(await t.api('GET', '/api/plugins/fixture-hooks/ping')).toMatchObject({ status: 200, body: { pong: true } })
    const add = await t.api('POST', `/api/tables/${table.id}/columns`, { name: 'Stars2', type: 'fixture_rating' })
    expect(add.status, add.text).toBe(201)
    const rec = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { Shout: 'again', Stars2: 5 } })
    expect(rec.status).toBe(201)
    expect(rec.body.fields).toMatchObject({ Shout: 'AGAIN', Stars2: 5 })

    expect((await t.api('GET', '/api/plugins/fixture-hooks')).body.state).toBe('enabled')
    expect(await storedState('fixture-hooks')).toBe(true)

    const dep = await t.api('POST', '/api/plugins/fixture-depends/enable')
    expect(dep.status).toBe(200)
    expect(dep.body.state).toBe('enabled')
    expect(await storedState('fixture-depends')).toBe(true)
  })
})

describe('a plugin that throws in a hook', () => {
  it('fails that one write with an error naming the plugin, and writes nothing', async () => {
    const table = await createTable('Boom', [{ name: 'Word', type: 'text' }])
    const ok = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { Word: 'fine' } })
    expect(ok.status).toBe(201)
    const before = await count(table.id)

    const r = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { Word: 'explode' } })
    expect(r.status).toBe(500)
    expect(r.body.error.code).toBe('KRN_ERR_HOOK_FAILED')
    expect(r.body.error.message).toContain("'fixture-hook-throws'")
    expect(r.body.error.message).toContain('hook exploded')
    expect(r.body.error.details).toEqual({ plugin: 'fixture-hook-throws', hook: 'record.beforeWrite' })
    expect(r.text).not.toMatch(/\bat .*\.ts:\d+/) // no stack trace
    expect(await count(table.id)).toBe(before)

    const patch = await t.api('PATCH', `/api/tables/${table.id}/records/${ok.body.id}`, { fields: { Word: 'explode' } })
    expect(patch.status).toBe(500)
    expect(patch.body.error.code).toBe('KRN_ERR_HOOK_FAILED')
    const still = await t.api('GET', `/api/tables/${table.id}/records/${ok.body.id}`)
    expect(still.body.fields.Word).toBe('fine')

    // Bulk rows pass through the same hook: one bad row fails the whole request.
    const bulk = await t.api('POST', `/api/tables/${table.id}/records/bulk`, { records: [{ fields: { Word: 'a' } }, { fields: { Word: 'explode' } }] })
    expect(bulk.status).toBe(500)
    expect(bulk.body.error.code).toBe('KRN_ERR_HOOK_FAILED')
    expect(bulk.body.error.message).toContain("'fixture-hook-throws'")
    expect(await count(table.id)).toBe(before)

    const after = await t.api('POST', `/api/tables/${table.id}/records`, { fields: { Word: 'calm' } })
    expect(after.status).toBe(201)
    expect(await count(table.id)).toBe(before + 1)
  })
})

describe('a plugin that throws in a notification hook', () => {
  it('logs the failure of table.afterPlan with the plugin and hook, and the change stands', async () => {
    const table = await createTable('Renamed', [{ name: 'Before', type: 'text' }])
    // The kernel's own logger (silent in tests), watched: what it is asked to log is the point.
    const spy = vi.spyOn(t.server.kernel.logger, 'error')
    try {
      const r = await t.api('PATCH', `/api/tables/${table.id}/columns/${table.columns[0]!.id}`, { name: 'After' })
      expect(r.status).toBe(200)
      await vi.waitFor(() => {
        const call = spy.mock.calls.find(([, data]) => data?.['hook'] === 'table.afterPlan')
        expect(call?.[1]).toMatchObject({ plugin: 'fixture-hook-throws', tableId: table.id })
        expect(String(call![1]!['err'])).toContain('afterPlan exploded')
      })
    } finally {
      spy.mockRestore()
    }
    expect((await t.api('GET', `/api/tables/${table.id}`)).body.columns[0].name).toBe('After')
  })
})

describe('field plugins in use', () => {
  it('refuses to disable field-text while text columns exist, listing them', async () => {
    const r = await t.api('POST', '/api/plugins/field-text/disable')
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('KRN_ERR_PLUGIN_IN_USE')
    expect(r.body.error.details.usage).toEqual(
      expect.arrayContaining([
        { kind: 'column', table: 'Ratings', name: 'Name', text: "column 'Name' of table 'Ratings' is a text field" },
        { kind: 'column', table: 'Boom', name: 'Word', text: "column 'Word' of table 'Boom' is a text field" },
      ]),
    )
    expect(r.body.error.message).toContain("column 'Title' of table 'Plain'")
    expect((await plugins()).get('field-text')!.state).toBe('enabled')
    const add = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'After', columns: [{ name: 'X', type: 'text' }] })
    expect(add.status).toBe(201)
  })
})
