import { parse } from 'csv-parse/sync'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type Api, type TestServer } from '../support/test-server.ts'
import type { TestSession } from '../support/sessions.ts'

/**
 * Permissions (issue 17, API.md "Permissions"): grants, row rules and field rules, enforced in
 * the kernel for every data path, on both databases, over real HTTP.
 */
let t: TestServer
let companyId: string
let appId: string
let tableId: string
let alice: TestSession
let bob: TestSession
let asAlice: Api
let asBob: Api

const STATUS = {
  options: [
    { id: 'd', label: 'Draft' },
    { id: 'c', label: 'Closed' },
  ],
}

beforeAll(async () => {
  t = await startTestServer({ auth: { authRequestsPerIp: 1000 } })
  companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId
  alice = await t.signUp({ name: 'Alice' })
  bob = await t.signUp({ name: 'Bob' })
  for (const s of [alice, bob]) await t.db.db.query(sql`insert into company_members (company_id, user_id, role) values (${companyId}::uuid, ${s.userId}::uuid, 'member')`)
  // Alice and Bob have companies of their own too: they name this one on every request.
  const inCompany =
    (s: TestSession): Api =>
    (method, path, body, headers) =>
      t.as(s)(method, path, body, { 'x-docpal-company': companyId, ...headers })
  asAlice = inCompany(alice)
  asBob = inCompany(bob)
  appId = (await t.api('POST', '/api/apps', { name: 'Sales' })).body.id
  const table = await t.api('POST', `/api/apps/${appId}/tables`, {
    name: 'Deals',
    columns: [
      { name: 'Name', type: 'text' },
      { name: 'Amount', type: 'number' },
      { name: 'Status', type: 'single_select', config: STATUS },
      { name: 'Secret', type: 'text' },
      { name: 'Shout', type: 'formula', config: { formula: 'UPPER({Secret})' } },
    ],
  })
  expect(table.status).toBe(201)
  tableId = table.body.id
})
afterAll(() => t?.close())

const rules = (body: unknown) => t.api('PUT', `/api/tables/${tableId}/permissions`, body)
const names = (page: { records: Array<{ fields: Record<string, unknown> }> }) => page.records.map((r) => r.fields['Name']).sort()

