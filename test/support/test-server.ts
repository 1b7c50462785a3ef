import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { openPglite, openPostgres, type ArchiveLimits, type Database } from '@docpal/kernel'
import { startServer, WORKSPACE_PLUGINS, type AuthSettings, type HttpSettings, type MailSettings, type RunningServer } from '@docpal/host-server'
import { SEED_FILE } from './global-setup.ts'
import { signIn, type TestSession } from './sessions.ts'

export const DB_KIND = (process.env['DOCPAL_TEST_DB'] ?? 'pglite') as 'postgres' | 'pglite'
const ADMIN_URL = process.env['DOCPAL_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface TestDatabase {
  readonly db: Database
  readonly url: string | undefined
  drop(): Promise<void>
}

/** A fresh database for one test file: its own PostgreSQL database, or a PGlite copy of the seed. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (DB_KIND === 'pglite') {
    const db = await openPglite({ loadDataDir: new Blob([await readFile(SEED_FILE)]) })
    return { db, url: undefined, drop: async () => {} }
  }
  const name = `docpal_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`)
  const db = openPostgres(url)
  return {
    db,
    url,
    async drop() {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
      await a.unsafe(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  }
}

export interface ApiResponse<T = any> {
  status: number
  body: T
  text: string
}

export type Api = <T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ApiResponse<T>>

export interface TestServer {
  readonly url: string
  readonly server: RunningServer
  readonly db: TestDatabase
  /** The instance's first account (instance admin, owner of its company), signed in at start. */
  readonly owner: TestSession
  /** Requests as `owner` (its cookie and CSRF header). */
  readonly api: Api
  /** Requests with no credentials at all. */
  readonly anon: Api
  /** Requests as another signed-in person. */
  as(session: TestSession): Api
  /** Signs up another person (with a company of their own). */
  signUp(opts?: { name?: string; email?: string; password?: string }): Promise<TestSession>
  close(): Promise<void>
}

/** Boots the real host server on a random port over a fresh database; talk to it over HTTP. */
export async function startTestServer(
  opts: {
    pluginDirs?: string[]
    webDist?: string
    dataDir?: string
    catalog?: string
    http?: Partial<HttpSettings>
    pluginArchive?: Partial<ArchiveLimits>
    /** PostgreSQL: the server opens its own pool from the database's URL with this timeout, as `pnpm start` does (`db.db` is then closed). */
    statementTimeoutMs?: number
    autoIndex?: boolean
    slowQueryMs?: number
    /** false: nobody signs up at start (first-run tests); `owner` and `api` then throw. */
    firstAccount?: boolean
    /** Settings of accounts and sessions (sign-up mode, expiry, rate limits). */
    auth?: Partial<AuthSettings>
    /** SMTP server and sender (e.g. `{ smtp: { url: sink.url } }`); unset: the development outbox. */
    mail?: Partial<MailSettings>
    /** The embedded workflow runner (false: none, runs stay queued), or Temporal's address (runs go there). */
    workflows?: false
    temporal?: { address: string; namespace: string; taskQueue: string }
  } = {},
): Promise<TestServer> {
  const db = await createTestDatabase()
  const fromUrl = opts.statementTimeoutMs !== undefined && db.url !== undefined
  if (fromUrl) await db.db.close()
  // Its own data dir (installed plugins land there), removed on close unless the test gave one:
  // a shared folder carried one test's installs into the next test and the next run.
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'docpal-test-data-')))
  const server = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      databaseUrl: fromUrl ? db.url : undefined,
      ...(opts.statementTimeoutMs !== undefined ? { statementTimeoutMs: opts.statementTimeoutMs } : {}),
      ...(opts.autoIndex !== undefined ? { autoIndex: opts.autoIndex } : {}),
      ...(opts.slowQueryMs !== undefined ? { slowQueryMs: opts.slowQueryMs } : {}),
      dataDir,
      pluginCatalog: opts.catalog,
      http: opts.http,
      pluginArchive: opts.pluginArchive,
      auth: opts.auth,
      mail: opts.mail,
      ...(opts.workflows === false ? { workflows: false as const } : {}),
      ...(opts.temporal ? { temporal: opts.temporal } : {}),
      poolSize: 10,
      logLevel: (process.env['DOCPAL_TEST_LOG'] ?? 'silent') as 'silent',
    },
    { ...(fromUrl ? {} : { database: db.db, pgliteInMemory: true }), webDist: opts.webDist, ...(opts.pluginDirs ? { pluginDirs: [WORKSPACE_PLUGINS, ...opts.pluginDirs] } : {}) },
  )
  const request =
    (auth: Readonly<Record<string, string>>): Api =>
    async (method, path, body, headers = {}) => {
      const init: RequestInit = { method, headers: { ...auth, ...headers } }
      if (body !== undefined) {
        init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body)
        ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
      }
      const res = await fetch(server.url + path, init)
      const text = await res.text()
      let parsed: unknown = text
      try {
        parsed = text ? JSON.parse(text) : undefined
      } catch {
        // not JSON (HTML pages): keep the text
      }
      return { status: res.status, body: parsed as any, text }
    }
  let owner: TestSession | undefined
  if (opts.firstAccount !== false) {
    try {
      owner = await signIn(server.url, { signup: true, name: 'Owner', email: 'owner@example.com' })
    } catch (err) {
      await server.close()
      await db.drop()
      throw err
    }
  }
  const ownerSession = (): TestSession => {
    if (!owner) throw new Error('this test server was started with firstAccount: false: sign someone up first')
    return owner
  }
  return {
    url: server.url,
    server,
    db,
    get owner() {
      return ownerSession()
    },
    api: (method, path, body, headers) => request(ownerSession().headers)(method, path, body, headers),
    anon: request({}),
    as: (session) => request(session.headers),
    signUp: (o = {}) => signIn(server.url, { signup: true, ...o }),
    async close() {
      await server.close()
      await db.drop()
      if (opts.dataDir === undefined) await rm(dataDir, { recursive: true, force: true })
    },
  }
}
