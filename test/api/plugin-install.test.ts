import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '@docpal/plugin-sdk'
import { packPlugin, type PackedPlugin } from '@docpal/plugin-sdk/build'
import { signIn } from '../support/sessions.ts'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { EXAMPLE_RATING, packVariant, rawTarGz } from '../support/plugin-packages.ts'

/**
 * Installing plugin tarballs into a running server (issue 5): upload, enable without a restart,
 * force-disable and the unavailable column, update with migrations, uninstall, the catalog, and
 * every refusal of a bad archive leaving the system as it was.
 */

let t: TestServer
let dataDir: string
let rating: PackedPlugin
let appId: string

const gz = { 'content-type': 'application/gzip' }
const writeTemp = async (data: Buffer) => {
  const file = join(dataDir, `raw-${Math.random().toString(36).slice(2)}.tgz`)
  await writeFile(file, data)
  return file
}
const upload = async (file: string, query = '') => t.api('POST', `/api/plugins/install${query}`, await readFile(file), gz)

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'docpal-install-'))
  t = await startTestServer({ dataDir })
  rating = await packPlugin(EXAMPLE_RATING, { outDir: join(dataDir, 'built') })
  appId = (await t.api('POST', '/api/apps', { name: 'Installs' })).body.id
})
afterAll(async () => {
  await t?.close()
  await rm(dataDir, { recursive: true, force: true })
})

async function pluginIds(): Promise<string[]> {
  return (await t.api('GET', '/api/plugins')).body.map((p: { id: string }) => p.id)
}

