import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/test-server.ts'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(() => t?.close())

const UNKNOWN = '00000000-0000-4000-8000-000000000000'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

async function createApp(name: string): Promise<string> {
  const r = await t.api('POST', '/api/apps', { name })
  expect(r.status).toBe(201)
  return r.body.id as string
}

function expectNotFound(r: { status: number; body: any }) {
  expect(r.status).toBe(404)
  expect(r.body.error.code).toBe('KRN_ERR_NOT_FOUND')
}

describe('apps', () => {
  it('creates an app with name, icon and description (201)', async () => {
    const r = await t.api('POST', '/api/apps', { name: 'CRM', icon: 'briefcase', description: 'Customers and deals' })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ name: 'CRM', icon: 'briefcase', description: 'Customers and deals', menu: [] })
    expect(r.body.id).toMatch(UUID)
    expect(typeof r.body.createdAt).toBe('string')
  })

  it('defaults icon and description to null', async () => {
    const r = await t.api('POST', '/api/apps', { name: 'Bare' })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ name: 'Bare', icon: null, description: null, menu: [] })
  })

  it('rejects an empty or missing name with 400 naming the field', async () => {
    const empty = await t.api('POST', '/api/apps', { name: '   ' })
    expect(empty.status).toBe(400)
    expect(empty.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(empty.body.error.path).toEqual(['name'])
    const missing = await t.api('POST', '/api/apps', { icon: 'x' })
    expect(missing.status).toBe(400)
    expect(missing.body.error.path).toEqual(['name'])
  })

  it('lists, gets, updates (incl. menu) and deletes an app', async () => {
    const id = await createApp('Lifecycle')
    const list = await t.api('GET', '/api/apps')
    expect(list.status).toBe(200)
    expect(Array.isArray(list.body)).toBe(true)
    expect(list.body.filter((a: any) => a.id === id)).toHaveLength(1)

    const got = await t.api('GET', `/api/apps/${id}`)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ id, name: 'Lifecycle' })

    const menu = [
      { type: 'table', id: UNKNOWN, label: 'Deals' },
      { type: 'link', url: 'https://example.com' },
    ]
    const put = await t.api('PUT', `/api/apps/${id}`, { name: 'Lifecycle 2', icon: 'star', description: 'd', menu })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ id, name: 'Lifecycle 2', icon: 'star', description: 'd', menu })

    // A partial update keeps the other fields.
    const partial = await t.api('PUT', `/api/apps/${id}`, { description: null })
    expect(partial.status).toBe(200)
    expect(partial.body).toMatchObject({ name: 'Lifecycle 2', icon: 'star', description: null, menu })

    const again = await t.api('GET', `/api/apps/${id}`)
    expect(again.body).toMatchObject({ name: 'Lifecycle 2', icon: 'star', description: null, menu })

    const del = await t.api('DELETE', `/api/apps/${id}`)
    expect(del.status).toBe(204)
    expect(del.text).toBe('')
    expectNotFound(await t.api('GET', `/api/apps/${id}`))
    expectNotFound(await t.api('DELETE', `/api/apps/${id}`))
    const after = await t.api('GET', '/api/apps')
    expect(after.body.some((a: any) => a.id === id)).toBe(false)
  })

  it('rejects a bad update body with 400', async () => {
    const id = await createApp('BadPut')
    const r = await t.api('PUT', `/api/apps/${id}`, { name: '' })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(r.body.error.path).toEqual(['name'])
    const menu = await t.api('PUT', `/api/apps/${id}`, { menu: 'not-a-list' })
    expect(menu.status).toBe(400)
    expect(menu.body.error.path).toEqual(['menu'])
  })

  it('deleting an app drops its tables: records, table, view and folder endpoints answer 404', async () => {
    const appId = await createApp('Doomed')
    const table = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Deals', columns: [{ name: 'Title', type: 'text' }] })
    expect(table.status).toBe(201)
    const tableId = table.body.id as string
    const rec = await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Title: 'big one' } })
    expect(rec.status).toBe(201)
    const listed = await t.api('GET', `/api/tables/${tableId}/records`)
    expect(listed.status).toBe(200)
    expect(listed.body.records).toHaveLength(1)
    const view = await t.api('POST', `/api/apps/${appId}/views`, { name: 'All', dataTableId: tableId, type: 'table' })
    expect(view.status).toBe(201)
    const folder = await t.api('POST', `/api/apps/${appId}/folders`, { name: 'F' })
    expect(folder.status).toBe(201)

    expect((await t.api('DELETE', `/api/apps/${appId}`)).status).toBe(204)

    expectNotFound(await t.api('GET', `/api/tables/${tableId}/records`))
    expectNotFound(await t.api('POST', `/api/tables/${tableId}/records`, { fields: { Title: 'again' } }))
    expectNotFound(await t.api('GET', `/api/tables/${tableId}/records/${rec.body.id}`))
    expectNotFound(await t.api('GET', `/api/tables/${tableId}`))
    expectNotFound(await t.api('GET', `/api/apps/${appId}/tables`))
    expectNotFound(await t.api('GET', `/api/views/${view.body.id}`))
    expectNotFound(await t.api('GET', `/api/folders/${folder.body.id}`))
  })

  it('answers unknown and malformed app ids with 404 KRN_ERR_NOT_FOUND', async () => {
    for (const id of [UNKNOWN, 'not-a-uuid', '123']) {
      expectNotFound(await t.api('GET', `/api/apps/${id}`))
      expectNotFound(await t.api('PUT', `/api/apps/${id}`, { name: 'x' }))
      expectNotFound(await t.api('DELETE', `/api/apps/${id}`))
      expectNotFound(await t.api('GET', `/api/apps/${id}/folders`))
      expectNotFound(await t.api('POST', `/api/apps/${id}/folders`, { name: 'x' }))
      expectNotFound(await t.api('GET', `/api/apps/${id}/tables`))
    }
  })
})

