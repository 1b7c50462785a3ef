import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStaleServer } from '../support/deaf-database.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * Plugin changes racing requests in another server process (issue 19): a process that has not
 * heard yet of a plugin enabled or disabled elsewhere answers as one process would, from the next
 * request after the change commits. Before, the stale process went on creating columns of a field
 * type disabled elsewhere, and writing values into columns the disable had made unavailable.
 */
type Answer = { status: number; body: Record<string, unknown> }

describe.skipIf(DB_KIND !== 'postgres')('plugin changes racing requests in another process', () => {
  let t: TestServer
  let stale: { url: string; close: () => Promise<void> }
  let app: string
  let made = 0
  const send = async (base: string, method: string, path: string, body?: unknown): Promise<Answer> => {
    const r = await fetch(base + path, {
      method,
      headers: { ...t.owner.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await r.text()
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> }
  }
  const emailTable = (base: string) =>
    send(base, 'POST', `/api/apps/${app}/tables`, {
      name: `Contacts ${++made}`,
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Email', type: 'email' },
      ],
    })
  const code = (a: Answer) => (a.body['error'] as { code?: string } | undefined)?.code

  beforeAll(async () => {
    t = await startTestServer({ statementTimeoutMs: 30_000 })
    stale = await startStaleServer(t.db.url ?? '')
    app = (await t.api('POST', '/api/apps', { name: 'Plugin races' })).body.id as string
  })
  afterAll(async () => {
    await stale?.close()
    await t?.close()
  })

  it('a field type disabled elsewhere is unknown from the next request on; enabled again, known again', async () => {
    expect((await emailTable(stale.url)).status).toBe(201)
    expect((await t.api('POST', '/api/plugins/field-email/disable?force=true')).status).toBe(200)
    const refused = await emailTable(stale.url)
    expect(refused.status).toBe(400)
    expect(code(refused)).toBe('KRN_ERR_FIELD_TYPE_UNKNOWN')
    // The same answer a column added to an existing table gets.
    const table = (await send(stale.url, 'POST', `/api/apps/${app}/tables`, { name: `Plain ${++made}`, columns: [{ name: 'Name', type: 'text' }] })).body.id as string
    expect(code(await send(stale.url, 'POST', `/api/tables/${table}/columns`, { name: 'Email', type: 'email' }))).toBe('KRN_ERR_FIELD_TYPE_UNKNOWN')
    expect((await t.api('POST', '/api/plugins/field-email/enable')).status).toBe(200)
    expect((await emailTable(stale.url)).status).toBe(201)
  })

  it('the field types offered by a process that has not heard of a disable follow it from the next request', async () => {
    const types = async () => {
      const r = await fetch(`${stale.url}/api/field-types`, { headers: t.owner.headers })
      return ((await r.json()) as Array<{ type: string }>).map((x) => x.type)
    }
    expect(await types()).toContain('email')
    expect((await t.api('POST', '/api/plugins/field-email/disable?force=true')).status).toBe(200)
    expect(await types()).not.toContain('email')
    expect((await t.api('POST', '/api/plugins/field-email/enable')).status).toBe(200)
    expect(await types()).toContain('email')
  })

  it('values of a plugin force-disabled elsewhere are refused as in one process; enabled again, taken', async () => {
    const table = (await emailTable(t.url)).body.id as string
    const write = (base: string) => send(base, 'POST', `/api/tables/${table}/records`, { fields: { Name: 'Ann', Email: 'ann@example.com' } })
    // The stale process compiles the table while the plugin is on.
    expect((await write(stale.url)).status).toBe(201)
    expect((await t.api('POST', '/api/plugins/field-email/disable?force=true')).status).toBe(200)
    const there = await write(t.url)
    expect(code(there)).toBe('KRN_ERR_FIELD_TYPE_UNAVAILABLE')
    const here = await write(stale.url)
    expect({ status: here.status, code: code(here) }).toEqual({ status: there.status, code: code(there) })
    expect((await send(stale.url, 'POST', `/api/tables/${table}/records`, { fields: { Name: 'Bob' } })).status).toBe(201)
    expect((await t.api('POST', '/api/plugins/field-email/enable')).status).toBe(200)
    const taken = await write(stale.url)
    expect(taken.status).toBe(201)
    expect((taken.body['fields'] as Record<string, unknown>)['Email']).toBe('ann@example.com')
  })

  it('a disable meeting a schema change under way in another process waits for it, and sees its column', async () => {
    // Holds the stale process's table create after it took the plugins key SHARED (its insert of
    // the table's row waits), as a slow schema change would.
    const pg = postgres(t.db.url ?? '', { max: 1, onnotice: () => {} })
    const conn = await pg.reserve()
    try {
      await conn`begin`
      await conn`lock table data_tables in share mode`
      const order: string[] = []
      const creating = send(stale.url, 'POST', `/api/apps/${app}/tables`, { name: `Links ${++made}`, columns: [{ name: 'Site', type: 'url' }] }).then(
        (r) => (order.push('create'), r),
      )
      await new Promise((r) => setTimeout(r, 300))
      const disabling = t.api('POST', '/api/plugins/field-url/disable').then((r) => (order.push('disable'), r))
      await new Promise((r) => setTimeout(r, 300))
      expect(order).toEqual([])
      await conn`commit`
      const [created, refused] = await Promise.all([creating, disabling])
      expect(created.status).toBe(201)
      expect(order).toEqual(['create', 'disable'])
      expect(refused.status).toBe(409)
      expect(code({ status: refused.status, body: refused.body as Record<string, unknown> })).toBe('KRN_ERR_PLUGIN_IN_USE')
    } finally {
      conn.release()
      await pg.end()
    }
  })

  it('a schema change that waited for a plugin change committed elsewhere plans with it', async () => {
    // Another process disabling field-url: the key EXCLUSIVE, its state and the generation written.
    const pg = postgres(t.db.url ?? '', { max: 1, onnotice: () => {} })
    const conn = await pg.reserve()
    try {
      await conn`begin`
      await conn`select pg_advisory_xact_lock(hashtextextended('docpal.plugins', 23))`
      await conn`update plugin_state set enabled = false where id = 'field-url'`
      await conn`insert into plugin_state (id, enabled) select 'field-url', false where not exists (select 1 from plugin_state where id = 'field-url')`
      await conn`update plugin_generation set n = n + 1`
      const waiting = send(stale.url, 'POST', `/api/apps/${app}/tables`, { name: `Sites ${Date.now()}`, columns: [{ name: 'Site', type: 'url' }] })
      await new Promise((r) => setTimeout(r, 300))
      await conn`commit`
      const answer = await waiting
      expect(answer.status).toBe(400)
      expect(code(answer)).toBe('KRN_ERR_FIELD_TYPE_UNKNOWN')
    } finally {
      conn.release()
      await pg.end()
    }
  })
})
