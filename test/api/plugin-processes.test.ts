import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packPlugin, type PackedPlugin } from '@docpal/plugin-sdk/build'
import { EXAMPLE_RATING, packVariant } from '../support/plugin-packages.ts'
import { eventually, startSecondServer } from '../support/second-server.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Plugins across server processes on one PostgreSQL (issue 19): a tarball installed through one
 * process is stored in the database and unpacked by the others (checksum verified); installs,
 * enables, disables and uninstalls are announced after they commit and applied by the others, so
 * their registries change; a process started later loads the same enabled set. Before, each
 * process had its own `<data dir>/plugins` and its own enabled set until restarted.
 */
describe.skipIf(DB_KIND !== 'postgres')('plugins across server processes', () => {
  let t: TestServer
  let second: Awaited<ReturnType<typeof startSecondServer>>
  let rating: PackedPlugin
  let built: string
  let app: string
  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000 })
    second = await startSecondServer(t)
    built = await mkdtemp(join(tmpdir(), 'docpal-built-'))
    rating = await packPlugin(EXAMPLE_RATING, { outDir: built })
    app = (await t.api('POST', '/api/apps', { name: 'Plugins' })).body.id as string
  })
  afterAll(async () => {
    await second?.close()
    await t?.close()
    if (built) await rm(built, { recursive: true, force: true })
  })

  const call = async (base: string, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { ...t.owner.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await r.text()
    return { status: r.status, body: text ? JSON.parse(text) : undefined }
  }
  const there = (method: string, path: string, body?: unknown) => call(second.url, method, path, body)
  const stateThere = async (base: string, id: string) => ((await call(base, 'GET', '/api/plugins')).body as Array<{ id: string; state: string }>).find((p) => p.id === id)?.state
  let made = 0
  // A fresh name each call: `eventually` may ask again after a try that was accepted.
  const newTable = (base: string, name: string, type: string, config: Record<string, unknown> = {}) =>
    call(base, 'POST', `/api/apps/${app}/tables`, {
      name: `${name} ${++made}`,
      columns: [
        { name: 'Title', type: 'text' },
        { name: 'Value', type, config },
      ],
    })

  it('a plugin installed and enabled through one process is used through the other', async () => {
    const installed = await t.api('POST', `/api/plugins/install?sha256=${rating.sha256}`, await readFile(rating.file), { 'content-type': 'application/gzip' })
    expect(installed.status, installed.text).toBe(201)
    // The second process unpacked the stored tarball into its own data dir.
    expect(
      await eventually(
        () => stateThere(second.url, 'field-rating'),
        (s) => s === 'disabled',
      ),
    ).toBe('disabled')
    expect(existsSync(join(second.dataDir, 'plugins', 'field-rating', 'dist', 'server.js'))).toBe(true)
    const listed = ((await there('GET', '/api/plugins')).body as Array<{ id: string; sha256: string | null; source: string }>).find((p) => p.id === 'field-rating')
    expect(listed).toMatchObject({ source: 'installed', sha256: rating.sha256 })
    // Disabled everywhere: the second process refuses its type.
    expect((await newTable(second.url, 'Early', 'rating', { max: 5 })).status).toBe(400)

    expect((await t.api('POST', '/api/plugins/field-rating/enable')).status).toBe(200)
    const made = await eventually(
      () => newTable(second.url, 'Films', 'rating', { max: 5 }),
      (r) => r.status === 201,
    )
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    const film = await there('POST', `/api/tables/${made.body.id as string}/records`, { fields: { Title: 'Alien', Value: 5 } })
    expect(film.status, JSON.stringify(film.body)).toBe(201)
    // The plugin's own check runs in the second process: six stars are refused at the field.
    const bad = await there('POST', `/api/tables/${made.body.id as string}/records`, { fields: { Title: 'Cats', Value: 6 } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['fields', 'Value'])
  })

  it('field-email disabled through one process: the other refuses an email column', async () => {
    const before = await newTable(second.url, 'Before', 'email')
    expect(before.status).toBe(201)
    expect((await there('DELETE', `/api/tables/${before.body.id as string}`)).status).toBe(204)
    const off = await t.api('POST', '/api/plugins/field-email/disable')
    expect(off.status, off.text).toBe(200)
    const refused = await eventually(
      () => newTable(second.url, 'Contacts', 'email'),
      (r) => r.status === 400,
    )
    expect(refused.status).toBe(400)
    expect(await stateThere(second.url, 'field-email')).toBe('disabled')
    expect((await t.api('POST', '/api/plugins/field-email/enable')).status).toBe(200)
    expect(
      (
        await eventually(
          () => newTable(second.url, 'Contacts', 'email'),
          (r) => r.status === 201,
        )
      ).status,
    ).toBe(201)
  })

  it('a process started later loads the same enabled set, from the stored package', async () => {
    expect((await t.api('POST', '/api/plugins/field-url/disable')).status).toBe(200)
    const third = await startSecondServer(t)
    try {
      expect(await stateThere(third.url, 'field-rating')).toBe('enabled')
      expect(await stateThere(third.url, 'field-url')).toBe('disabled')
      expect((await newTable(third.url, 'Later', 'rating', { max: 3 })).status).toBe(201)
      expect((await newTable(third.url, 'Links', 'url')).status).toBe(400)
    } finally {
      await third.close()
      expect((await t.api('POST', '/api/plugins/field-url/enable')).status).toBe(200)
    }
  })

  it('updated through one process: the other runs the new version, enabled as before', async () => {
    const v2 = await packVariant({ manifest: { version: '2.0.0' }, server: (src) => src.replace("version: '1.0.0'", "version: '2.0.0'") })
    const updated = await t.api('POST', '/api/plugins/field-rating/update', await readFile(v2.file), { 'content-type': 'application/gzip' })
    expect(updated.status, updated.text).toBe(200)
    const seen = await eventually(
      async () =>
        ((await there('GET', '/api/plugins')).body as Array<{ id: string; sha256: string; state: string; manifest: { version: string } }>).find((p) => p.id === 'field-rating'),
      (p) => p?.sha256 === v2.sha256,
    )
    expect(seen).toMatchObject({ sha256: v2.sha256, state: 'enabled', manifest: { version: '2.0.0' } })
    expect((await newTable(second.url, 'After update', 'rating', { max: 4 })).status).toBe(201)
  })

  it('uninstalled through one process: gone from the other, files too', async () => {
    for (const table of (await t.api('GET', `/api/apps/${app}/tables`)).body as Array<{ id: string; name: string }>) {
      if (/^(Films|Early|Later|After update) /.test(table.name)) expect((await t.api('DELETE', `/api/tables/${table.id}`)).status).toBe(204)
    }
    expect((await t.api('POST', '/api/plugins/field-rating/disable')).status).toBe(200)
    const gone = await t.api('DELETE', '/api/plugins/field-rating')
    expect(gone.status, gone.text).toBe(204)
    expect(
      await eventually(
        () => stateThere(second.url, 'field-rating'),
        (s) => s === undefined,
      ),
    ).toBeUndefined()
    expect(existsSync(join(second.dataDir, 'plugins', 'field-rating'))).toBe(false)
  })
})
