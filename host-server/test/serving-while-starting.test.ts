import { spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMPILED_ARGS, ensureServerBuilt } from '../../test/support/compiled-server.ts'
import { DB_KIND, createTestDatabase, type TestDatabase } from '../../test/support/test-server.ts'
import { signIn } from '../../test/support/sessions.ts'

const PORT = 18947
const URL_ = `http://127.0.0.1:${PORT}`
// kernel/src/db/migrate.ts's lock: while another session holds it, the server's kernel cannot finish starting.
const MIGRATION_LOCK = 720_401

async function until<T>(what: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    try {
      const v = await what()
      if (v !== undefined) return v
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A POST whose request has been fully written when `sent` resolves; `answer` is its status and body. */
function post(path: string, body: unknown): { sent: Promise<void>; answer: Promise<{ status: number; text: string }> } {
  let sent!: () => void
  const sentP = new Promise<void>((r) => (sent = r))
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(`${URL_}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.end(JSON.stringify(body), () => sent())
  })
  return { sent: sentP, answer }
}

// Issue 13: the server listens and serves the web shell before the kernel has started. The kernel
// is held at its migration lock by another session (as a second instance migrating would), so
// "still starting" is a state the test controls, not a race. PostgreSQL only: PGlite has one session.
describe.runIf(DB_KIND === 'postgres')('serving while the kernel starts', () => {
  let db: TestDatabase
  let dataDir: string
  let child: ChildProcess
  let stderr = ''
  let holder: postgres.Sql
  let release!: () => void
  let held!: Promise<unknown>

  beforeAll(async () => {
    await ensureServerBuilt()
    db = await createTestDatabase()
    await db.db.close()
    dataDir = await mkdtemp(join(tmpdir(), 'docpal-starting-'))
    holder = postgres(db.url!, { max: 1, onnotice: () => {} })
    let locked!: () => void
    const isLocked = new Promise<void>((r) => (locked = r))
    held = holder.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`
      locked()
      await new Promise<void>((r) => (release = r))
    })
    await isLocked
    const { NODE_OPTIONS: _loader, ...inherited } = process.env
    child = spawn(process.execPath, COMPILED_ARGS, {
      env: { ...inherited, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_URL: db.url!, DOCPAL_DATA_DIR: dataDir, LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    child.stderr!.setEncoding('utf8')
    child.stderr!.on('data', (d: string) => (stderr += d))
  })

  afterAll(async () => {
    release?.()
    await held?.catch(() => undefined)
    await holder?.end()
    if (child && child.exitCode === null) {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
    await db?.drop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('serves the page and its files, says "starting" on health, and answers an API request made meanwhile once ready', async () => {
    const page = await until(async () => {
      const res = await fetch(`${URL_}/apps/some/where`)
      return res.ok ? res : undefined
    })
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    const html = await page.text()
    expect(html).toContain('<div id="app"')
    // No plugin list yet: the app asks /api/plugins, which waits for the kernel.
    expect(html).not.toContain('id="docpal-plugins"')
    const script = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const asset = await fetch(`${URL_}${script!}`, { headers: { 'accept-encoding': 'br' } })
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toContain('javascript')
    expect((await asset.text()).length).toBeGreaterThan(100)

    const signup = post('/api/auth/signup', { email: `early${Date.now().toString(36)}@example.com`, password: 'correct horse battery staple', name: 'Early' })
    await signup.sent
    // Still starting after the request arrived: it is being held, not answered.
    const health = await fetch(`${URL_}/api/health`)
    expect(health.status).toBe(503)
    expect(health.headers.get('retry-after')).toBe('1')
    expect(await health.json()).toEqual({ status: 'starting' })
    const notReady = await fetch(`${URL_}/api/ready`)
    expect(notReady.status).toBe(503)
    expect(await notReady.json()).toEqual({ status: 'starting' })
    expect(stderr).not.toContain('DocPal listening on')

    release()
    const answer = await signup.answer
    expect(answer.status, answer.text).toBe(201)
    expect(JSON.parse(answer.text)).toMatchObject({ user: { name: 'Early' } })
    const ready = await until(async () => {
      const res = await fetch(`${URL_}/api/health`)
      return res.status === 200 ? res : undefined
    })
    expect(await ready.json()).toEqual({ status: 'ok' })
    expect(await (await fetch(`${URL_}/api/ready`)).json()).toEqual({ status: 'ready' })
    expect(stderr).toContain('DocPal listening on')
    // Once started, the page is the app's again, with the plugin list.
    expect(await (await fetch(`${URL_}/`)).text()).toContain('id="docpal-plugins"')
    // And a new session works as usual.
    expect((await signIn(URL_, { signup: true })).userId).toBeTruthy()
  })

  it('still exits non-zero with the error logged when the kernel cannot start', async () => {
    const { NODE_OPTIONS: _loader, ...inherited } = process.env
    const failing = spawn(process.execPath, COMPILED_ARGS, {
      env: { ...inherited, PORT: String(PORT + 1), HOST: '127.0.0.1', DATABASE_URL: db.url!.replace(/\/[^/]*$/, '/docpal_no_such_database'), LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let text = ''
    failing.stderr.setEncoding('utf8')
    failing.stderr.on('data', (d: string) => (text += d))
    const code = await new Promise<number | null>((r) => failing.once('exit', r))
    expect(code).toBe(1)
    expect(text).toContain('DocPal could not start')
    expect(text).toContain('docpal_no_such_database')
  })
})
