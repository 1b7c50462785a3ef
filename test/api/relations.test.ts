import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

let t: TestServer
let appId: string
let customers: any
let orders: any

const col = (table: any, name: string) => table.columns.find((c: any) => c.name === name)
const get = async (id: string) => (await t.api('GET', `/api/tables/${id}`)).body
const list = async (tableId: string, q = '') => (await t.api('GET', `/api/tables/${tableId}/records${q}`)).body

beforeAll(async () => {
  t = await startTestServer()
  appId = (await t.api('POST', '/api/apps', { name: 'Shop' })).body.id
  customers = (
    await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Customers',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Tier', type: 'number' },
      ],
    })
  ).body
  orders = (
    await t.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Orders',
      columns: [
        { name: 'Ref', type: 'text' },
        { name: 'Total', type: 'number', config: { precision: 2 } },
      ],
    })
  ).body
})
afterAll(() => t?.close())

describe('relation fields', () => {
  let alice: string, bob: string
  let o1: string, o2: string, o3: string

  it('adding a relation creates its other side on the target table', async () => {
    const r = await t.api('POST', `/api/tables/${orders.id}/columns`, {
      name: 'Customer',
      type: 'relation',
      config: { targetTableId: customers.id, allowMultiple: false, reverseRelationName: 'Orders' },
    })
    expect(r.status).toBe(201)
    customers = await get(customers.id)
    orders = await get(orders.id)
    expect(col(customers, 'Orders')).toMatchObject({ type: 'relation', config: { targetTableId: orders.id, allowMultiple: true, pairedFieldId: col(orders, 'Customer').id } })
  })

  it('the other side is named after the table it links from unless named; within one table, after the field', async () => {
    const app = (await t.api('POST', '/api/apps', { name: 'Names' })).body.id
    const mk = async (name: string) => (await t.api('POST', `/api/apps/${app}/tables`, { name, columns: [{ name: 'Name', type: 'text' }] })).body
    const people = await mk('People')
    const tasks = await mk('Tasks')
    expect((await t.api('POST', `/api/tables/${tasks.id}/columns`, { name: 'Owner', type: 'relation', config: { targetTableId: people.id } })).status).toBe(201)
    // A second link from the same table: the name is taken, so it is numbered.
    expect((await t.api('POST', `/api/tables/${tasks.id}/columns`, { name: 'Reviewer', type: 'relation', config: { targetTableId: people.id } })).status).toBe(201)
    expect((await t.api('POST', `/api/tables/${people.id}/columns`, { name: 'Manager', type: 'relation', config: { targetTableId: people.id } })).status).toBe(201)
    const names = (await get(people.id)).columns.map((c: { name: string }) => c.name)
    expect(names).toEqual(['Name', 'Tasks', 'Tasks (2)', 'Manager', 'Manager (linked)'])
  })

  it('writes links as ids and answers [{id, display}] from either side', async () => {
    alice = (await t.api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: 'Alice', Tier: 2 } })).body.id
    bob = (await t.api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: 'Bob', Tier: 1 } })).body.id
    const a = await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'A-1', Total: 10, Customer: [alice] } })
    expect(a.status).toBe(201)
    expect(a.body.fields.Customer).toEqual([{ id: alice, display: 'Alice' }])
    o1 = a.body.id
    o2 = (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'A-2', Total: 32.5, Customer: [alice] } })).body.id
    // The same record twice is refused, not merged without a word (as multiple select does).
    const twice = await t.api('PATCH', `/api/tables/${customers.id}/records/${alice}`, { fields: { Orders: [o1, o1] } })
    expect(twice.status).toBe(400)
    expect(twice.body.error.path).toEqual(['fields', 'Orders'])
    expect(twice.body.error.message).toContain('at most once')
    o3 = (await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'B-1', Total: 5, Customer: [{ id: bob }] } })).body.id
    const back = (await t.api('GET', `/api/tables/${customers.id}/records/${alice}`)).body
    expect(back.fields.Orders.map((x: any) => x.display).sort()).toEqual(['A-1', 'A-2'])
  })

  it('refuses a second link on a single relation and a link to a missing record', async () => {
    const two = await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'X', Customer: [alice, bob] } })
    expect(two.status).toBe(400)
    expect(two.body.error.path).toEqual(['fields', 'Customer'])
    const missing = await t.api('POST', `/api/tables/${orders.id}/records`, { fields: { Ref: 'Y', Customer: ['00000000-0000-4000-8000-000000000000'] } })
    expect(missing.status).toBe(400)
    expect(missing.body.error.code).toBe('KRN_ERR_RECORD_INVALID')
    // One record alone, as an id or as {id}, is a list of one; anything else is still refused.
    const alone = await t.api('PATCH', `/api/tables/${orders.id}/records/${o3}`, { fields: { Customer: bob } })
    expect(alone.status, alone.text).toBe(200)
    expect(alone.body.fields.Customer).toEqual([{ id: bob, display: 'Bob' }])
    const asObject = await t.api('PATCH', `/api/tables/${orders.id}/records/${o3}`, { fields: { Customer: { id: bob } } })
    expect(asObject.status, asObject.text).toBe(200)
    const bad = await t.api('PATCH', `/api/tables/${orders.id}/records/${o3}`, { fields: { Customer: 'bob' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path.slice(0, 2)).toEqual(['fields', 'Customer'])
  })

  it('filters by linked ids and by the display value, from either side', async () => {
    const anyAlice = await list(
      orders.id,
      `?filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Customer', op: 'has_any', value: [alice] }] }))}&sort=${encodeURIComponent(JSON.stringify([{ field: 'Ref', direction: 'asc' }]))}`,
    )
    expect(anyAlice.records.map((r: any) => r.fields.Ref)).toEqual(['A-1', 'A-2'])
    const byName = await list(orders.id, `?filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Customer', op: 'display_contains', value: 'bo' }] }))}`)
    expect(byName.records.map((r: any) => r.id)).toEqual([o3])
    const none = await list(customers.id, `?filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Orders', op: 'has_all', value: [o1, o2] }] }))}`)
    expect(none.records.map((r: any) => r.id)).toEqual([alice])
  })

  it('a deleted target record disappears from links', async () => {
    const carol = (await t.api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: 'Carol' } })).body.id
    await t.api('PATCH', `/api/tables/${orders.id}/records/${o3}`, { fields: { Customer: [carol] } })
    expect((await t.api('DELETE', `/api/tables/${customers.id}/records/${carol}`)).status).toBe(204)
    expect((await t.api('GET', `/api/tables/${orders.id}/records/${o3}`)).body.fields.Customer).toEqual([])
    await t.api('PATCH', `/api/tables/${orders.id}/records/${o3}`, { fields: { Customer: [bob] } })
  })
})

