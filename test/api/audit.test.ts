import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { sql } from '@docpal/plugin-sdk'
import type { AuditLogEntry } from '@docpal/kernel'
import { runHousekeeping } from '../../host-server/src/housekeeping.ts'
import { startTestServer, type Api, type TestServer } from '../support/test-server.ts'
import type { TestSession } from '../support/sessions.ts'

/**
 * The audit log (issue 16): every mutation endpoint writes its entry with the change, a refused
 * mutation writes none, members see what they can read, pages are keyset pages, and no API
 * changes or deletes an entry.
 */

vi.setConfig({ testTimeout: 60_000 })

const SETTINGS_FIXTURES = fileURLToPath(new URL('../fixtures/settings-plugins/', import.meta.url))

// metadata is free-form per action: the assertions index into it.
type Entry = Omit<AuditLogEntry, 'metadata'> & { metadata: Record<string, any> }

let t: TestServer
let appId: string
let tableId: string
let base: string

async function logs(query: Record<string, string> = {}, api: Api = t.api): Promise<Entry[]> {
  const r = await api('GET', `/api/audit/logs?${new URLSearchParams({ limit: '200', ...query })}`)
  expect(r.status, r.text).toBe(200)
  return r.body.entries
}

/** The entries written since `before` (an entry count), newest first. */
async function since(before: number): Promise<Entry[]> {
  const all = await logs()
  return all.slice(0, all.length - before)
}

const total = async () => (await logs()).length

beforeAll(async () => {
  t = await startTestServer({ pluginDirs: [SETTINGS_FIXTURES] })
  const app = await t.api('POST', '/api/apps', { name: 'Audit app' })
  expect(app.status).toBe(201)
  appId = app.body.id
  const table = await t.api('POST', `/api/apps/${appId}/tables`, {
    name: 'Tasks',
    columns: [
      { name: 'Title', type: 'text', required: true },
      { name: 'Amount', type: 'number' },
      { name: 'Done', type: 'switch' },
    ],
  })
  expect(table.status).toBe(201)
  tableId = table.body.id
  base = `/api/tables/${tableId}/records`
})
afterAll(() => t?.close())

