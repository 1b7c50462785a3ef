/**
 * Hostile requests at the HTTP edge (issue 12, defects 1, 4, 5, 8, 9): each case below answered
 * wrongly before the edge was hardened (200 to a cross-site write, a record wiped by a malformed
 * PUT, a 500 on deep JSON, errors outside the API's shape, bytes replaced by U+FFFD, ...).
 */
import { request } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inputs } from '@docpal/kernel'
import { rawRequest } from '../support/raw-request.ts'
import { startTestServer, type TestServer } from '../support/test-server.ts'

let t: TestServer
let appId: string
let tableId: string
let recordId: string
const api = (...a: Parameters<TestServer['api']>) => t.api(...a)

// Raw requests go as each server's owner (cookie and CSRF header) unless a test overrides the headers.
const owners = new Map<string, Readonly<Record<string, string>>>()
const raw = (base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer) =>
  rawRequest(base, method, path, { ...owners.get(base), ...headers }, body)
async function start(opts?: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const s = await startTestServer(opts)
  owners.set(s.url, s.owner.headers)
  return s
}

/** Bytes straight onto a socket: what Node's HTTP parser refuses before Fastify sees a request. */
function socketText(base: string, text: string): Promise<string> {
  const u = new URL(base)
  return new Promise((resolve) => {
    const c = connect(Number(u.port), u.hostname, () => c.write(text))
    let out = ''
    c.on('data', (d) => (out += d.toString('utf8')))
    c.on('close', () => resolve(out))
    c.on('error', () => resolve(out))
    setTimeout(() => c.destroy(), 3000)
  })
}

/** The JSON body of a raw HTTP answer. */
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } }

const expectError = (r: { status: number; body: any }, status: number, code: string) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status)
  expect(r.body?.error?.code, JSON.stringify(r.body)).toBe(code)
  expect(typeof r.body.error.message).toBe('string')
}

beforeAll(async () => {
  t = await start()
  appId = (await api('POST', '/api/apps', { name: 'Hostile' })).body.id
  const table = await api('POST', `/api/apps/${appId}/tables`, {
    name: 'T',
    columns: [
      { name: 'Title', type: 'text' },
      { name: 'N', type: 'number' },
    ],
  })
  tableId = table.body.id
  recordId = (await api('POST', `/api/tables/${tableId}/records`, { fields: { Title: 'keep', N: 7 } })).body.id
})
afterAll(() => t?.close())