describe('lookup and aggregation fields', () => {
  it('look up and aggregate across the relation, filterable and sortable like numbers', async () => {
    const ordersCol = col(customers, 'Orders').id
    const total = orders.columns.find((c: any) => c.name === 'Total').id
    const ref = orders.columns.find((c: any) => c.name === 'Ref').id
    for (const c of [
      { name: 'Order refs', type: 'lookup', config: { relationFieldId: ordersCol, targetFieldId: ref } },
      { name: 'Spent', type: 'aggregation', config: { relationFieldId: ordersCol, targetFieldId: total, aggregation: 'sum' } },
      { name: 'Order count', type: 'aggregation', config: { relationFieldId: ordersCol, aggregation: 'count' } },
    ])
      expect((await t.api('POST', `/api/tables/${customers.id}/columns`, c)).status).toBe(201)
    const page = await list(
      customers.id,
      `?sort=${encodeURIComponent(JSON.stringify([{ field: 'Spent', direction: 'desc' }]))}&filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Order count', op: 'gte', value: 1 }] }))}`,
    )
    expect(page.records.map((r: any) => [r.fields.Name, r.fields.Spent, r.fields['Order count'], [...r.fields['Order refs']].sort()])).toEqual([
      ['Alice', 42.5, 2, ['A-1', 'A-2']],
      ['Bob', 5, 1, ['B-1']],
    ])
  })

  it('refuses to remove a field a computed field depends on, unless cascading', async () => {
    customers = await get(customers.id)
    const tier = col(customers, 'Orders')
    const r = await t.api('DELETE', `/api/tables/${customers.id}/columns/${tier.id}`)
    expect(r.status).toBe(409)
    expect(r.body.error.message).toMatch(/Order refs|Spent|Order count/)
    const c = await t.api('DELETE', `/api/tables/${customers.id}/columns/${tier.id}?cascade=true`)
    expect(c.status).toBe(200)
    const after = await get(customers.id)
    expect(after.columns.map((x: any) => x.name)).toEqual(['Name', 'Tier'])
    // The other side went with it.
    expect((await get(orders.id)).columns.map((x: any) => x.name)).toEqual(['Ref', 'Total'])
  })

  it('refuses a lookup through a field that is not a relation', async () => {
    const r = await t.api('POST', `/api/tables/${customers.id}/columns`, {
      name: 'Bad',
      type: 'lookup',
      config: { relationFieldId: col(customers, 'Tier').id, targetFieldId: col(customers, 'Name').id },
    })
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['columns', 2, 'config', 'relationFieldId'])
  })
})