describe('record entries', () => {
  it('record.create lists the values written, with who and where', async () => {
    const before = await total()
    const r = await t.api('POST', base, { fields: { Title: 'First', Amount: 3 } }, { 'user-agent': 'audit-test/1' })
    expect(r.status).toBe(201)
    const [e, more] = await since(before)
    expect(more).toBeUndefined()
    expect(e).toMatchObject({
      action: 'record.create',
      resourceType: 'record',
      resourceId: r.body.id,
      resourceName: 'Tasks',
      tableId,
      userId: t.owner.userId,
      userName: 'Owner',
      ipAddress: '127.0.0.1',
      userAgent: 'audit-test/1',
    })
    expect(e?.metadata.values).toEqual({ Title: 'First', Amount: 3 })
    expect(e?.requestId).toBeTruthy()
    expect(e?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  })

  it('record.update (PATCH and PUT) lists {old, new} of the columns that changed, and only those', async () => {
    const r = await t.api('POST', base, { fields: { Title: 'Before', Amount: 1, Done: false } })
    const before = await total()
    const p = await t.api('PATCH', `${base}/${r.body.id}`, { fields: { Title: 'After', Amount: 1 } })
    expect(p.status).toBe(200)
    const [e] = await since(before)
    expect(e).toMatchObject({ action: 'record.update', resourceId: r.body.id, tableId })
    expect(e?.metadata.changes).toEqual({ Title: { old: 'Before', new: 'After' } })
    const put = await t.api('PUT', `${base}/${r.body.id}`, { fields: { Title: 'Replaced' } })
    expect(put.status).toBe(200)
    const [e2] = await since(before + 1)
    expect(e2?.metadata.changes).toEqual({ Title: { old: 'After', new: 'Replaced' }, Amount: { old: 1, new: null }, Done: { old: false, new: null } })
  })

  it('record.update of relation fields lists the links before and after; a field set to the same links is left out', async () => {
    const people = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'People', columns: [{ name: 'Name', type: 'text' }] })
    expect(people.status).toBe(201)
    const [ann, bob, cy] = await Promise.all(
      ['Ann', 'Bob', 'Cy'].map(async (Name) => (await t.api('POST', `/api/tables/${people.body.id}/records`, { fields: { Name } })).body.id as string),
    )
    const cards = await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Cards',
      columns: [
        { name: 'Title', type: 'text' },
        { name: 'People', type: 'relation', config: { targetTableId: people.body.id } },
        { name: 'Reviewer', type: 'relation', config: { targetTableId: people.body.id, allowMultiple: false } },
      ],
    })
    expect(cards.status, cards.text).toBe(201)
    const cardsBase = `/api/tables/${cards.body.id}/records`
    const card = await t.api('POST', cardsBase, { fields: { Title: 'C1', People: [ann, bob], Reviewer: [cy] } })
    expect(card.status, card.text).toBe(201)
    const before = await total()
    const p = await t.api('PATCH', `${cardsBase}/${card.body.id}`, { fields: { Title: 'C1b', People: [cy], Reviewer: [cy] } })
    expect(p.status, p.text).toBe(200)
    const [e] = await since(before)
    expect(e).toMatchObject({ action: 'record.update', resourceId: card.body.id })
    const changes = e?.metadata.changes as Record<string, { old: string[]; new: string[] }>
    expect(Object.keys(changes).sort()).toEqual(['People', 'Title'])
    expect(changes['Title']).toEqual({ old: 'C1', new: 'C1b' })
    expect([...changes['People']!.old].sort()).toEqual([ann, bob].sort())
    expect(changes['People']!.new).toEqual([cy])

    // A bulk PATCH too: old and new links of each record.
    const before3 = await total()
    const bp = await t.api('PATCH', cardsBase, { records: [{ id: card.body.id, fields: { People: [ann] } }] })
    expect(bp.status, bp.text).toBe(200)
    const [u] = await since(before3)
    expect(u?.metadata.changes).toEqual({ People: { old: [cy], new: [ann] } })

    // A bulk insert's batched entry lists each record's links with its values (none: left out).
    const before2 = await total()
    const bulk = await t.api('POST', `${cardsBase}/bulk`, { records: [{ fields: { Title: 'B1', People: [ann] } }, { fields: { Title: 'B2' } }] })
    expect(bulk.status, bulk.text).toBe(201)
    const [b] = await since(before2)
    expect(b?.metadata.records).toEqual([
      { id: bulk.body.ids[0], values: { Title: 'B1', People: [ann] } },
      { id: bulk.body.ids[1], values: { Title: 'B2' } },
    ])
  })

  it('record.delete keeps the values the record had', async () => {
    const r = await t.api('POST', base, { fields: { Title: 'Doomed', Done: true } })
    const before = await total()
    expect((await t.api('DELETE', `${base}/${r.body.id}`)).status).toBe(204)
    const [e] = await since(before)
    expect(e).toMatchObject({ action: 'record.delete', resourceId: r.body.id, tableId })
    expect(e?.metadata.values).toMatchObject({ Title: 'Doomed', Done: true })
  })

  it('a refused write leaves no entry (validation, unknown record, bad bulk row)', async () => {
    const before = await total()
    expect((await t.api('POST', base, { fields: { Amount: 2 } })).status).toBe(400)
    expect((await t.api('POST', base, { fields: { Title: 'x', Nope: 1 } })).status).toBe(400)
    expect((await t.api('PATCH', `${base}/00000000-0000-4000-8000-000000000000`, { fields: { Title: 'x' } })).status).toBe(404)
    expect((await t.api('DELETE', `${base}/00000000-0000-4000-8000-000000000000`)).status).toBe(404)
    const bad = await t.api('POST', `${base}/bulk`, { records: [{ fields: { Title: 'ok' } }, { fields: { Amount: 'not a number' } }] })
    expect(bad.status).toBe(400)
    const missing = await t.api('POST', `${base}/delete`, { ids: ['00000000-0000-4000-8000-000000000000'] })
    expect(missing.status).toBe(404)
    expect(await total()).toBe(before)
  })

  it('bulk insert writes one batched entry listing every record; bulk delete one entry per record', async () => {
    const before = await total()
    const r = await t.api('POST', `${base}/bulk`, { records: [{ fields: { Title: 'B1' } }, { fields: { Title: 'B2', Amount: 7 } }] })
    expect(r.status).toBe(201)
    const made = await since(before)
    expect(made).toHaveLength(1)
    expect(made[0]).toMatchObject({ action: 'record.bulk_create', resourceType: 'table', resourceId: tableId, tableId })
    const { records, ...rest } = made[0]?.metadata ?? {}
    expect(rest).toEqual({ via: 'bulk', count: 2 })
    expect(records.map((x: { id: string }) => x.id)).toEqual(r.body.ids)
    expect(records[1].values).toEqual({ Title: 'B2', Amount: 7 })
    const gone = await t.api('POST', `${base}/delete`, { ids: r.body.ids })
    expect(gone.status).toBe(200)
    const deleted = await since(before + 1)
    expect(deleted.map((e) => e.action)).toEqual(['record.delete', 'record.delete'])
    expect(new Set(deleted.map((e) => e.resourceId))).toEqual(new Set(r.body.ids))
  })
})

