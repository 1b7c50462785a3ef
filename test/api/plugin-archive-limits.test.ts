/**
 * Hostile plugin archives over HTTP (issue 12): archive bombs that froze the server for 35 s or
 * ended it (embedded PGlite), entries the disk refuses that answered 500, and plugin ids that
 * took over the install folder's node_modules or shadowed a plugin in another case.
 */
import { existsSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ARCHIVE_LIMITS } from '@docpal/kernel'
import { loadConfig } from '@docpal/host-server'
import { incompressible, manyEntries, spreadBomb, entryBomb, zeroBomb } from '../support/archive-bombs.ts'
import { rawTarGz } from '../support/raw-tar.ts'
import { startTestServer, type ApiResponse, type TestServer } from '../support/test-server.ts'

let t: TestServer
let dataDir: string
const gz = { 'content-type': 'application/gzip' }
const install = (data: Buffer) => t.api('POST', '/api/plugins/install', data, gz)

const expectError = (r: ApiResponse, status: number, code: string) => {
  expect(r.status, r.text).toBe(status)
  expect(r.body?.error?.code, r.text).toBe(code)
}

/** A complete manifest: only the part under test is wrong. */
const manifest = (id: string) => JSON.stringify({ name: id, version: '1.0.0', docpal: { id, name: 'X', version: '1.0.0', kernel: '>=0.0.0', category: 'other' } })
const pluginTgz = (id: string, more: Array<{ name: string; data?: string }> = []) => rawTarGz([{ name: 'package/package.json', data: manifest(id) }, ...more])

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'docpal-archive-'))
  // A plugin installed before ids had to be lowercase: it no longer validates, but it is known.
  await mkdir(join(dataDir, 'plugins', 'Legacy-Thing'), { recursive: true })
  await writeFile(join(dataDir, 'plugins', 'Legacy-Thing', 'package.json'), manifest('Legacy-Thing'))
  t = await startTestServer({ dataDir })
})
afterAll(async () => {
  await t?.close()
  await rm(dataDir, { recursive: true, force: true })
})

/**
 * Sends `body` to the install route and keeps asking /api/health from the moment the server has
 * received the whole body (so what is measured is the archive's processing, not the upload),
 * counting the health answers that came back while the install was still unanswered.
 */
async function installWhileProbing(body: Buffer): Promise<{ install: ApiResponse; healthWhilePending: number }> {
  const received = new Promise<void>((resolve) => {
    const onRequest = (req: IncomingMessage) => {
      if (!req.url?.startsWith('/api/plugins/install')) return
      t.server.app.server.off('request', onRequest)
      req.once('end', () => resolve())
    }
    t.server.app.server.on('request', onRequest)
  })
  let answered = false
  const pending = install(body).finally(() => (answered = true))
  await received
  let healthWhilePending = 0
  while (!answered) {
    const h = await t.api('GET', '/api/health')
    expect(h.status).toBe(200)
    if (!answered) healthWhilePending++
  }
  return { install: await pending, healthWhilePending }
}

describe('archive bombs are refused as they inflate, off the event loop', () => {
  it('1 GiB spread over 1 MiB files (about 1 MB of gzip): 413, and /api/health answers meanwhile', async () => {
    const { install: r, healthWhilePending } = await installWhileProbing(spreadBomb(1024))
    // Before: inflated on the event loop for 35 s, and health waited for it.
    expect(healthWhilePending).toBeGreaterThan(0)
    expectError(r, 413, 'KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE')
    expect(r.body.error.message).toContain('DOCPAL_PLUGIN_MAX_UNPACKED')
  })

  it('one entry claiming 1 GiB: 413 from its header, before inflating it', async () => {
    expectError(await install(entryBomb(1024)), 413, 'KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE')
  })

  it('a 40 MiB file of zeros (about 40 KB of gzip) crosses the ratio limit: 413', async () => {
    const r = await install(spreadBomb(40))
    expectError(r, 413, 'KRN_ERR_PLUGIN_ARCHIVE_RATIO')
    expect(r.body.error.message).toContain('DOCPAL_PLUGIN_MAX_RATIO')
  })

  it('256 MiB of zeros (about 255 KB of gzip, it ended an embedded server): a 400, and the server lives', async () => {
    expectError(await install(zeroBomb(256)), 400, 'KRN_ERR_PLUGIN_ARCHIVE_INVALID')
    expect((await t.api('GET', '/api/health')).status).toBe(200)
  })

  it('3000 empty files: 413 naming the entry limit', async () => {
    const r = await install(manyEntries(3000))
    expectError(r, 413, 'KRN_ERR_PLUGIN_ARCHIVE_TOO_MANY_ENTRIES')
    expect(r.body.error.message).toContain('2000')
  })

  it('a gzip inside the gzip (the parser would inflate the inner one itself): 400', async () => {
    expectError(await install(gzipSync(zeroBomb(64))), 400, 'KRN_ERR_PLUGIN_ARCHIVE_INVALID')
  })

  it('the server is alive and nothing was installed', async () => {
    expect((await t.api('GET', '/api/health')).status).toBe(200)
    const installed = (await t.api('GET', '/api/plugins')).body.filter((p: { source: string }) => p.source === 'installed')
    expect(installed.map((p: { id: string }) => p.id)).toEqual(['Legacy-Thing'])
  })
})