describe('user fields', () => {
  it('stores users and answers {id, name, avatar}; filters by current user', async () => {
    const tb = (
      await t.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Tasks',
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'Owner', type: 'user' },
          { name: 'Team', type: 'user', config: { allowMultiple: true } },
        ],
      })
    ).body
    const me = t.owner.userId
    const a = await t.api('POST', `/api/tables/${tb.id}/records`, { fields: { Title: 'mine', Owner: me, Team: [me] } })
    expect(a.status).toBe(201)
    expect(a.body.fields.Owner).toEqual({ id: me, name: 'Owner', avatar: null })
    expect(a.body.fields.Team).toEqual([{ id: me, name: 'Owner', avatar: null }])
    const twice = await t.api('POST', `/api/tables/${tb.id}/records`, { fields: { Title: 'twice', Team: [me, me] } })
    expect(twice.status).toBe(400)
    expect(twice.body.error.path).toEqual(['fields', 'Team'])
    await t.api('POST', `/api/tables/${tb.id}/records`, { fields: { Title: 'nobody' } })
    const mine = await list(tb.id, `?filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Owner', op: 'is_current_user' }] }))}`)
    expect(mine.records.map((r: any) => r.fields.Title)).toEqual(['mine'])
    const team = await list(tb.id, `?filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Team', op: 'is_current_user' }] }))}`)
    expect(team.records.map((r: any) => r.fields.Title)).toEqual(['mine'])
  })
})

describe('user fields check who is written', () => {
  it('refuses unknown users, and users without one of the roles of filterByRole, with the field path', async () => {
    const { sql } = await import('drizzle-orm')
    const viewer = 'aa5e6f70-8192-4a3b-9c4d-5e6f7a8b9c01'
    const me = t.owner.userId
    const companyId = (await t.api('GET', '/api/auth/me')).body.currentCompanyId as string
    await t.db.db.query(sql`insert into users (id, name, email) values (${viewer}, 'Vera Viewer', 'vera@example.com') on conflict do nothing`)
    await t.db.db.query(sql`insert into company_members (company_id, user_id, role) values (${companyId}::uuid, ${viewer}::uuid, 'viewer') on conflict do nothing`)
    // Someone of another company: never listed, never accepted in a user field here.
    const outsider = await t.signUp({ name: 'Vera Outsider', email: 'vera.outsider@example.com' })
    const tb = (
      await t.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Reviews',
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'Reviewer', type: 'user', config: { filterByRole: ['owner', 'admin', 'member'] } },
          { name: 'Watchers', type: 'user', config: { allowMultiple: true } },
        ],
      })
    ).body
    const role = (await t.db.db.query<{ role: string }>(sql`select role from company_members where user_id = ${me}`))[0]!.role

    // The picker's list: search by name or email, narrowed to the field's roles.
    expect((await t.api('GET', '/api/users?search=vera')).body).toEqual([{ id: viewer, name: 'Vera Viewer', email: 'vera@example.com', avatar: null, role: 'viewer' }])
    expect((await t.api('GET', '/api/users?roles=owner,member')).body.map((u: any) => u.id)).toEqual([me])
    expect((await t.api('GET', '/api/users?search=%25')).body).toEqual([])
    expect((await t.api('GET', '/api/users?limit=0')).status).toBe(400)

    const ok = await t.api('POST', `/api/tables/${tb.id}/records`, { fields: { Title: 'ok', Reviewer: me, Watchers: [me, viewer] } })
    expect(ok.status, `demo user has role ${role}`).toBe(201)

    const wrongRole = await t.api('POST', `/api/tables/${tb.id}/records`, { fields: { Title: 'x', Reviewer: viewer } })
    expect(wrongRole.status).toBe(400)
    expect(wrongRole.body.error).toMatchObject({ code: 'KRN_ERR_RECORD_INVALID', path: ['fields', 'Reviewer'] })
    expect(wrongRole.body.error.message).toContain('role owner or admin or member')
    const foreign = await t.api('POST', `/api/tables/${tb.id}/records`, { fields: { Title: 'x', Watchers: [outsider.userId] } })
    expect(foreign.status).toBe(400)
    expect(foreign.body.error.message).toContain(`${outsider.userId} is not a user`)

    const ghost = 'ffffffff-8192-4a3b-9c4d-5e6f7a8b9c0d'
    const unknown = await t.api('PATCH', `/api/tables/${tb.id}/records/${ok.body.id}`, { fields: { Watchers: [me, ghost] } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.path).toEqual(['fields', 'Watchers'])
    expect(unknown.body.error.message).toContain(`${ghost} is not a user`)

    const bulk = await t.api('POST', `/api/tables/${tb.id}/records/bulk`, { records: [{ fields: { Reviewer: me } }, { fields: { Reviewer: viewer } }] })
    expect(bulk.status).toBe(400)
    expect(bulk.body.error.path).toEqual(['records', 1, 'fields', 'Reviewer'])
    // Nothing half-written: only the first record exists, unchanged.
    const rows = (await t.api('GET', `/api/tables/${tb.id}/records`)).body.records
    expect(rows.map((r: any) => [r.fields.Title, r.fields.Watchers.length])).toEqual([['ok', 2]])
  })
})