describe('imports', () => {
  const importCsv = async (csv: string, mode: 'skipInvalid' | 'atomic') => {
    const up = await t.api('POST', '/api/imports?fileName=audit.csv', Buffer.from(csv), { 'content-type': 'text/csv' })
    expect(up.status).toBe(201)
    expect((await t.api('POST', `/api/imports/${up.body.id}/start`, { tableId, mode })).status).toBe(202)
    for (;;) {
      const r = await t.api('GET', `/api/imports/${up.body.id}`)
      if (!['uploaded', 'running'].includes(r.body.state)) return r.body
      await new Promise((res) => setTimeout(res, 20))
    }
  }

  it('an import writes a batched entry of the rows written (via: import); rows refused and atomic imports refused write none', async () => {
    const before = await total()
    const refused = await importCsv('Title,Amount\nA1,1\n,2\n', 'atomic')
    expect(refused.written).toBe(0)
    expect(await total()).toBe(before)
    const done = await importCsv('Title,Amount\nI1,1\n,2\nI2,3\n', 'skipInvalid')
    expect(done).toMatchObject({ written: 2, rejected: 1 })
    const made = await since(before)
    expect(made.map((e) => [e.action, e.metadata.via, e.metadata.count])).toEqual([['record.bulk_create', 'import', 2]])
    expect(made[0]?.metadata.records.map((r: { values: { Title: string } }) => r.values.Title)).toEqual(['I1', 'I2'])
  })
})