describe('install, enable, disable, uninstall', () => {
  let tableId: string

  it('installs the example tarball disabled, with its manifest, source and sha256', async () => {
    const r = await upload(rating.file, `?sha256=${rating.sha256}`)
    expect(r.status, r.text).toBe(201)
    expect(r.body).toMatchObject({ id: 'field-rating', state: 'disabled', source: 'installed', sha256: rating.sha256, manifest: { version: '1.0.0', capabilities: [] } })
    // Declared at pack time, so the admin sees it before any plugin code runs.
    expect(r.body.contributes).toEqual({ fieldTypes: ['rating'], viewTypes: [], formulaFunctions: [], routes: [], widgets: [], triggers: [], actions: [] })
    expect(existsSync(join(dataDir, 'plugins', 'field-rating', 'dist', 'server.js'))).toBe(true)
    const again = await upload(rating.file)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('KRN_ERR_PLUGIN_EXISTS')
  })

  it('enabling makes the field type usable through the API and serves its client half, without a restart', async () => {
    const before = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Too early', columns: [{ name: 'Stars', type: 'rating' }] })
    expect(before.status).toBe(400)
    const on = await t.api('POST', '/api/plugins/field-rating/enable')
    expect(on.status, on.text).toBe(200)
    expect(on.body.contributes.fieldTypes).toEqual(['rating'])
    const table = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Films',
      columns: [
        { name: 'Title', type: 'text' },
        { name: 'Stars', type: 'rating', config: { max: 5 } },
      ],
    })
    expect(table.status, table.text).toBe(201)
    tableId = table.body.id
    const rec = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Title: 'Alien', Stars: 4 } })
    expect(rec.status, rec.text).toBe(201)
    const client = await fetch(`${t.url}/plugins/field-rating/client.js`)
    expect(client.status).toBe(200)
    expect(await client.text()).toMatch(/ElRate/)
  })

  it('refuses to disable it while used, unless forced; then the column is unavailable with a reason and its data kept', async () => {
    const refused = await t.api('POST', '/api/plugins/field-rating/disable')
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('KRN_ERR_PLUGIN_IN_USE')
    expect(refused.body.error.details.usage[0]).toMatchObject({ kind: 'column', name: 'Stars', table: 'Films' })
    const forced = await t.api('POST', '/api/plugins/field-rating/disable?force=true')
    expect(forced.status, forced.text).toBe(200)
    expect(forced.body.state).toBe('disabled')
    const table = (await t.api('GET', `/api/tables/${tableId}`)).body
    const stars = table.columns.find((c: { name: string }) => c.name === 'Stars')
    expect(stars.available).toBe(false)
    expect(stars.unavailable).toMatch(/'rating'.*disabled or not installed.*enable the plugin/)
    expect(table.columns.find((c: { name: string }) => c.name === 'Title').available).toBeUndefined()
    const page = await t.api('GET', `/api/tables/${tableId}/records`)
    expect(page.status, page.text).toBe(200)
    const write = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Title: 'Heat', Stars: 3 } })
    expect(write.status).toBe(409)
    expect(write.body.error).toMatchObject({ code: 'KRN_ERR_FIELD_TYPE_UNAVAILABLE', path: ['fields', 'Stars'] })
    const types = (await t.api('GET', '/api/field-types')).body.map((f: { type: string }) => f.type)
    expect(types).not.toContain('rating')
  })

  it('uninstalling is refused while a column uses it, even disabled; built-in plugins cannot be uninstalled', async () => {
    const r = await t.api('DELETE', '/api/plugins/field-rating')
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('KRN_ERR_PLUGIN_IN_USE')
    expect(r.body.error.message).toMatch(/column 'Stars' of table 'Films'/)
    const builtin = await t.api('DELETE', '/api/plugins/field-text')
    expect(builtin.status).toBe(409)
    expect(builtin.body.error.code).toBe('KRN_ERR_PLUGIN_BUILTIN')
  })

  it('enabling again brings the column and its data back', async () => {
    expect((await t.api('POST', '/api/plugins/field-rating/enable')).status).toBe(200)
    const page = (await t.api('GET', `/api/tables/${tableId}/records`)).body
    expect(page.records.map((r: { fields: Record<string, unknown> }) => r.fields)).toEqual([{ Title: 'Alien', Stars: 4 }])
    const table = (await t.api('GET', `/api/tables/${tableId}`)).body
    expect(table.columns.find((c: { name: string }) => c.name === 'Stars').available).toBeUndefined()
  })

  it('updates to a newer version live, running its new migrations; an older or equal one is refused', async () => {
    const v11 = await packVariant({
      manifest: { version: '1.1.0', capabilities: ['database'] },
      server: (src) =>
        src
          .replace("version: '1.0.0'", "version: '1.1.0'")
          .replace('capabilities: [] }', "capabilities: ['database'] }")
          .replace('{ fieldTypes: [rating] }', "{ fieldTypes: [rating], migrations: [{ id: '001', sql: 'create table rating_plugin_notes (id serial primary key)' }] }"),
    })
    const notNewer = await t.api('POST', '/api/plugins/field-rating/update', await readFile(rating.file), gz)
    expect(notNewer.status).toBe(409)
    expect(notNewer.body.error.code).toBe('KRN_ERR_PLUGIN_NOT_NEWER')
    const r = await t.api('POST', `/api/plugins/field-rating/update?sha256=${v11.sha256}`, await readFile(v11.file), gz)
    expect(r.status, r.text).toBe(200)
    expect(r.body).toMatchObject({ state: 'enabled', sha256: v11.sha256, manifest: { version: '1.1.0', capabilities: ['database'] } })
    const notes = await t.db.db.one<{ n: number }>(sql`select count(*)::int as n from rating_plugin_notes`)
    expect(notes).toEqual({ n: 0 })
    const reg = await t.api('GET', `/api/tables/${tableId}/records`)
    expect(reg.body.records[0].fields.Stars).toBe(4)
  })

  it('uninstalls once nothing uses it: files gone, the type gone', async () => {
    const table = (await t.api('GET', `/api/tables/${tableId}`)).body
    const stars = table.columns.find((c: { name: string }) => c.name === 'Stars')
    const drop = await t.api('DELETE', `/api/tables/${tableId}/columns/${stars.id}`)
    expect(drop.status, drop.text).toBe(200)
    const r = await t.api('DELETE', '/api/plugins/field-rating')
    expect(r.status, r.text).toBe(204)
    expect(existsSync(join(dataDir, 'plugins', 'field-rating'))).toBe(false)
    expect(await pluginIds()).not.toContain('field-rating')
  })
})

