import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStaleServer } from '../support/deaf-database.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * A server process alone on its database skips the per-request freshness statement
 * (kernel/src/db/process-presence.ts): it holds an advisory key EXCLUSIVE, a process that starts
 * waits for it SHARED, and the solo one starts checking before it lets the newcomer in. These run
 * real processes' kernels on PostgreSQL (PGlite has one process and never checks).
 */
describe.skipIf(DB_KIND !== 'postgres')('server processes: solo and joined', () => {
  let t: TestServer
  let admin: postgres.Sql
  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000 })
    admin = postgres(t.db.url ?? '', { max: 1, onnotice: () => {} })
  })
  afterAll(async () => {
    await admin?.end()
    await t?.close()
  })

  const presence = () => {
    const p = t.server.kernel.presence
    if (!p) throw new Error('no presence on PostgreSQL')
    return p
  }
  /** The modes of the presence keys held on this database (one per server process). */
  const held = async () =>
    (
      await admin<Array<{ mode: string }>>`select mode from pg_locks where locktype = 'advisory' and objsubid = 2 and granted
        and database = (select oid from pg_database where datname = current_database()) order by mode`
    ).map((r) => r.mode)
  const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 20_000) => {
    const end = Date.now() + ms
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  const me = (url: string, bearer: string) => fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${bearer}` } }).then((r) => r.status)

  it('alone, a process holds the key EXCLUSIVE and skips the per-request check', async () => {
    expect(presence().solo).toBe(true)
    expect(await held()).toEqual(['ExclusiveLock'])
  })

  it('a process that starts is let in only after the solo one checks requests; once alone again, the solo one forgets what the other ended', async () => {
    const made = await t.api('POST', '/api/auth/tokens', { name: 'cached here' })
    expect(made.status).toBe(201)
    const token = made.body.token as string
    // Cached by the solo process.
    expect(await me(t.url, token)).toBe(200)

    const other = await startStaleServer(t.db.url ?? '')
    try {
      // startStaleServer returned: the other process serves, so this one already checks.
      expect(presence().solo).toBe(false)
      expect(await held()).toEqual(['ShareLock', 'ShareLock'])
      // Revoked through the other process; this one is not asked about the token meanwhile.
      const revoked = await fetch(`${other.url}/api/auth/tokens/${made.body.id as string}`, { method: 'DELETE', headers: t.owner.headers })
      expect(revoked.status).toBe(204)
      // While the other is there, this one checks: a token of its cache revoked there is refused here at once.
      const second = await t.api('POST', '/api/auth/tokens', { name: 'checked here' })
      expect(await me(t.url, second.body.token as string)).toBe(200)
      const gone = await fetch(`${other.url}/api/auth/tokens/${second.body.id as string}`, { method: 'DELETE', headers: t.owner.headers })
      expect(gone.status).toBe(204)
      expect(await me(t.url, second.body.token as string)).toBe(401)
    } finally {
      await other.close()
    }
    // Alone again: after settling it goes solo, having forgotten its cached credentials.
    await until('solo again', () => presence().solo)
    expect(await held()).toEqual(['ExclusiveLock'])
    expect(await me(t.url, token)).toBe(401)
  })

  it('a process whose presence connection drops checks requests until it holds its key again', async () => {
    const owner = await t.api('POST', '/api/auth/tokens', { name: 'owner' })
    const token = owner.body.token as string
    expect(presence().solo).toBe(true)
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'docpal presence' and datname = current_database()`
    await until('not solo after the drop', () => !presence().solo, 5_000)
    // Requests are held until the key is held again, then answered (checked).
    expect(await me(t.url, token)).toBe(200)
    await until('solo again after the drop', () => presence().solo)
    expect(await held()).toEqual(['ExclusiveLock'])
    expect(await me(t.url, token)).toBe(200)
  })

  it('no process goes solo while a server of an older build (its pool named docpal, no key) is connected', async () => {
    expect(presence().solo).toBe(true)
    const older = postgres(t.db.url ?? '', { max: 1, onnotice: () => {}, connection: { application_name: 'docpal' } })
    try {
      await older`select 1`
      await until('checking while the older process is there', () => !presence().solo, 5_000)
      await new Promise((r) => setTimeout(r, 2_500))
      // Its periodic try for the key stays refused.
      expect(presence().solo).toBe(false)
    } finally {
      await older.end()
    }
    await until('solo once it left', () => presence().solo)
  })
})