describe('schema and metadata entries', () => {
  it('table.create, table.schema.update (the plan), table.update, index.create, table.delete', async () => {
    const before = await total()
    const made = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Scratch', columns: [{ name: 'Name', type: 'text' }] })
    expect(made.status).toBe(201)
    const id = made.body.id
    const [created] = await since(before)
    expect(created).toMatchObject({ action: 'table.create', resourceType: 'table', resourceId: id, resourceName: 'Scratch', tableId: id })
    expect(created?.metadata.columns).toEqual([{ name: 'Name', type: 'text' }])

    const col = await t.api('POST', `/api/tables/${id}/columns`, { name: 'Size', type: 'number' })
    expect(col.status).toBe(201)
    const [added] = await since(before + 1)
    expect(added).toMatchObject({ action: 'table.schema.update', resourceId: id })
    expect(added?.metadata.steps).toEqual([expect.objectContaining({ kind: 'add', column: 'Size' })])

    const renamed = await t.api('PUT', `/api/tables/${id}`, { name: 'Scratch 2' })
    expect(renamed.status).toBe(200)
    const [upd] = await since(before + 2)
    expect(upd).toMatchObject({ action: 'table.update', resourceName: 'Scratch 2' })
    expect(upd?.metadata.changes).toEqual({ name: { old: 'Scratch', new: 'Scratch 2' } })

    const ix = await t.api('POST', `/api/tables/${id}/indexes`, { field: 'Size' })
    expect(ix.status).toBe(201)
    const [indexed] = await since(before + 3)
    expect(indexed).toMatchObject({ action: 'index.create', resourceId: id, metadata: { field: 'Size', auto: false } })

    const sizeId = col.body.column.id
    expect((await t.api('DELETE', `/api/tables/${id}/columns/${sizeId}`)).status).toBe(200)
    const [removed] = await since(before + 4)
    expect(removed?.metadata.steps).toEqual([expect.objectContaining({ column: 'Size', columnId: sizeId })])

    expect((await t.api('DELETE', `/api/tables/${id}`)).status).toBe(204)
    const [dropped] = await since(before + 5)
    expect(dropped).toMatchObject({ action: 'table.delete', resourceId: id, resourceName: 'Scratch 2' })
  })

  it('a refused schema change leaves no entry', async () => {
    const before = await total()
    expect((await t.api('POST', `/api/tables/${tableId}/columns`, { name: 'Title', type: 'text' })).status).toBeGreaterThanOrEqual(400)
    expect((await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Tasks', columns: [] })).status).toBeGreaterThanOrEqual(400)
    expect(await total()).toBe(before)
  })

  it('app.*, folder.*, view.* entries', async () => {
    const before = await total()
    const app = await t.api('POST', '/api/apps', { name: 'Other' })
    await t.api('PUT', `/api/apps/${app.body.id}`, { name: 'Other 2' })
    const folder = await t.api('POST', `/api/apps/${appId}/folders`, { name: 'F' })
    await t.api('PUT', `/api/folders/${folder.body.id}`, { name: 'F2' })
    const view = await t.api('POST', `/api/apps/${appId}/views`, { name: 'Grid', dataTableId: tableId, type: 'table' })
    expect(view.status).toBe(201)
    await t.api('POST', `/api/folders/${folder.body.id}/items`, { itemType: 'view', itemId: view.body.id })
    await t.api('PUT', `/api/views/${view.body.id}`, { name: 'Grid 2' })
    await t.api('DELETE', `/api/views/${view.body.id}`)
    await t.api('DELETE', `/api/folders/${folder.body.id}`)
    await t.api('DELETE', `/api/apps/${app.body.id}`)
    const entries = (await since(before)).reverse()
    expect(entries.map((e) => e.action)).toEqual([
      'app.create',
      'app.update',
      'folder.create',
      'folder.update',
      'view.create',
      'folder.items.add',
      'view.update',
      'view.delete',
      'folder.delete',
      'app.delete',
    ])
    expect(entries[1]?.metadata.changes).toEqual({ name: { old: 'Other', new: 'Other 2' } })
    expect(entries[6]?.metadata.changes).toEqual({ name: { old: 'Grid', new: 'Grid 2' } })
    expect(entries[4]).toMatchObject({ resourceId: view.body.id, tableId })
  })
})

describe('sessions, tokens', () => {
  it('session.login, session.logout, session.login_failed (known email), token.create and token.revoke', async () => {
    const before = await total()
    const login = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', password: 'correct horse battery staple' }),
    })
    expect(login.status).toBe(200)
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const csrf = /docpal_csrf=([^;]+)/.exec(cookie)?.[1] ?? ''
    const bad = await t.anon('POST', '/api/auth/login', { email: 'owner@example.com', password: 'wrong password!!' })
    expect(bad.status).toBe(401)
    const unknown = await t.anon('POST', '/api/auth/login', { email: 'nobody@example.com', password: 'wrong password!!' })
    expect(unknown.status).toBe(401)
    const out = await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-docpal-csrf': csrf } })
    expect(out.status).toBe(204)
    const tok = await t.api('POST', '/api/auth/tokens', { name: 'script', scopes: ['read'] })
    expect(tok.status).toBe(201)
    expect((await t.api('DELETE', `/api/auth/tokens/${tok.body.id}`)).status).toBe(204)
    // The failed login is written off the answer's path (same timing for unknown emails).
    await vi.waitFor(async () => expect((await logs({ action: 'session.login_failed' })).length).toBe(1))
    const entries = (await since(before)).map((e) => e.action)
    expect(entries.sort()).toEqual(['session.login', 'session.login_failed', 'session.logout', 'token.create', 'token.revoke'])
    const [failed] = await logs({ action: 'session.login_failed' })
    expect(failed).toMatchObject({ userId: t.owner.userId, resourceType: 'user' })
    const [created] = await logs({ action: 'token.create' })
    expect(created).toMatchObject({ resourceType: 'token', resourceId: tok.body.id, resourceName: 'script' })
  })
})