describe('refusals leave the system as it was', () => {
  const refused = async (data: Buffer, query = '') => {
    const before = await pluginIds()
    const r = await t.api('POST', `/api/plugins/install${query}`, data, gz)
    expect(await pluginIds()).toEqual(before)
    return r
  }

  it('a broken manifest', async () => {
    const p = await packVariant({ manifest: { id: 'Not An Id!' } }).catch((e: unknown) => e as Error)
    expect(p).toBeInstanceOf(Error)
    const raw = rawTarGz([
      { name: 'package/package.json', data: JSON.stringify({ name: 'x', docpal: { id: 'broken', name: '', version: 'one', kernel: '^1.0.0', category: 'field' } }) },
    ])
    const r = await refused(raw)
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_PLUGIN_MANIFEST_INVALID')
    expect(r.body.error.message).toMatch(/docpal\.version/)
  })

  it('an incompatible kernel range', async () => {
    const p = await packVariant({ manifest: { id: 'rating-future', kernel: '^9.0.0' }, server: (s) => s.replace("id: 'field-rating'", "id: 'rating-future'") })
    const r = await refused(await readFile(p.file))
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('KRN_ERR_PLUGIN_INCOMPATIBLE')
    expect(r.body.error.message).toMatch(/needs kernel \^9\.0\.0/)
  })

  it('a sha256 mismatch', async () => {
    const r = await refused(await readFile(rating.file), `?sha256=${'0'.repeat(64)}`)
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_PLUGIN_CHECKSUM')
    expect(r.body.error.message).toContain(rating.sha256)
  })

  it('a path that escapes the plugin folder, an absolute path, a symlink', async () => {
    const manifest = JSON.stringify({ name: 'x', docpal: { id: 'evil', name: 'Evil', version: '1.0.0', kernel: '^1.0.0', category: 'other' } })
    for (const bad of [
      { name: 'package/../../escaped.js', data: 'x' },
      { name: '/etc/docpal-evil', data: 'x' },
      { name: 'package/link', type: '2' as const, link: '/etc/passwd' },
    ]) {
      const r = await refused(rawTarGz([{ name: 'package/package.json', data: manifest }, bad]))
      expect(r.status, r.text).toBe(400)
      expect(r.body.error.code).toBe('KRN_ERR_PLUGIN_ARCHIVE_INVALID')
    }
    expect(existsSync(join(dataDir, 'escaped.js'))).toBe(false)
    expect(existsSync(join(dataDir, 'plugins', 'evil'))).toBe(false)
  })

  it('not a tarball, an empty body, a bad sha256 parameter', async () => {
    expect((await refused(Buffer.from('hello, not gzip'))).body.error.code).toBe('KRN_ERR_PLUGIN_ARCHIVE_INVALID')
    const empty = await t.api('POST', '/api/plugins/install', new Uint8Array(0), gz)
    expect(empty.status).toBe(400)
    const badSha = await t.api('POST', '/api/plugins/install?sha256=xyz', await readFile(rating.file), gz)
    expect(badSha.status).toBe(400)
    expect(badSha.body.error.path).toEqual(['query', 'sha256'])
  })

  it('a plugin whose server half throws on load is isolated: installed, enabling fails with the reason, the rest works', async () => {
    const p = await packVariant({
      manifest: { id: 'rating-throws' },
      server: (s) => `throw new Error('boom while loading')\n` + s.replace("id: 'field-rating'", "id: 'rating-throws'"),
    })
    const r = await upload(p.file)
    expect(r.status, r.text).toBe(201)
    const on = await t.api('POST', '/api/plugins/rating-throws/enable')
    expect(on.status).toBe(422)
    expect(on.body.error).toMatchObject({ code: 'KRN_ERR_PLUGIN_LOAD_FAILED' })
    expect(on.body.error.message).toContain('boom while loading')
    const listed = (await t.api('GET', '/api/plugins/rating-throws')).body
    expect(listed).toMatchObject({ state: 'failed' })
    expect((await t.api('GET', `/api/apps/${appId}/tables`)).status).toBe(200)
    expect((await t.api('DELETE', '/api/plugins/rating-throws')).status).toBe(204)
  })

  it('a plugin contributing more than its manifest lists (what the admin approved)', async () => {
    const server = execFileSync('tar', ['-xzOf', rating.file, 'package/dist/server.js'])
    const manifest = { id: 'field-rating', name: 'Rating', version: '1.0.0', kernel: '^1.0.0', category: 'field', contributes: { fieldTypes: ['stars'] } }
    const p = await upload(
      await writeTemp(
        rawTarGz([
          { name: 'package/package.json', data: JSON.stringify({ name: 'x', exports: { './server': './dist/server.js' }, docpal: manifest }) },
          { name: 'package/dist/server.js', data: server.toString('utf8') },
        ]),
      ),
    )
    expect(p.status, p.text).toBe(201)
    expect(p.body.contributes.fieldTypes).toEqual(['stars'])
    const on = await t.api('POST', '/api/plugins/field-rating/enable')
    expect(on.status).toBe(422)
    expect(on.body.error.code).toBe('KRN_ERR_PLUGIN_UNDECLARED')
    expect(on.body.error.message).toMatch(/field type 'rating'/)
    expect((await t.api('GET', '/api/field-types')).body.map((f: { type: string }) => f.type)).not.toContain('rating')
    expect((await t.api('DELETE', '/api/plugins/field-rating')).status).toBe(204)
  })

  it('a plugin using something it did not declare in its capabilities', async () => {
    const p = await packVariant({
      manifest: { id: 'rating-sneaky' },
      server: (s) =>
        s
          .replace("id: 'field-rating'", "id: 'rating-sneaky'")
          .replace('{ fieldTypes: [rating] }', "{ fieldTypes: [{ ...rating, type: 'sneaky' }], routes: [{ method: 'GET', url: '/ping', handler: () => 'pong' }] }"),
    })
    expect((await upload(p.file)).status).toBe(201)
    const on = await t.api('POST', '/api/plugins/rating-sneaky/enable')
    expect(on.status).toBe(422)
    expect(on.body.error.code).toBe('KRN_ERR_PLUGIN_CAPABILITY')
    expect(on.body.error.message).toMatch(/HTTP routes \(capability "routes"\)/)
    expect((await t.api('DELETE', '/api/plugins/rating-sneaky')).status).toBe(204)
  })
})