describe('permissions', () => {
  it('lets members work with records where no rule speaks, and keeps managing to owners and admins', async () => {
    const access = await asAlice('GET', `/api/tables/${tableId}/access`)
    expect(access.body).toEqual({
      actions: ['view', 'create', 'edit', 'delete'],
      hiddenFields: [],
      readOnlyFields: [],
      rowRules: { read: false, edit: false, delete: false },
      createViews: true,
    })
    const made = await asAlice('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'free', Secret: 's' } })
    expect(made.status).toBe(201)
    expect((await asAlice('DELETE', `/api/tables/${tableId}/records/${made.body.id}`)).status).toBe(204)
    const refused = await asAlice('PUT', `/api/tables/${tableId}/permissions`, { rules: [] })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('KRN_ERR_PERMISSION_DENIED')
    expect((await t.api('GET', `/api/tables/${tableId}/access`)).body.actions).toEqual(['view', 'create', 'edit', 'delete', 'manage'])
  })

  it('validates rules: roles, members, filters and columns, with the path of what is wrong', async () => {
    const bad = [
      [{ role: 'nobody', actions: ['view'] }, ['rules', 0, 'role']],
      [{ userId: '00000000-0000-4000-8000-000000000000', actions: ['view'] }, ['rules', 0, 'userId']],
      [{ role: 'member', userId: alice.userId, actions: ['view'] }, ['rules', 0, 'role']],
      [{ role: 'member', actions: ['view'], hiddenFields: ['Nope'] }, ['rules', 0, 'hiddenFields', 0]],
      [{ role: 'member', actions: ['view'], readFilter: { and: [{ field: 'Amount', op: 'gt', value: 'x' }] } }, ['rules', 0, 'readFilter', 'and', 0, 'value']],
      [{ role: 'member', actions: ['fly'] }, ['rules', 0, 'actions', 0]],
    ] as const
    for (const [rule, path] of bad) {
      const r = await rules({ rules: [rule] })
      expect(r.status, JSON.stringify(rule)).toBe(400)
      expect(r.body.error.path).toEqual(path)
    }
  })

  it('limits a role to its own rows, hides a column and what reads it, and keeps another read-only', async () => {
    const saved = await rules({
      rules: [
        {
          role: 'member',
          actions: ['view', 'create', 'edit'],
          readFilter: { and: [{ field: 'createdBy', op: 'is_current_user' }] },
          hiddenFields: ['Secret'],
          readOnlyFields: ['Amount'],
        },
      ],
    })
    expect(saved.status).toBe(200)
    expect(saved.body.rules[0]).toMatchObject({
      role: 'member',
      actions: ['view', 'create', 'edit'],
      hiddenFields: ['Secret'],
      readOnlyFields: ['Amount'],
      readFilter: { and: [{ field: 'createdBy', op: 'is_current_user' }] },
    })
    await t.api('POST', `/api/tables/${tableId}/records/bulk`, { records: [{ fields: { Name: 'owner-1', Secret: 'zebra', Amount: 5 } }] })
    expect((await asAlice('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'alice-1', Secret: 'nope' } })).status).toBe(400)
    const a1 = await asAlice('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'alice-1', Status: 'd' } })
    expect(a1.status).toBe(201)
    expect(Object.keys(a1.body.fields).sort()).toEqual(['Amount', 'Name', 'Status'])
    await asAlice('POST', `/api/tables/${tableId}/records/bulk`, { records: [{ fields: { Name: 'alice-2' } }] })
    const b1 = await asBob('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'bob-1' } })
    expect(b1.status).toBe(201)

    const page = await asAlice('GET', `/api/tables/${tableId}/records?count=true`)
    expect(names(page.body)).toEqual(['alice-1', 'alice-2'])
    expect(page.body.total).toBe(2)
    for (const r of page.body.records) expect(Object.keys(r.fields).sort()).toEqual(['Amount', 'Name', 'Status'])
    // The owner sees everything.
    expect((await t.api('GET', `/api/tables/${tableId}/records?count=true`)).body.total).toBe(4)

    // A hidden column cannot be filtered, sorted or searched by: it does not exist for her.
    for (const q of [
      `filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Secret', op: 'eq', value: 'zebra' }] }))}`,
      `sort=${encodeURIComponent('[{"field":"Secret"}]')}`,
      `sort=${encodeURIComponent('[{"field":"Shout"}]')}`,
    ]) {
      const r = await asAlice('GET', `/api/tables/${tableId}/records?${q}`)
      expect(r.status, q).toBe(400)
      expect(r.body.error.code).toBe('KRN_ERR_QUERY_UNKNOWN_FIELD')
    }
    expect((await t.api('GET', `/api/tables/${tableId}/records?search=zebra`)).body.records).toHaveLength(1)
    expect((await asAlice('GET', `/api/tables/${tableId}/records?search=zebra`)).body.records).toHaveLength(0)

    // Metadata, access, the table's OpenAPI document and exports agree.
    const meta = await asAlice('GET', `/api/tables/${tableId}`)
    expect(meta.body.columns.map((c: { name: string }) => c.name)).toEqual(['Name', 'Amount', 'Status'])
    expect((await asAlice('GET', `/api/tables/${tableId}/access`)).body).toEqual({
      actions: ['view', 'create', 'edit'],
      hiddenFields: ['Secret', 'Shout'],
      readOnlyFields: ['Amount'],
      rowRules: { read: true, edit: true, delete: false },
      // With rules, adding a view takes `manage` (POST /api/apps/:id/views would be a 403).
      createViews: false,
    })
    expect((await asAlice('GET', `/api/tables/${tableId}/openapi.json`)).text).not.toContain('Secret')
    const csv = await asAlice('GET', `/api/tables/${tableId}/export?format=csv`)
    expect(csv.status).toBe(200)
    const rows: string[][] = parse(csv.text.replace(/^\uFEFF/, ''))
    expect(rows[0]).toEqual(['Name', 'Amount', 'Status'])
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['alice-1', 'alice-2'])

    // Bob's record does not exist for her; her own is hers to edit, but not its read-only column.
    expect((await asAlice('GET', `/api/tables/${tableId}/records/${b1.body.id}`)).status).toBe(404)
    expect((await asAlice('PATCH', `/api/tables/${tableId}/records/${b1.body.id}`, { fields: { Name: 'taken' } })).status).toBe(404)
    expect((await asAlice('GET', `/api/tables/${tableId}/records/${b1.body.id}/access`)).status).toBe(404)
    expect((await asAlice('GET', `/api/tables/${tableId}/records/${a1.body.id}/access`)).body).toEqual({ actions: ['view', 'edit'] })
    const ro = await asAlice('PATCH', `/api/tables/${tableId}/records/${a1.body.id}`, { fields: { Amount: 9 } })
    expect(ro.status).toBe(403)
    expect(ro.body.error).toMatchObject({ code: 'KRN_ERR_PERMISSION_FIELD', path: ['fields', 'Amount'] })
    expect((await asAlice('PATCH', `/api/tables/${tableId}/records/${a1.body.id}`, { fields: { Name: 'alice-1b' } })).status).toBe(200)
    // No delete action: refused before anything is read.
    const del = await asAlice('DELETE', `/api/tables/${tableId}/records/${a1.body.id}`)
    expect(del.status).toBe(403)
    expect(del.body.error.code).toBe('KRN_ERR_PERMISSION_DENIED')
    const many = await asAlice('PATCH', `/api/tables/${tableId}/records`, { records: [{ id: b1.body.id, fields: { Name: 'x' } }] })
    expect(many.status).toBe(404)
    expect((await t.api('GET', `/api/tables/${tableId}/records/${b1.body.id}`)).body.fields.Name).toBe('bob-1')

    // The audit log: her records' entries only, without the hidden column's values, no rule changes.
    await t.api('PATCH', `/api/tables/${tableId}/records/${a1.body.id}`, { fields: { Secret: 'hush' } })
    const log = await asAlice('GET', `/api/audit/logs?tableId=${tableId}&limit=200`)
    expect(log.status).toBe(200)
    const entries: Array<{ action: string; resourceId: string | null }> = log.body.entries
    expect(entries.some((e) => e.resourceId === a1.body.id && e.action === 'record.update')).toBe(true)
    expect(entries.some((e) => e.resourceId === b1.body.id)).toBe(false)
    expect(entries.some((e) => e.action === 'permission.update')).toBe(false)
    expect(log.text).not.toContain('hush')
    expect((await t.api('GET', `/api/audit/logs?tableId=${tableId}&limit=200`)).text).toContain('hush')
  })

  it('indexes the columns row rules filter by, as views index theirs (a rule is part of every page its role reads)', async () => {
    const table = (await t.api('GET', `/api/tables/${tableId}`)).body
    const indexes = async () =>
      (await t.db.db.query<{ indexdef: string }>(sql`select indexdef from pg_indexes where tablename = ${table.tableName as string}`)).map((r) => r.indexdef).join('\n')
    const indexed = async () => (await t.api('GET', `/api/tables/${tableId}/indexes`)).body.indexed.map((i: { field: string }) => i.field)
    // (Earlier rules here already filtered by createdBy: only Status is new.)
    expect(await indexed()).not.toContain('Status')
    const put = await rules({
      rules: [
        {
          role: 'member',
          actions: ['view'],
          readFilter: {
            or: [
              { field: 'createdBy', op: 'is_current_user' },
              { field: 'Status', op: 'eq', value: 'd' },
            ],
          },
        },
      ],
    })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(await indexed()).toContain('Status')
    expect(await indexes()).toContain('(created_by, id)')
    // And the read filter's columns together, so the role's counted pages count from one index.
    const status = (await t.db.db.query<{ c: string }>(sql`select column_name as c from data_table_columns where data_table_id = ${tableId} and name = 'Status'`))[0]?.c
    const covering = async () => (await indexes()).split('\n').filter((d) => /_rule_[0-9a-f]{12} /.test(d))
    expect(await covering()).toEqual([expect.stringContaining(`(created_by, ${status})`)])
    // Saving it again, or another rule over the same columns, makes no second one; one column makes none.
    const again = await rules({
      rules: [
        {
          role: 'member',
          actions: ['view'],
          readFilter: {
            or: [
              { field: 'Status', op: 'eq', value: 'c' },
              { field: 'createdBy', op: 'is_current_user' },
            ],
          },
        },
        { role: 'admin', actions: ['view'], readFilter: { and: [{ field: 'Amount', op: 'gt', value: 1 }] } },
      ],
    })
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    expect(await covering()).toHaveLength(1)
    expect((await rules({ rules: [] })).status).toBe(200)
  })

  it('refuses a create or an edit that would leave the edit scope, and writes nothing', async () => {
    await rules({ rules: [{ role: 'member', actions: ['view', 'create', 'edit', 'delete'], editFilter: { and: [{ field: 'Status', op: 'eq', value: 'd' }] } }] })
    const draft = await asAlice('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'draft', Status: 'd' } })
    expect(draft.status).toBe(201)
    const closing = await asAlice('PATCH', `/api/tables/${tableId}/records/${draft.body.id}`, { fields: { Status: 'c' } })
    expect(closing.status).toBe(403)
    expect(closing.body.error.code).toBe('KRN_ERR_PERMISSION_ROW')
    expect((await t.api('GET', `/api/tables/${tableId}/records/${draft.body.id}`)).body.fields.Status).toBe('d')
    const before = (await t.api('GET', `/api/tables/${tableId}/records?count=true`)).body.total
    expect((await asAlice('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'closed', Status: 'c' } })).status).toBe(403)
    expect((await asAlice('POST', `/api/tables/${tableId}/records/bulk`, { records: [{ fields: { Name: 'ok', Status: 'd' } }, { fields: { Name: 'no' } }] })).status).toBe(403)
    expect((await t.api('GET', `/api/tables/${tableId}/records?count=true`)).body.total).toBe(before)
    // A closed record can be read but neither edited nor deleted (delete follows the edit filter).
    const closed = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'owner-closed', Status: 'c' } })
    expect((await asAlice('GET', `/api/tables/${tableId}/records/${closed.body.id}`)).status).toBe(200)
    expect((await asAlice('DELETE', `/api/tables/${tableId}/records/${closed.body.id}`)).body.error.code).toBe('KRN_ERR_PERMISSION_ROW')
    expect((await asAlice('DELETE', `/api/tables/${tableId}/records/${draft.body.id}`)).status).toBe(204)
  })

  it('grants to custom roles and single users, and lets owners and admins preview as them', async () => {
    expect((await t.api('POST', `/api/companies/${companyId}/roles`, { name: 'sales', label: 'Sales' })).status).toBe(201)
    expect((await t.api('PATCH', `/api/companies/${companyId}/members/${bob.userId}`, { role: 'sales' })).body.role).toBe('sales')
    expect((await t.api('PATCH', `/api/companies/${companyId}/members/${bob.userId}`, { role: 'ghost' })).status).toBe(400)
    await rules({
      rules: [
        { role: 'sales', actions: ['view'], readFilter: { and: [{ field: 'Status', op: 'eq', value: 'c' }] } },
        { userId: alice.userId, actions: ['view'], hiddenFields: ['Amount'] },
      ],
    })
    const bobPage = await asBob('GET', `/api/tables/${tableId}/records`)
    expect(bobPage.body.records.every((r: { fields: { Status: string } }) => r.fields.Status === 'c')).toBe(true)
    expect((await asBob('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'x' } })).status).toBe(403)
    const alicePage = await asAlice('GET', `/api/tables/${tableId}/records`)
    expect(alicePage.body.records.length).toBeGreaterThan(0)
    expect(alicePage.body.records[0].fields).not.toHaveProperty('Amount')
    // View as: the same answers for the owner previewing them; no writes while previewing.
    const asUser = await t.api('GET', `/api/tables/${tableId}/records`, undefined, { 'x-docpal-view-as': `user:${bob.userId}` })
    expect(names(asUser.body)).toEqual(names(bobPage.body))
    const asRole = await t.api('GET', `/api/tables/${tableId}/records`, undefined, { 'x-docpal-view-as': 'role:sales' })
    expect(names(asRole.body)).toEqual(names(bobPage.body))
    expect((await t.api('POST', `/api/tables/${tableId}/records`, { fields: {} }, { 'x-docpal-view-as': 'role:sales' })).body.error.code).toBe('HST_ERR_VIEW_AS_READ_ONLY')
    expect((await t.api('GET', `/api/tables/${tableId}/records`, undefined, { 'x-docpal-view-as': 'role:ghost' })).status).toBe(400)
    expect((await asAlice('GET', `/api/tables/${tableId}/records`, undefined, { 'x-docpal-view-as': 'role:sales' })).status).toBe(403)
    // A role still held cannot be deleted; permission changes are audited.
    expect((await t.api('DELETE', `/api/companies/${companyId}/roles/sales`)).status).toBe(409)
    const log = await t.api('GET', `/api/audit/logs?resourceType=table&resourceId=${tableId}&action=permission.update`)
    expect(log.body.entries.length).toBeGreaterThanOrEqual(3)
  })

  it('computes rollups over every linked record, hides lookups of hidden fields, and lists only readable rows to pick from', async () => {
    type Col = { id: string; name: string }
    const colId = (table: { columns: Col[] }, name: string) => table.columns.find((c) => c.name === name)?.id ?? ''
    const cust = (
      await t.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Customers',
        columns: [
          { name: 'Name', type: 'text' },
          { name: 'Tier', type: 'text' },
        ],
      })
    ).body
    const ord = (
      await t.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Orders',
        columns: [
          { name: 'Ref', type: 'text' },
          { name: 'Total', type: 'number' },
        ],
      })
    ).body
    const rel = await t.api('POST', `/api/tables/${cust.id}/columns`, {
      name: 'Orders',
      type: 'relation',
      config: { targetTableId: ord.id, allowMultiple: true, reverseRelationName: 'Customer' },
    })
    expect(rel.status).toBe(201)
    const spent = await t.api('POST', `/api/tables/${cust.id}/columns`, {
      name: 'Spent',
      type: 'aggregation',
      config: { relationFieldId: rel.body.column.id, targetFieldId: colId(ord, 'Total'), aggregation: 'sum' },
    })
    expect(spent.status).toBe(201)
    const orders = (await t.api('GET', `/api/tables/${ord.id}`)).body
    const tier = await t.api('POST', `/api/tables/${ord.id}/columns`, {
      name: 'Tier',
      type: 'lookup',
      config: { relationFieldId: colId(orders, 'Customer'), targetFieldId: colId(cust, 'Tier') },
    })
    expect(tier.status).toBe(201)
    const o1 = (await t.api('POST', `/api/tables/${ord.id}/records`, { fields: { Ref: 'o1', Total: 100 } })).body.id
    const o2 = (await asAlice('POST', `/api/tables/${ord.id}/records`, { fields: { Ref: 'o2', Total: 10 } })).body.id
    const acme = (await t.api('POST', `/api/tables/${cust.id}/records`, { fields: { Name: 'Acme', Tier: 'gold', Orders: [o1, o2] } })).body.id
    const own = { and: [{ field: 'createdBy', op: 'is_current_user' }] }
    expect((await t.api('PUT', `/api/tables/${ord.id}/permissions`, { rules: [{ role: 'member', actions: ['view', 'create', 'edit'], readFilter: own }] })).status).toBe(200)
    expect((await t.api('PUT', `/api/tables/${cust.id}/permissions`, { rules: [{ role: 'member', actions: ['view'], hiddenFields: ['Tier'] }] })).status).toBe(200)
    // A rollup is the record's own value: the same for everyone, over every linked record (as in Airtable and Baserow).
    const seen = await asAlice('GET', `/api/tables/${cust.id}/records/${acme}`)
    expect(seen.body.fields.Spent).toBe(110)
    expect(seen.body.fields).not.toHaveProperty('Tier')
    // A lookup of a field hidden from her is hidden too; the picker's list is the target's rows she can read.
    const mine = await asAlice('GET', `/api/tables/${ord.id}/records?search=o`)
    expect(mine.body.records.map((r: { fields: { Ref: string } }) => r.fields.Ref)).toEqual(['o2'])
    expect(mine.body.records[0].fields).not.toHaveProperty('Tier')
    expect((await t.api('GET', `/api/tables/${ord.id}/records/${o2}`)).body.fields.Tier).toEqual(['gold'])
    // She links only records she can read: another's order is refused as if it did not exist.
    await t.api('PUT', `/api/tables/${cust.id}/permissions`, { rules: [{ role: 'member', actions: ['view', 'create'], hiddenFields: ['Tier'] }] })
    const foreign = await asAlice('POST', `/api/tables/${cust.id}/records`, { fields: { Name: 'Mine', Orders: [o1] } })
    expect(foreign.status).toBe(400)
    expect(foreign.body.error.path).toEqual(['fields', 'Orders'])
    const bulk = await asAlice('POST', `/api/tables/${cust.id}/records/bulk`, { records: [{ fields: { Name: 'Mine', Orders: [o1] } }] })
    expect(bulk.status).toBe(400)
    expect((await asAlice('POST', `/api/tables/${cust.id}/records`, { fields: { Name: 'Mine', Orders: [o2] } })).status).toBe(201)
  })

  it('hides apps, tables and views from those without a grant', async () => {
    await rules({ rules: [] })
    expect((await t.api('PUT', `/api/apps/${appId}/permissions`, { rules: [{ role: 'admin', actions: ['view'] }] })).status).toBe(200)
    expect((await asAlice('GET', '/api/apps')).body.map((a: { id: string }) => a.id)).not.toContain(appId)
    expect((await asAlice('GET', `/api/tables/${tableId}/records`)).status).toBe(403)
    expect((await asAlice('GET', `/api/apps/${appId}/access`)).body.actions).toEqual([])
    await t.api('PUT', `/api/apps/${appId}/permissions`, { rules: [] })
    const view = await t.api('POST', `/api/apps/${appId}/views`, { name: 'Managers', type: 'table', dataTableId: tableId })
    expect(view.status).toBe(201)
    expect((await asAlice('GET', `/api/apps/${appId}/views`)).body.map((v: { id: string }) => v.id)).toContain(view.body.id)
    await t.api('PUT', `/api/views/${view.body.id}/permissions`, { rules: [{ role: 'sales', actions: ['view'] }] })
    expect((await asAlice('GET', `/api/apps/${appId}/views`)).body.map((v: { id: string }) => v.id)).not.toContain(view.body.id)
    expect((await asAlice('GET', `/api/views/${view.body.id}/data`)).status).toBe(403)
    expect((await asBob('GET', `/api/views/${view.body.id}/data`)).status).toBe(200)
  })

  it('access without view: every column hidden, none read-only (a rule granting edit alone names some)', async () => {
    await rules({ rules: [{ role: 'member', actions: ['edit'], readOnlyFields: ['Amount'] }] })
    expect((await asAlice('GET', `/api/tables/${tableId}/access`)).body).toEqual({
      actions: ['edit'],
      hiddenFields: ['Name', 'Amount', 'Status', 'Secret', 'Shout'],
      readOnlyFields: [],
      rowRules: { read: false, edit: true, delete: false },
      createViews: false,
    })
    // With view as well, the read-only column is listed (and visible).
    await rules({ rules: [{ role: 'member', actions: ['view', 'edit'], readOnlyFields: ['Amount'] }] })
    expect((await asAlice('GET', `/api/tables/${tableId}/access`)).body).toMatchObject({ hiddenFields: [], readOnlyFields: ['Amount'] })
  })

  it('fails closed when a row rule names a column since removed', async () => {
    const col = await t.api('POST', `/api/tables/${tableId}/columns`, { name: 'Region', type: 'text' })
    expect(col.status).toBe(201)
    await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'north', Region: 'n' } })
    await rules({ rules: [{ role: 'member', actions: ['view'], readFilter: { and: [{ field: 'Region', op: 'is_not_empty' }] } }] })
    expect(names((await asAlice('GET', `/api/tables/${tableId}/records`)).body)).toEqual(['north'])
    expect((await t.api('DELETE', `/api/tables/${tableId}/columns/${col.body.column.id}`)).status).toBe(200)
    const after = await asAlice('GET', `/api/tables/${tableId}/records`)
    expect(after.status).toBe(200)
    expect(after.body.records).toEqual([])
  })
})