describe('defect 1: other web pages cannot drive the API', () => {
  const evil = 'https://evil.example'

  it.each([
    ['text/plain body from another origin', { origin: evil, 'content-type': 'text/plain' }, 'x', 403, 'HST_ERR_CROSS_ORIGIN'],
    ['JSON body from another origin', { origin: evil, 'content-type': 'application/json' }, '{}', 403, 'HST_ERR_CROSS_ORIGIN'],
    ['no body from another origin', { origin: evil }, undefined, 403, 'HST_ERR_CROSS_ORIGIN'],
    ['an opaque origin (sandboxed frame)', { origin: 'null', 'content-type': 'application/json' }, '{}', 403, 'HST_ERR_CROSS_ORIGIN'],
    ['text/plain body without an origin', { 'content-type': 'text/plain' }, 'x', 415, 'HST_ERR_UNSUPPORTED_MEDIA_TYPE'],
    ['a form body', { 'content-type': 'application/x-www-form-urlencoded' }, 'force=true', 415, 'HST_ERR_UNSUPPORTED_MEDIA_TYPE'],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }, '--x--', 415, 'HST_ERR_UNSUPPORTED_MEDIA_TYPE'],
  ] as const)('%s: refused, the plugin stays enabled', async (_name, headers, body, status, code) => {
    const r = await raw(t.url, 'POST', '/api/plugins/field-text/disable?force=true', { ...headers }, body)
    expectError(r, status, code)
    expect((await api('GET', '/api/plugins/field-text')).body.state).toBe('enabled')
  })

  it('a same-origin write from the web app is served', async () => {
    const u = new URL(t.url)
    const r = await raw(t.url, 'POST', '/api/apps', { origin: u.origin, 'content-type': 'application/json' }, '{"name":"same origin"}')
    expect(r.status).toBe(201)
  })

  it.each([['evil.example'], ['docpal.evil.example:8080'], ['localhost.evil.example']])('Host %s is refused (DNS rebinding)', async (host) => {
    const r = await raw(t.url, 'GET', '/api/apps', { host })
    expectError(r, 421, 'HST_ERR_HOST_NOT_ALLOWED')
  })

  it.each([['localhost'], ['127.0.0.1'], ['[::1]'], ['LOCALHOST'], ['192.168.1.5']])('Host %s is served', async (host) => {
    const port = new URL(t.url).port
    expect((await raw(t.url, 'GET', '/api/health', { host: `${host}:${port}` })).status).toBe(200)
  })

  it('security headers on API answers and errors', async () => {
    for (const path of ['/api/health', '/api/no-such-thing']) {
      const r = await raw(t.url, 'GET', path, {})
      expect(r.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
      expect(r.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'")
      expect(r.headers['x-content-type-options']).toBe('nosniff')
      expect(r.headers['x-frame-options']).toBe('DENY')
      expect(r.headers['referrer-policy']).toBe('same-origin')
      // plain http: HSTS would lock browsers out of a server that has no https
      expect(r.headers['strict-transport-security']).toBeUndefined()
    }
  })

  it('OPTIONS answers 204 without granting any origin (CORS off by default)', async () => {
    const plain = await raw(t.url, 'OPTIONS', '/api/apps', {})
    expect(plain.status).toBe(204)
    const pre = await raw(t.url, 'OPTIONS', '/api/apps', { origin: evil, 'access-control-request-method': 'POST' })
    expect(pre.status).toBe(204)
    expect(pre.headers['access-control-allow-origin']).toBeUndefined()
    const get = await raw(t.url, 'GET', '/api/apps', { origin: evil })
    expect(get.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('defect 1: configured origins, hosts and https', () => {
  let c: TestServer
  beforeAll(async () => {
    c = await start({ http: { corsOrigins: ['https://app.example'], allowedHosts: ['docpal.internal'], publicUrl: 'https://docpal.example.com', maxBody: 4096 } })
  })
  afterAll(() => c?.close())

  it('an allowed origin gets CORS headers and may write; others may not', async () => {
    const pre = await raw(c.url, 'OPTIONS', '/api/apps', {
      origin: 'https://app.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    })
    expect(pre.status).toBe(204)
    expect(pre.headers['access-control-allow-origin']).toBe('https://app.example')
    const w = await raw(c.url, 'POST', '/api/apps', { origin: 'https://app.example', 'content-type': 'application/json' }, '{"name":"from app"}')
    expect(w.status).toBe(201)
    expect(w.headers['access-control-allow-origin']).toBe('https://app.example')
    expectError(await raw(c.url, 'POST', '/api/apps', { origin: 'https://other.example', 'content-type': 'application/json' }, '{"name":"x"}'), 403, 'HST_ERR_CROSS_ORIGIN')
  })

  it("PUBLIC_URL's host and DOCPAL_ALLOWED_HOSTS are served; PUBLIC_URL's origin may write", async () => {
    expect((await raw(c.url, 'GET', '/api/health', { host: 'docpal.example.com' })).status).toBe(200)
    expect((await raw(c.url, 'GET', '/api/health', { host: 'docpal.internal:8080' })).status).toBe(200)
    expectError(await raw(c.url, 'GET', '/api/health', { host: 'evil.example' }), 421, 'HST_ERR_HOST_NOT_ALLOWED')
    const w = await raw(c.url, 'POST', '/api/apps', { host: 'docpal.example.com', origin: 'https://docpal.example.com', 'content-type': 'application/json' }, '{"name":"public"}')
    expect(w.status).toBe(201)
  })

  it('HSTS behind an https PUBLIC_URL', async () => {
    expect((await raw(c.url, 'GET', '/api/health', {})).headers['strict-transport-security']).toMatch(/max-age=\d+/)
  })

  it('DOCPAL_MAX_BODY: a 413 names the limit', async () => {
    const r = await raw(c.url, 'POST', '/api/apps', { 'content-type': 'application/json' }, JSON.stringify({ name: 'x', description: 'y'.repeat(5000) }))
    expectError(r, 413, 'HST_ERR_BODY_TOO_LARGE')
    expect(r.body.error.message).toContain('4096 bytes')
  })
})

describe('DOCPAL_MAX_RESPONSE: an API answer is bounded', () => {
  let c: TestServer
  beforeAll(async () => {
    c = await start({ http: { maxResponse: 64 * 1024 } })
  })
  afterAll(() => c?.close())

  it('a page larger than the limit is a 422 naming its size and the limit; a smaller page is served', async () => {
    const appId = (await c.api('POST', '/api/apps', { name: 'Wide' })).body.id
    const table = (await c.api('POST', `/api/apps/${appId}/tables`, { name: 'Rows', columns: [{ name: 'Text', type: 'long_text' }] })).body
    const records = Array.from({ length: 50 }, () => ({ fields: { Text: 'x'.repeat(5000) } }))
    expect((await c.api('POST', `/api/tables/${table.id}/records/bulk`, { records })).status).toBe(201)
    const big = await c.api('GET', `/api/tables/${table.id}/records?limit=50`)
    expect(big.status).toBe(422)
    expect(big.body.error.code).toBe('HST_ERR_RESPONSE_TOO_LARGE')
    expect(big.body.error.message).toContain('above the limit of 65536 (DOCPAL_MAX_RESPONSE)')
    const small = await c.api('GET', `/api/tables/${table.id}/records?limit=5`)
    expect(small.status).toBe(200)
    expect(small.body.records).toHaveLength(5)
  })
})

describe('defect 12: bulk inserts run a bounded number at a time (memory bounded by configuration)', () => {
  let c: TestServer
  beforeAll(async () => {
    c = await start({ http: { bulkConcurrency: 1, bulkQueue: 1 } })
  })
  afterAll(() => c?.close())

  /** A bulk insert whose body arrives only when `finish` is called: it holds its place meanwhile. */
  function slowBulk(path: string, body: string): { finish: () => void; abort: () => void; done: Promise<number> } {
    const req = request(c.url + path, {
      method: 'POST',
      headers: { ...c.owner.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    })
    const done = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
    })
    req.write(body.slice(0, 10))
    req.flushHeaders()
    return { finish: () => req.end(body.slice(10)), abort: () => req.destroy(), done }
  }

  it('one runs, one waits its turn, the next is told to come back (429 with Retry-After); all that were taken are written', async () => {
    const appId = (await c.api('POST', '/api/apps', { name: 'Bulk gate' })).body.id
    const table = (await c.api('POST', `/api/apps/${appId}/tables`, { name: 'Rows', columns: [{ name: 'N', type: 'number' }] })).body
    const path = `/api/tables/${table.id}/records/bulk`
    const body = (n: number) => JSON.stringify({ records: [{ fields: { N: n } }] })
    const bulkInserts = async () => (await c.api('GET', '/api/metrics')).body.bulkInserts
    const first = slowBulk(path, body(1))
    await expect.poll(bulkInserts).toEqual({ running: 1, waiting: 0 })
    const second = slowBulk(path, body(2))
    await expect.poll(bulkInserts).toEqual({ running: 1, waiting: 1 })
    const third = await raw(c.url, 'POST', path, { 'content-type': 'application/json' }, body(3))
    expectError(third, 429, 'HST_ERR_BUSY')
    expect(third.headers['retry-after']).toBe('5')
    second.finish()
    first.finish()
    expect(await first.done).toBe(201)
    expect(await second.done).toBe(201)
    expect((await c.api('POST', path, JSON.parse(body(4)))).status).toBe(201)
    const ns = (await c.api('GET', `/api/tables/${table.id}/records?sort=${encodeURIComponent('[{"field":"N","direction":"asc"}]')}`)).body.records.map((r: any) =>
      Number(r.fields.N),
    )
    expect(ns).toEqual([1, 2, 4])
    expect(await bulkInserts()).toEqual({ running: 0, waiting: 0 })
  })

  it('a client that gives up frees its place, whether running or waiting', async () => {
    const bulkInserts = async () => (await c.api('GET', '/api/metrics')).body.bulkInserts
    const path = `/api/tables/00000000-0000-4000-8000-000000000000/records/bulk`
    const running = slowBulk(path, '{"records":[]}')
    running.done.catch(() => undefined)
    await expect.poll(bulkInserts).toEqual({ running: 1, waiting: 0 })
    const waiting = slowBulk(path, '{"records":[]}')
    waiting.done.catch(() => undefined)
    await expect.poll(bulkInserts).toEqual({ running: 1, waiting: 1 })
    waiting.abort()
    await expect.poll(bulkInserts).toEqual({ running: 1, waiting: 0 })
    running.abort()
    await expect.poll(bulkInserts).toEqual({ running: 0, waiting: 0 })
  })
})

describe('defect 4: a malformed PUT never wipes a record', () => {
  it.each([
    ['a misspelt key', { field: { Title: 'x' } }],
    ['an empty object', {}],
    ['fields: null', { fields: null }],
    ['a bulk body', { records: [] }],
    ['fields beside an unknown key', { fields: { Title: 'y' }, extra: 1 }],
    ['fields as an array', { fields: [] }],
  ])('%s is a 400 with a path; the record is intact', async (_name, body) => {
    const r = await api('PUT', `/api/tables/${tableId}/records/${recordId}`, body)
    expectError(r, 400, 'KRN_ERR_VALIDATION')
    expect(r.body.error.path.length).toBeGreaterThan(0)
    const after = await api('GET', `/api/tables/${tableId}/records/${recordId}`)
    expect(after.body.fields).toMatchObject({ Title: 'keep', N: 7 })
  })

  it('the misspelt key is named in the path', async () => {
    const r = await api('PATCH', `/api/tables/${tableId}/records/${recordId}`, { fields: { Title: 'z' }, feilds: {} })
    expectError(r, 400, 'KRN_ERR_VALIDATION')
    expect(r.body.error.path).toEqual(['feilds'])
  })

  it('{"fields": {}} on PUT is the explicit "empty every field"', async () => {
    const id = (await api('POST', `/api/tables/${tableId}/records`, { fields: { Title: 'to clear', N: 1 } })).body.id
    const r = await api('PUT', `/api/tables/${tableId}/records/${id}`, { fields: {} })
    expect(r.status).toBe(200)
    expect(r.body.fields).toMatchObject({ Title: null, N: null })
  })
})

describe('defect 5: deep JSON is a 400, not a stack overflow', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)

  it.each([
    ['an app menu', 'POST', (): string => '/api/apps', (d: string): string => `{"name":"deep","menu":[${d}]}`],
    ['a table form', 'PUT', (): string => `/api/tables/${tableId}`, (d: string): string => `{"form":${d}}`],
    ['a record value', 'POST', (): string => `/api/tables/${tableId}/records`, (d: string): string => `{"fields":{"Title":${d}}}`],
    ['a view config', 'POST', (): string => `/api/apps/${appId}/views`, (d: string): string => `{"name":"v","dataTableId":"${tableId}","type":"grid","config":{"x":${d}}}`],
  ] as const)('%s nested 10 000 deep', async (_name, method, path, body) => {
    const r = await api(method, path(), body(deep(10_000)))
    expectError(r, 400, 'HST_ERR_JSON_TOO_DEEP')
    expect((await api('GET', '/api/health')).status).toBe(200)
  })

  it('nesting within the limit is kept and read back', async () => {
    const r = await api('POST', '/api/apps', `{"name":"nested","menu":[${deep(60)}]}`)
    expect(r.status).toBe(201)
    expect((await api('GET', `/api/apps/${r.body.id}`)).status).toBe(200)
  })

  it('brackets inside strings do not count', async () => {
    const r = await api('POST', '/api/apps', JSON.stringify({ name: 'brackets', description: '[{'.repeat(4000) + '\\"[' }))
    expect(r.status).toBe(201)
  })
})

describe('defect 8: every error in the API shape', () => {
  it('a JSON body sent as text/plain is a 415', async () => {
    expectError(await api('POST', '/api/apps', '{"name":"x"}', { 'content-type': 'text/plain' }), 415, 'HST_ERR_UNSUPPORTED_MEDIA_TYPE')
  })

  it('a 413 names the limit (2 MiB by default)', async () => {
    const r = await api('POST', '/api/apps', JSON.stringify({ name: 'x', description: 'y'.repeat(3 * 1024 * 1024) }))
    expectError(r, 413, 'HST_ERR_BODY_TOO_LARGE')
    expect(r.body.error.message).toContain('2097152 bytes')
  })

  it('headers too large: 431 in the shape', async () => {
    const answer = await socketText(t.url, `GET /api/apps HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`)
    expect(answer).toMatch(/^HTTP\/1\.1 431 /)
    expect(bodyOf(answer).error.code).toBe('HST_ERR_HEADERS_TOO_LARGE')
  })

  it('a URL too long for the request line: 431 in the shape', async () => {
    const r = await socketText(t.url, `GET /api/apps?x=${'a'.repeat(70_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`)
    expect(bodyOf(r).error.code).toBe('HST_ERR_HEADERS_TOO_LARGE')
  })

  it('not HTTP at all: 400 in the shape', async () => {
    const answer = await socketText(t.url, 'GARBAGE\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 400 /)
    expect(bodyOf(answer).error.code).toBe('HST_ERR_BAD_REQUEST')
  })

  it('a malformed %-escape: 400 in the shape', async () => {
    expectError(await raw(t.url, 'GET', '/api/apps/%E0%A4%A', {}), 400, 'HST_ERR_BAD_REQUEST')
  })

  it('a path parameter over its length: 414 in the shape (no web app to fall back to)', async () => {
    const bare = await start({ webDist: '/nonexistent-web-dist' })
    try {
      expectError(await raw(bare.url, 'GET', `/api/apps/${'a'.repeat(200)}`, {}), 414, 'HST_ERR_URL_TOO_LONG')
    } finally {
      await bare.close()
    }
  })
})

describe('defect 9: Unicode', () => {
  it('invalid UTF-8 in a body is refused, not replaced', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"bad '), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])
    expectError(await raw(t.url, 'POST', '/api/apps', { 'content-type': 'application/json' }, body), 400, 'HST_ERR_BAD_ENCODING')
  })

  it.each([
    ['a lone high surrogate', '"a\\ud800"'],
    ['a lone low surrogate', '"\\udc00b"'],
    ['a reversed pair', '"\\udc00\\ud800"'],
  ])('%s in a JSON string is refused', async (_name, s) => {
    expectError(await api('POST', '/api/apps', `{"name":${s}}`), 400, 'HST_ERR_BAD_ENCODING')
    expectError(await api('POST', `/api/tables/${tableId}/records`, `{"fields":{"Title":${s}}}`), 400, 'HST_ERR_BAD_ENCODING')
  })

  it('a well-formed pair (an emoji) is kept', async () => {
    const r = await api('POST', '/api/apps', '{"name":"\\ud83d\\ude00 app"}')
    expect(r.status).toBe(201)
    expect(r.body.name).toBe('\u{1F600} app')
  })

  it('names refuse lone surrogates in the kernel too (no HTTP in between)', () => {
    const r = inputs.AppInput.safeParse({ name: 'a\ud800' })
    expect(r.success).toBe(false)
  })

  it('NFC and NFD spellings of a column name are the same name', async () => {
    const r = await api('POST', `/api/apps/${appId}/tables`, {
      name: 'Unicode',
      columns: [
        { name: 'Caf\u00e9', type: 'text' },
        { name: 'Cafe\u0301', type: 'text' },
      ],
    })
    expectError(r, 400, 'KRN_ERR_VALIDATION')
    expect(r.body.error.path).toEqual(['columns', 1, 'name'])
  })

  it('NFC and NFD spellings of a table name are the same name, stored as NFC', async () => {
    const first = await api('POST', `/api/apps/${appId}/tables`, { name: 'R\u00e9sum\u00e9', columns: [] })
    expect(first.status).toBe(201)
    expect(first.body.name).toBe('R\u00e9sum\u00e9')
    expectError(await api('POST', `/api/apps/${appId}/tables`, { name: 'Re\u0301sume\u0301', columns: [] }), 409, 'KRN_ERR_META_DUPLICATE_NAME')
  })
})