describe('entries the disk would refuse are a 400 naming the entry, not a 500', () => {
  it('a name of 300 characters', async () => {
    const r = await install(pluginTgz('long-name', [{ name: `package/${'n'.repeat(300)}.js`, data: 'x' }]))
    expectError(r, 400, 'KRN_ERR_PLUGIN_ARCHIVE_PATH')
    expect(r.body.error.message).toContain('nnnnnnnnnn')
    expect(r.body.error.message).toContain('DOCPAL_PLUGIN_MAX_PATH')
    expect(r.text.length).toBeLessThan(1500)
  })

  it('2,100 folders deep', async () => {
    const r = await install(pluginTgz('deep', [{ name: 'package/' + 'd/'.repeat(2100) + 'x.js', data: 'x' }]))
    expectError(r, 400, 'KRN_ERR_PLUGIN_ARCHIVE_PATH')
    expect(r.body.error.message).toContain('DOCPAL_PLUGIN_MAX_DEPTH')
    expect(r.body.error.message).toMatch(/'package\/d\/d\/d/)
  })

  it.each([
    ['a file, then a file inside it', ['package/a', 'package/a/b'], 'a', 'a/b'],
    ['a file inside a folder, then the folder as a file', ['package/a/b', 'package/a'], 'a', 'a/b'],
  ])('%s', async (_name, [first, second], file, inner) => {
    const r = await install(
      pluginTgz('clash', [
        { name: first!, data: '1' },
        { name: second!, data: '2' },
      ]),
    )
    expectError(r, 400, 'KRN_ERR_PLUGIN_ARCHIVE_CONFLICT')
    expect(r.body.error.message).toContain(`'${file}'`)
    expect(r.body.error.message).toContain(`'${inner}'`)
  })
})

describe('plugin ids', () => {
  it.each([
    ['node_modules', /reserved|kept for the host/],
    ['Field-Text', /lowercase \(use 'field-text'\)/],
    ['_private', /kept for the host/],
    ['.hidden', /kept for the host/],
    ['con', /reserved/],
  ])('%s is refused with a reason; the install folder is untouched', async (id, why) => {
    const r = await install(pluginTgz(id))
    expectError(r, 400, 'KRN_ERR_PLUGIN_ID_INVALID')
    expect(r.body.error.message).toMatch(why)
    expect(r.body.error.path).toEqual(['docpal', 'id'])
  })

  it('the SDK link in node_modules survives, and field-text is still the built-in one', async () => {
    expect(existsSync(join(dataDir, 'plugins', 'node_modules', '@docpal', 'plugin-sdk', 'package.json'))).toBe(true)
    expect((await t.api('GET', '/api/plugins/field-text')).body).toMatchObject({ source: 'builtin', state: 'enabled' })
  })

  it('an id known in another case is taken: 409 naming the one installed', async () => {
    const r = await install(pluginTgz('legacy-thing'))
    expectError(r, 409, 'KRN_ERR_PLUGIN_EXISTS')
    expect(r.body.error.message).toContain("'Legacy-Thing'")
  })

  it('a lowercase id with digits and dashes installs', async () => {
    const r = await install(pluginTgz('x2-tools'))
    expect(r.status, r.text).toBe(201)
    expect(r.body).toMatchObject({ id: 'x2-tools', state: 'disabled' })
  })
})

describe('the limits are settings', () => {
  let small: TestServer
  let smallDir: string
  beforeAll(async () => {
    smallDir = await mkdtemp(join(tmpdir(), 'docpal-archive-small-'))
    small = await startTestServer({ dataDir: smallDir, pluginArchive: { maxUnpackedBytes: 1024 * 1024, maxEntries: 5, maxPathDepth: 3 } })
  })
  afterAll(async () => {
    await small?.close()
    await rm(smallDir, { recursive: true, force: true })
  })
  const put = (data: Buffer) => small.api('POST', '/api/plugins/install', data, gz)

  it('are read from the environment, with the kernel defaults when unset', () => {
    const env = {
      DOCPAL_PLUGIN_MAX_UNPACKED: '1048576',
      DOCPAL_PLUGIN_MAX_RATIO: '20',
      DOCPAL_PLUGIN_MAX_ENTRIES: '50',
      DOCPAL_PLUGIN_MAX_PATH: '100',
      DOCPAL_PLUGIN_MAX_DEPTH: '4',
    }
    expect(loadConfig(env).pluginArchive).toEqual({ maxUnpackedBytes: 1048576, maxRatio: 20, maxEntries: 50, maxPathBytes: 100, maxPathDepth: 4 })
    expect(loadConfig({}).pluginArchive).toEqual(DEFAULT_ARCHIVE_LIMITS)
    expect(() => loadConfig({ DOCPAL_PLUGIN_MAX_RATIO: '1' })).toThrow(/DOCPAL_PLUGIN_MAX_RATIO/)
  })

  it('DOCPAL_PLUGIN_MAX_UNPACKED: 2 MiB that barely compresses is over a 1 MiB limit', async () => {
    const r = await put(incompressible(2 * 1024 * 1024))
    expectError(r, 413, 'KRN_ERR_PLUGIN_ARCHIVE_TOO_LARGE')
    expect(r.body.error.message).toContain('1048576 bytes')
  })

  it('DOCPAL_PLUGIN_MAX_ENTRIES and DOCPAL_PLUGIN_MAX_DEPTH', async () => {
    expectError(await put(manyEntries(6)), 413, 'KRN_ERR_PLUGIN_ARCHIVE_TOO_MANY_ENTRIES')
    expectError(await put(pluginTgz('deepish', [{ name: 'package/a/b/c/d.js', data: 'x' }])), 400, 'KRN_ERR_PLUGIN_ARCHIVE_PATH')
  })
})