describe('folders', () => {
  let appId: string
  let otherAppId: string
  let tableId: string
  let viewId: string
  beforeAll(async () => {
    appId = await createApp('Folders app')
    otherAppId = await createApp('Other app')
    const table = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Things', columns: [{ name: 'Name', type: 'text' }] })
    expect(table.status).toBe(201)
    tableId = table.body.id
    const view = await t.api('POST', `/api/apps/${appId}/views`, { name: 'Grid', dataTableId: tableId, type: 'table' })
    expect(view.status).toBe(201)
    viewId = view.body.id
  })

  it('creates nested folders via parentId, lists them with items, gets one', async () => {
    const root = await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Root', description: 'top' })
    expect(root.status).toBe(201)
    expect(root.body).toMatchObject({ appId, name: 'Root', description: 'top', parentId: null, items: [] })
    expect(root.body.id).toMatch(UUID)
    const child = await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Child', parentId: root.body.id })
    expect(child.status).toBe(201)
    expect(child.body.parentId).toBe(root.body.id)
    const grandchild = await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Grandchild', parentId: child.body.id })
    expect(grandchild.status).toBe(201)
    expect(grandchild.body.parentId).toBe(child.body.id)

    const item = await t.api('POST', `/api/folders/${child.body.id}/items`, { itemType: 'table', itemId: tableId })
    expect(item.status).toBe(201)

    const list = await t.api('GET', `/api/apps/${appId}/folders`)
    expect(list.status).toBe(200)
    const byName = Object.fromEntries(list.body.map((f: any) => [f.name, f]))
    expect(Object.keys(byName).sort()).toEqual(['Child', 'Grandchild', 'Root'])
    expect(byName['Root'].items).toEqual([])
    expect(byName['Child'].items).toHaveLength(1)
    expect(byName['Child'].items[0]).toMatchObject({ folderId: child.body.id, itemType: 'table', itemId: tableId })
    expect(byName['Grandchild'].parentId).toBe(child.body.id)

    const got = await t.api('GET', `/api/folders/${child.body.id}`)
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ id: child.body.id, name: 'Child', parentId: root.body.id, appId })
    expect(got.body.items.map((i: any) => i.itemId)).toEqual([tableId])

    // The other app sees none of these.
    const other = await t.api('GET', `/api/apps/${otherAppId}/folders`)
    expect(other.status).toBe(200)
    expect(other.body).toEqual([])
  })

  it('refuses a parent from another app (400) or an unknown parent (404)', async () => {
    const foreign = await t.api('POST', `/api/apps/${otherAppId}/folders`, { name: 'Foreign' })
    const r = await t.api('POST', `/api/apps/${appId}/folders`, { name: 'X', parentId: foreign.body.id })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(r.body.error.path).toEqual(['parentId'])
    expectNotFound(await t.api('POST', `/api/apps/${appId}/folders`, { name: 'X', parentId: UNKNOWN }))
    const bad = await t.api('POST', `/api/apps/${appId}/folders`, { name: 'X', parentId: 'nope' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.path).toEqual(['parentId'])
    // None of the refused folders exists.
    const list = await t.api('GET', `/api/apps/${appId}/folders`)
    expect(list.body.some((f: any) => f.name === 'X')).toBe(false)
  })

  it('renames and moves a folder with PUT; refuses a move into itself or a descendant (409)', async () => {
    const a = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'A' })).body
    const b = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'B', parentId: a.id })).body
    const c = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'C', parentId: b.id })).body
    const d = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'D' })).body

    const renamed = await t.api('PUT', `/api/folders/${a.id}`, { name: 'A renamed' })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({ id: a.id, name: 'A renamed', parentId: null, items: [] })

    const moved = await t.api('PUT', `/api/folders/${c.id}`, { parentId: d.id })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ id: c.id, name: 'C', parentId: d.id })
    expect((await t.api('GET', `/api/folders/${c.id}`)).body.parentId).toBe(d.id)

    const toTop = await t.api('PUT', `/api/folders/${c.id}`, { parentId: null })
    expect(toTop.status).toBe(200)
    expect(toTop.body.parentId).toBeNull()
    // Back under B for the cycle checks.
    expect((await t.api('PUT', `/api/folders/${c.id}`, { parentId: b.id })).status).toBe(200)

    for (const target of [c.id, b.id, a.id]) {
      const r = await t.api('PUT', `/api/folders/${a.id}`, { parentId: target })
      expect(r.status).toBe(409)
      expect(r.body.error.code).toBe('KRN_ERR_CONFLICT')
      expect(r.body.error.path).toEqual(['parentId'])
    }
    // Nothing moved.
    expect((await t.api('GET', `/api/folders/${a.id}`)).body.parentId).toBeNull()
    expect((await t.api('GET', `/api/folders/${b.id}`)).body.parentId).toBe(a.id)
    expect((await t.api('GET', `/api/folders/${c.id}`)).body.parentId).toBe(b.id)

    const foreign = (await t.api('POST', `/api/apps/${otherAppId}/folders`, { name: 'Foreign 2' })).body
    const cross = await t.api('PUT', `/api/folders/${d.id}`, { parentId: foreign.id })
    expect(cross.status).toBe(400)
    expect(cross.body.error.path).toEqual(['parentId'])
    expectNotFound(await t.api('PUT', `/api/folders/${d.id}`, { parentId: UNKNOWN }))
  })

  it('adds table and view items; adding an item to another folder moves it; deletes an item', async () => {
    const f1 = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Items 1' })).body
    const f2 = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Items 2' })).body

    const ti = await t.api('POST', `/api/folders/${f1.id}/items`, { itemType: 'table', itemId: tableId, order: 1 })
    expect(ti.status).toBe(201)
    expect(ti.body).toMatchObject({ folderId: f1.id, itemType: 'table', itemId: tableId, order: 1 })
    expect(ti.body.id).toMatch(UUID)
    const vi = await t.api('POST', `/api/folders/${f1.id}/items`, { itemType: 'view', itemId: viewId, order: 0 })
    expect(vi.status).toBe(201)
    // Only the folder's own app's tables, views and folders: an unknown (or another company's) id is refused.
    const unknownItem = await t.api('POST', `/api/folders/${f1.id}/items`, { itemType: 'table', itemId: UNKNOWN })
    expectNotFound(unknownItem)
    expect(unknownItem.body.error.path).toEqual(['itemId'])
    expectNotFound(await t.api('POST', `/api/folders/${f1.id}/items`, { itemType: 'view', itemId: tableId }))

    const g1 = await t.api('GET', `/api/folders/${f1.id}`)
    expect(g1.body.items.map((i: any) => [i.itemType, i.itemId])).toEqual([
      ['view', viewId],
      ['table', tableId],
    ])

    // Move the table into f2.
    const mv = await t.api('POST', `/api/folders/${f2.id}/items`, { itemType: 'table', itemId: tableId })
    expect(mv.status).toBe(201)
    expect(mv.body.folderId).toBe(f2.id)
    const after1 = await t.api('GET', `/api/folders/${f1.id}`)
    expect(after1.body.items.map((i: any) => i.itemId)).toEqual([viewId])
    const after2 = await t.api('GET', `/api/folders/${f2.id}`)
    expect(after2.body.items.map((i: any) => i.itemId)).toEqual([tableId])
    // No other folder still lists the table (it was in 'Child' from the first test).
    const all = await t.api('GET', `/api/apps/${appId}/folders`)
    const holders = all.body.filter((f: any) => f.items.some((i: any) => i.itemId === tableId)).map((f: any) => f.id)
    expect(holders).toEqual([f2.id])

    // Remove the view item.
    const del = await t.api('DELETE', `/api/folders/${f1.id}/items/${vi.body.id}`)
    expect(del.status).toBe(204)
    expect((await t.api('GET', `/api/folders/${f1.id}`)).body.items).toEqual([])
    expectNotFound(await t.api('DELETE', `/api/folders/${f1.id}/items/${vi.body.id}`))
    expectNotFound(await t.api('DELETE', `/api/folders/${f1.id}/items/not-a-uuid`))
    // An item of another folder cannot be removed through this one.
    expectNotFound(await t.api('DELETE', `/api/folders/${f1.id}/items/${mv.body.id}`))
    expect((await t.api('GET', `/api/folders/${f2.id}`)).body.items).toHaveLength(1)
  })

  it('rejects a malformed item with 400', async () => {
    const f = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Bad items' })).body
    const badType = await t.api('POST', `/api/folders/${f.id}/items`, { itemType: 'spreadsheet', itemId: tableId })
    expect(badType.status).toBe(400)
    expect(badType.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(badType.body.error.path).toEqual(['itemType'])
    const badId = await t.api('POST', `/api/folders/${f.id}/items`, { itemType: 'table', itemId: 'x' })
    expect(badId.status).toBe(400)
    expect(badId.body.error.path).toEqual(['itemId'])
    expect((await t.api('GET', `/api/folders/${f.id}`)).body.items).toEqual([])
  })

  it('reorders items with PUT /items and the order persists', async () => {
    const f = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Ordered' })).body
    const t2 = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Second', columns: [] })
    expect(t2.status).toBe(201)
    const v2 = await t.api('POST', `/api/apps/${appId}/views`, { name: 'Grid 2', dataTableId: t2.body.id, type: 'table' })
    expect(v2.status).toBe(201)
    const ids: string[] = []
    for (const [itemType, itemId, order] of [
      ['table', t2.body.id, 0],
      ['view', v2.body.id, 1],
      ['view', viewId, 2],
    ] as const) {
      const r = await t.api('POST', `/api/folders/${f.id}/items`, { itemType, itemId, order })
      expect(r.status).toBe(201)
      ids.push(r.body.id)
    }
    const before = await t.api('GET', `/api/folders/${f.id}`)
    expect(before.body.items.map((i: any) => i.id)).toEqual(ids)

    const re = await t.api('PUT', `/api/folders/${f.id}/items`, {
      items: [
        { id: ids[0], order: 2 },
        { id: ids[1], order: 0 },
        { id: ids[2], order: 1 },
      ],
    })
    expect(re.status).toBe(200)
    expect(re.body.id).toBe(f.id)
    expect(re.body.items.map((i: any) => i.id)).toEqual([ids[1], ids[2], ids[0]])
    expect(re.body.items.map((i: any) => i.order)).toEqual([0, 1, 2])

    const persisted = await t.api('GET', `/api/folders/${f.id}`)
    expect(persisted.body.items.map((i: any) => i.id)).toEqual([ids[1], ids[2], ids[0]])
    const listed = (await t.api('GET', `/api/apps/${appId}/folders`)).body.find((x: any) => x.id === f.id)
    expect(listed.items.map((i: any) => i.id)).toEqual([ids[1], ids[2], ids[0]])

    // An id that is not an item of this folder is refused, and nothing changes.
    const foreign = await t.api('PUT', `/api/folders/${f.id}/items`, {
      items: [
        { id: ids[0], order: 0 },
        { id: UNKNOWN, order: 5 },
      ],
    })
    expect(foreign.status).toBe(400)
    expect(foreign.body.error.code).toBe('KRN_ERR_VALIDATION')
    expect(foreign.body.error.path).toEqual(['items', 1, 'id'])
    expect((await t.api('GET', `/api/folders/${f.id}`)).body.items.map((i: any) => i.id)).toEqual([ids[1], ids[2], ids[0]])
  })

  it('deleting a folder cascades to its subfolders and their items', async () => {
    const top = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Top' })).body
    const mid = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Mid', parentId: top.id })).body
    const leaf = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Leaf', parentId: mid.id })).body
    const keep = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Keep' })).body
    const item = await t.api('POST', `/api/folders/${leaf.id}/items`, { itemType: 'view', itemId: viewId })
    expect(item.status).toBe(201)

    const del = await t.api('DELETE', `/api/folders/${top.id}`)
    expect(del.status).toBe(204)
    for (const id of [top.id, mid.id, leaf.id]) expectNotFound(await t.api('GET', `/api/folders/${id}`))
    expect((await t.api('GET', `/api/folders/${keep.id}`)).status).toBe(200)
    const list = await t.api('GET', `/api/apps/${appId}/folders`)
    const ids = list.body.map((f: any) => f.id)
    expect(ids).not.toContain(top.id)
    expect(ids).not.toContain(mid.id)
    expect(ids).not.toContain(leaf.id)
    expect(ids).toContain(keep.id)
    expect(list.body.some((f: any) => f.items.some((i: any) => i.id === item.body.id))).toBe(false)
    // The view itself is untouched.
    expect((await t.api('GET', `/api/views/${viewId}`)).status).toBe(200)
    expectNotFound(await t.api('DELETE', `/api/folders/${top.id}`))
  })

  it('deleting a view or a table removes their folder items (the table takes its views with it)', async () => {
    const f = (await t.api('POST', `/api/apps/${appId}/folders`, { name: 'Doomed items' })).body
    const tb = await t.api('POST', `/api/apps/${appId}/tables`, { name: 'Short-lived', columns: [{ name: 'A', type: 'text' }] })
    expect(tb.status).toBe(201)
    const v1 = (await t.api('POST', `/api/apps/${appId}/views`, { name: 'V1', dataTableId: tb.body.id, type: 'table' })).body
    const v2 = (await t.api('POST', `/api/apps/${appId}/views`, { name: 'V2', dataTableId: tb.body.id, type: 'table' })).body
    for (const [itemType, itemId] of [
      ['table', tb.body.id],
      ['view', v1.id],
      ['view', v2.id],
      ['view', viewId],
    ]) {
      expect((await t.api('POST', `/api/folders/${f.id}/items`, { itemType, itemId })).status).toBe(201)
    }
    expect((await t.api('DELETE', `/api/views/${v1.id}`)).status).toBe(204)
    expect((await t.api('GET', `/api/folders/${f.id}`)).body.items.map((i: any) => i.itemId).sort()).toEqual([tb.body.id, v2.id, viewId].sort())
    expect((await t.api('DELETE', `/api/tables/${tb.body.id}`)).status).toBe(204)
    expectNotFound(await t.api('GET', `/api/views/${v2.id}`))
    expect((await t.api('GET', `/api/folders/${f.id}`)).body.items.map((i: any) => i.itemId)).toEqual([viewId])
  })

  it('answers unknown and malformed folder ids with 404 KRN_ERR_NOT_FOUND', async () => {
    for (const id of [UNKNOWN, 'not-a-uuid']) {
      expectNotFound(await t.api('GET', `/api/folders/${id}`))
      expectNotFound(await t.api('PUT', `/api/folders/${id}`, { name: 'x' }))
      expectNotFound(await t.api('DELETE', `/api/folders/${id}`))
      expectNotFound(await t.api('POST', `/api/folders/${id}/items`, { itemType: 'table', itemId: tableId }))
      expectNotFound(await t.api('PUT', `/api/folders/${id}/items`, { items: [] }))
      expectNotFound(await t.api('DELETE', `/api/folders/${id}/items/${UNKNOWN}`))
    }
  })
})