describe('plugins', () => {
  it('plugin.disable, plugin.enable, plugin.settings.update (without the values); a refused one leaves none', async () => {
    const before = await total()
    expect((await t.api('POST', '/api/plugins/view-gantt/disable')).status).toBe(200)
    expect((await t.api('POST', '/api/plugins/view-gantt/enable')).status).toBe(200)
    expect((await t.api('PUT', '/api/plugins/fixture-settings/settings', { greeting: 'Hi', times: 3 })).status).toBe(200)
    expect((await t.api('PUT', '/api/plugins/fixture-settings/settings', { greeting: 'Hi', times: 9 })).status).toBe(400)
    expect((await t.api('POST', '/api/plugins/no-such-plugin/enable')).status).toBe(404)
    const entries = (await since(before)).reverse()
    expect(entries.map((e) => [e.action, e.resourceType, e.resourceName])).toEqual([
      ['plugin.disable', 'plugin', 'view-gantt'],
      ['plugin.enable', 'plugin', 'view-gantt'],
      ['plugin.settings.update', 'plugin', 'fixture-settings'],
    ])
    expect(entries[0]?.metadata).toMatchObject({ pluginId: 'view-gantt', version: expect.any(String) })
    expect(JSON.stringify(entries[2]?.metadata)).not.toContain('Hi')
  })
})