describe('catalog', () => {
  it('lists the shipped catalog with compatibility and installed state, and filters', async () => {
    const r = await t.api('GET', '/api/plugin-catalog')
    expect(r.status, r.text).toBe(200)
    const byId = new Map(r.body.plugins.map((p: { id: string }) => [p.id, p]))
    expect(byId.get('field-rating')).toMatchObject({
      name: 'Rating',
      translations: { 'zh-CN': { name: '评分', description: expect.any(String) } },
      icon: '⭐',
      category: 'field',
      latest: '1.0.0',
      installed: null,
      versions: [{ version: '1.0.0', compatible: true }],
    })
    expect(byId.get('field-text')).toMatchObject({ installed: { state: 'enabled', source: 'builtin' }, update: null })
    const views = (await t.api('GET', '/api/plugin-catalog?category=view')).body.plugins.map((p: { id: string }) => p.id)
    expect(views.sort()).toEqual(['view-calendar', 'view-gantt', 'view-kanban', 'view-table'])
    const found = (await t.api('GET', '/api/plugin-catalog?search=STAR%20RAT')).body.plugins.map((p: { id: string }) => p.id)
    expect(found).toEqual(['field-rating'])
    // An admin searches in their own language: the translations are searched too.
    const kanban = (await t.api('GET', `/api/plugin-catalog?search=${encodeURIComponent('看板')}`)).body.plugins.map((p: { id: string }) => p.id)
    expect(kanban).toEqual(['view-kanban'])
  })

  it('installs from the catalog, checking the catalog sha256', async () => {
    const r = await t.api('POST', '/api/plugins/install', { catalog: 'field-rating' })
    expect(r.status, r.text).toBe(201)
    const cat = JSON.parse(await readFile(new URL('../../host-server/catalog/index.json', import.meta.url), 'utf8')) as {
      plugins: Array<{ id: string; versions: Array<{ sha256: string }> }>
    }
    expect(r.body.sha256).toBe(cat.plugins.find((p) => p.id === 'field-rating')!.versions[0]!.sha256)
    const unknown = await t.api('POST', '/api/plugins/install', { catalog: 'no-such-plugin' })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('HST_ERR_CATALOG_NO_PLUGIN')
    expect((await t.api('DELETE', '/api/plugins/field-rating')).status).toBe(204)
  })

  it('offers an update when the catalog has a newer compatible version, and installs it', async () => {
    const v2 = await packVariant({ manifest: { version: '2.0.0' }, server: (s) => s.replace("version: '1.0.0'", "version: '2.0.0'") })
    const dir = await mkdtemp(join(tmpdir(), 'docpal-catalog-'))
    const catalog = {
      name: 'Test catalog',
      plugins: [
        {
          id: 'field-rating',
          name: 'Rating',
          category: 'field',
          versions: [
            { version: '1.0.0', kernel: '^1.0.0', downloadUrl: rating.file, sha256: rating.sha256 },
            { version: '2.0.0', kernel: '^1.0.0', downloadUrl: v2.file, sha256: v2.sha256 },
            { version: '3.0.0', kernel: '^9.0.0', downloadUrl: 'nowhere.tgz', sha256: 'a'.repeat(64) },
          ],
        },
      ],
    }
    await writeFile(join(dir, 'index.json'), JSON.stringify(catalog))
    const s = await startTestServer({ dataDir: dir, catalog: join(dir, 'index.json') })
    try {
      const first = await s.api('POST', '/api/plugins/install', { catalog: 'field-rating', version: '1.0.0' })
      expect(first.status, first.text).toBe(201)
      const listed = (await s.api('GET', '/api/plugin-catalog')).body.plugins[0]
      expect(listed).toMatchObject({ latest: '3.0.0', update: '2.0.0', installed: { version: '1.0.0', state: 'disabled', source: 'installed' } })
      expect(listed.versions.map((v: { compatible: boolean }) => v.compatible)).toEqual([true, true, false])
      const up = await s.api('POST', '/api/plugins/field-rating/update', { catalog: 'field-rating', version: '2.0.0' })
      expect(up.status, up.text).toBe(200)
      expect(up.body.manifest.version).toBe('2.0.0')
    } finally {
      await s.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('answers 502 with the reason when the catalog cannot be read', async () => {
    const s = await startTestServer({ catalog: '/nonexistent/catalog.json' })
    try {
      const r = await s.api('GET', '/api/plugin-catalog')
      expect(r.status).toBe(502)
      expect(r.body.error.code).toBe('HST_ERR_CATALOG_UNAVAILABLE')
      expect(r.body.error.message).toMatch(/nonexistent\/catalog\.json.*DOCPAL_PLUGIN_CATALOG/)
    } finally {
      await s.close()
    }
  })

  it('the shipped catalog matches its sources (run `pnpm catalog` after changing a plugin)', async () => {
    const cat = JSON.parse(await readFile(new URL('../../host-server/catalog/index.json', import.meta.url), 'utf8')) as {
      plugins: Array<{ id: string; versions: Array<{ sha256: string; downloadUrl: string }> }>
    }
    const { pluginFolders } = await import('../../host-server/scripts/build-catalog.ts')
    const out = await mkdtemp(join(tmpdir(), 'docpal-recatalog-'))
    const fresh = new Map<string, string>()
    for (const dir of await pluginFolders()) {
      const p = await packPlugin(dir, { outDir: out })
      fresh.set(p.manifest.id, p.sha256)
    }
    await rm(out, { recursive: true, force: true })
    expect(new Map(cat.plugins.map((p) => [p.id, p.versions[0]!.sha256]))).toEqual(fresh)
  })
})

describe('restart', () => {
  it('an installed plugin is found again after a restart, in the state it was left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'docpal-restart-'))
    const { startServer } = await import('@docpal/host-server')
    // Embedded PGlite in the data dir, as `pnpm start` runs: both the database and the plugin survive.
    const config = { port: 0, host: '127.0.0.1', databaseUrl: undefined, dataDir: dir, poolSize: 2, logLevel: 'silent' as const }
    try {
      const s1 = await startServer(config)
      const admin = await signIn(s1.url, { signup: true })
      const up = await fetch(`${s1.url}/api/plugins/install`, { method: 'POST', headers: { ...gz, ...admin.headers }, body: await readFile(rating.file) })
      expect(up.status).toBe(201)
      expect((await fetch(`${s1.url}/api/plugins/field-rating/enable`, { method: 'POST', headers: admin.headers })).status).toBe(200)
      await s1.close()
      const s2 = await startServer(config)
      // Sessions live in the database: the same cookie works after the restart.
      const p = (await (await fetch(`${s2.url}/api/plugins/field-rating`, { headers: admin.headers })).json()) as { state: string; source: string }
      await s2.close()
      expect(p).toMatchObject({ state: 'enabled', source: 'installed' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
