import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { precompress } from '../../host-web/scripts/precompress.ts'
import { rawRequest } from '../support/raw-request.ts'
import { startTestServer, type TestServer } from '../support/test-server.ts'

/** Bytes over the wire: assets precompressed at build, API answers and the page compressed when large. */
let t: TestServer
let dist: string
const ASSET = `export const words = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `word${String(i % 50)}`))}\n`

/** Node's HTTP client keeps the body as sent, so compressed bytes can be checked. */
const get = async (path: string, encoding?: string) => {
  const r = await rawRequest(t.url, 'GET', path, { ...t.owner.headers, ...(encoding ? { 'accept-encoding': encoding } : {}) })
  return { status: r.status, headers: r.headers, body: r.bytes }
}

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'docpal-dist-'))
  await mkdir(join(dist, 'assets'), { recursive: true })
  await writeFile(
    join(dist, 'index.html'),
    `<!doctype html><html><head><script type="importmap">{}</script></head><body><div id="app"></div>${'<!-- padding -->'.repeat(100)}</body></html>`,
  )
  await writeFile(join(dist, 'assets', 'app-12345678.js'), ASSET)
  // Below 1 KiB an encoding saves nothing: the build leaves it alone.
  await writeFile(join(dist, 'assets', 'tiny-12345678.js'), 'export {}')
  // What host-web's build does last.
  const packed = await precompress(dist)
  expect(packed.files).toBe(1)
  t = await startTestServer({ webDist: dist })
})
afterAll(async () => {
  await t?.close()
  await rm(dist, { recursive: true, force: true })
})

describe('compression', () => {
  it('serves a hashed asset precompressed by Accept-Encoding (brotli first), cached for a year', async () => {
    const brotli = await get('/assets/app-12345678.js', 'gzip, deflate, br')
    expect(brotli.status).toBe(200)
    expect(brotli.headers['content-encoding']).toBe('br')
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(brotli.body.equals(await readFile(join(dist, 'assets', 'app-12345678.js.br')))).toBe(true)
    expect(brotliDecompressSync(brotli.body).toString()).toBe(ASSET)
    expect(brotli.body.length).toBeLessThan(ASSET.length / 5)

    const gzip = await get('/assets/app-12345678.js', 'gzip')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.body).toString()).toBe(ASSET)

    const plain = await get('/assets/app-12345678.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(ASSET)
  })

  it('compresses large API answers and the page per request; small answers go as they are', async () => {
    const appId = (await t.api('POST', '/api/apps', { name: 'Wire' })).body.id
    const table = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Rows', columns: [{ name: 'Text', type: 'text' }] })).body
    await t.api('POST', `/api/tables/${table.id}/records/bulk`, { records: Array.from({ length: 40 }, (_, i) => ({ fields: { Text: `row ${String(i)}` } })) })
    const page = await get(`/api/tables/${table.id}/records?limit=40`, 'br')
    expect(page.headers['content-encoding']).toBe('br')
    expect(JSON.parse(brotliDecompressSync(page.body).toString()).records).toHaveLength(40)
    const health = await get('/api/health', 'br')
    expect(health.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(health.body.toString())).toEqual({ status: 'ok' })
    const shell = await get('/', 'gzip')
    expect(shell.headers['content-encoding']).toBe('gzip')
    expect(shell.headers['cache-control']).toBe('no-cache')
    expect(gunzipSync(shell.body).toString()).toContain('<div id="app"></div>')
  })
})