describe('reading the log', () => {
  it('pages with a keyset cursor: every entry once, newest first, across writes made meanwhile', async () => {
    for (let i = 0; i < 5; i++) expect((await t.api('POST', base, { fields: { Title: `P${i}` } })).status).toBe(201)
    const all = await logs()
    const seen: Entry[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const r = await t.api('GET', `/api/audit/logs?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      expect(r.status).toBe(200)
      seen.push(...r.body.entries)
      cursor = r.body.nextCursor
      // A write between pages appears on no later page (it is newer than the cursor).
      if (pages++ === 0) await t.api('POST', base, { fields: { Title: 'meanwhile' } })
    } while (cursor)
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id))
    const times = seen.map((e) => e.createdAt)
    expect([...times].sort().reverse()).toEqual(times)
  })

  it('filters by resource, table, user, action (exact or prefix) and time', async () => {
    const r = await t.api('POST', base, { fields: { Title: 'Filtered' } })
    await t.api('PATCH', `${base}/${r.body.id}`, { fields: { Title: 'Filtered 2' } })
    const mine = await logs({ resourceType: 'record', resourceId: r.body.id })
    expect(mine.map((e) => e.action)).toEqual(['record.update', 'record.create'])
    expect((await logs({ tableId })).every((e) => e.tableId === tableId)).toBe(true)
    expect((await logs({ action: 'record.*' })).every((e) => e.action.startsWith('record.'))).toBe(true)
    expect((await logs({ userId: t.owner.userId })).length).toBeGreaterThan(0)
    const at = mine[0]?.createdAt ?? ''
    expect((await logs({ resourceId: r.body.id, from: at })).map((e) => e.action)).toEqual(['record.update'])
    expect((await logs({ resourceId: r.body.id, to: at })).map((e) => e.action)).toEqual(['record.create'])
  })

  it('refuses a bad cursor or filter with a 400 that names the parameter', async () => {
    const bad = await t.api('GET', '/api/audit/logs?cursor=nonsense')
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['cursor'])
    const badId = await t.api('GET', '/api/audit/logs?resourceId=abc')
    expect(badId.status).toBe(400)
    expect(JSON.stringify(badId.body.error.path)).toContain('resourceId')
    expect((await t.anon('GET', '/api/audit/logs')).status).toBe(401)
  })

  it('members see the entries of records and tables they can read; owners and admins the whole log', async () => {
    const member = await memberOfOwnersCompany('member')
    const company = await companyOf(t.owner)
    const asMember: Api = (method, path, body, headers) => t.as(member)(method, path, body, { ...headers, 'x-docpal-company': company })
    const seen = await logs({}, asMember)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every((e) => (e.resourceType === 'record' || e.resourceType === 'table') && e.tableId !== null)).toBe(true)
    expect(seen.some((e) => e.action === 'app.create')).toBe(false)
    // A deleted table's history is no longer readable for members (they cannot read the table).
    expect(seen.some((e) => e.action === 'table.delete')).toBe(false)
    // Another company's person sees none of it.
    const stranger = await t.signUp({ email: 'stranger@example.com' })
    expect((await logs({}, t.as(stranger))).some((e) => e.tableId === tableId)).toBe(false)
    const admin = await memberOfOwnersCompany('admin')
    const asAdmin: Api = (method, path, body, headers) => t.as(admin)(method, path, body, { ...headers, 'x-docpal-company': company })
    expect((await logs({}, asAdmin)).some((e) => e.action === 'app.create')).toBe(true)
  })
})

describe('append-only, retention', () => {
  it('no API changes or deletes an entry; the database refuses updates too', async () => {
    const [e] = await logs()
    for (const method of ['PUT', 'PATCH', 'DELETE']) for (const path of ['/api/audit/logs', `/api/audit/logs/${e?.id}`]) expect((await t.api(method, path, {})).status).toBe(404)
    const doc = (await t.api('GET', '/api/openapi.json')).body
    const auditPaths = Object.entries(doc.paths as Record<string, Record<string, unknown>>).filter(([p]) => p.startsWith('/api/audit/logs'))
    expect(auditPaths.map(([p, ops]) => [p, Object.keys(ops)])).toEqual([['/api/audit/logs', ['get']]])
    await expect(t.server.kernel.db.query(sql`update audit_logs set action = 'x'`)).rejects.toThrow(/append-only/)
  })

  it('retention: admins set it (logged), members may not, and housekeeping deletes only what is past it (and expired sessions)', async () => {
    expect((await t.api('GET', '/api/audit/settings')).body).toEqual({ retentionDays: null })
    expect((await t.api('PATCH', '/api/audit/settings', { retentionDays: 0 })).status).toBe(400)
    const set = await t.api('PATCH', '/api/audit/settings', { retentionDays: 30 })
    expect(set.status).toBe(200)
    expect(set.body).toEqual({ retentionDays: 30 })
    const [logged] = await logs({ action: 'audit.settings.update' })
    expect(logged?.metadata.changes).toEqual({ retentionDays: { old: null, new: 30 } })
    const member = await memberOfOwnersCompany('member', 'member2@example.com')
    const company = await companyOf(t.owner)
    expect((await t.as(member)('PATCH', '/api/audit/settings', { retentionDays: 1 }, { 'x-docpal-company': company })).status).toBe(403)

    const db = t.server.kernel.db
    await db.query(sql`insert into audit_logs (company_id, action, resource_type, created_at) values (${company}::uuid, 'old.entry', 'test', now() - interval '40 days')`)
    await db.query(sql`insert into audit_logs (company_id, action, resource_type, created_at) values (${company}::uuid, 'recent.entry', 'test', now() - interval '20 days')`)
    // A session past its absolute expiry goes in the same housekeeping pass.
    const gone = await t.signUp({ email: 'expired-session@example.com' })
    await db.query(sql`update sessions set expires_at = now() - interval '1 minute' where user_id = ${gone.userId}::uuid`)
    const before = await total()
    // Its verification link's token, expired: deleted too.
    expect(await db.query(sql`select id from account_tokens where user_id = ${gone.userId}::uuid`)).toHaveLength(1)
    await db.query(sql`update account_tokens set expires_at = now() - interval '1 minute' where user_id = ${gone.userId}::uuid`)
    expect(await runHousekeeping(t.server.kernel)).toMatchObject({ auditEntries: 1, sessions: 1 })
    expect(await db.query(sql`select id from account_tokens where user_id = ${gone.userId}::uuid`)).toEqual([])
    expect(await total()).toBe(before - 1)
    expect(await db.query(sql`select id from sessions where user_id = ${gone.userId}::uuid`)).toEqual([])
    expect((await logs({ action: 'recent.entry' })).length).toBe(1)
    expect((await logs({ action: 'old.entry' })).length).toBe(0)
  })
})

async function companyOf(s: TestSession): Promise<string> {
  const me = await t.as(s)('GET', '/api/auth/me')
  return me.body.currentCompanyId
}

/** Until invitations land: a person made a member of the owner's company in the database. */
async function memberOfOwnersCompany(role: 'member' | 'admin', email = `${role}@example.com`): Promise<TestSession> {
  const s = await t.signUp({ email, name: role === 'admin' ? 'Ada Admin' : 'Mo Member' })
  const company = await companyOf(t.owner)
  await t.server.kernel.db.query(sql`insert into company_members (company_id, user_id, role) values (${company}::uuid, ${s.userId}::uuid, ${role})`)
  return s
}