describe('boundaries', () => {
  it('refuses a relation to a table of another company', async () => {
    const them = await t.signUp({ name: 'Other' })
    const otherCompany = (await t.as(them)('GET', '/api/auth/me')).body.currentCompanyId as string
    const other = { companyId: otherCompany, userId: them.userId }
    const k = t.server.kernel
    const theirApp = await k.apps.create(other, { name: 'Theirs' })
    const theirs = await k.tablesService.create(other, theirApp.id, { name: 'Secret', columns: [{ name: 'S', type: 'text' }] })
    const mine = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Mine', columns: [{ name: 'M', type: 'text' }] })).body
    const r = await t.api('POST', `/api/tables/${mine.id}/columns`, { name: 'Leak', type: 'relation', config: { targetTableId: theirs.id } })
    expect(r.status).toBe(400)
    expect(r.body.error.path).toEqual(['columns', 1, 'config', 'targetTableId'])
    expect((await t.api('GET', `/api/tables/${theirs.id}`)).status).toBe(404)
  })

  it('refuses to retype a relation field, saying why', async () => {
    const a = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'RA', columns: [{ name: 'N', type: 'text' }] })).body
    const b = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'RB', columns: [{ name: 'N', type: 'text' }] })).body
    const rel = (await t.api('POST', `/api/tables/${a.id}/columns`, { name: 'Link', type: 'relation', config: { targetTableId: b.id } })).body.column
    const r = await t.api('PATCH', `/api/tables/${a.id}/columns/${rel.id}`, { type: 'text' })
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('KRN_ERR_DDL_CAST_UNSUPPORTED')
    expect(r.body.error.details.reason).toMatch(/relation/)
  })

  it('deleting a table drops its links and the other side', async () => {
    const a = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'DA', columns: [{ name: 'N', type: 'text' }] })).body
    const b = (await t.api('POST', `/api/apps/${appId}/tables`, { name: 'DB', columns: [{ name: 'N', type: 'text' }] })).body
    await t.api('POST', `/api/tables/${a.id}/columns`, { name: 'Link', type: 'relation', config: { targetTableId: b.id, reverseRelationName: 'Back' } })
    expect((await get(b.id)).columns.map((c: any) => c.name)).toEqual(['N', 'Back'])
    expect((await t.api('DELETE', `/api/tables/${a.id}`)).status).toBe(204)
    expect((await get(b.id)).columns.map((c: any) => c.name)).toEqual(['N'])
    expect((await t.api('POST', `/api/tables/${b.id}/records`, { fields: { N: 'still works' } })).status).toBe(201)
  })
})
