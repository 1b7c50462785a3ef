import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Person } from '../support/perm-people.ts'
import type { Atom, Rule } from '../support/perm-reference.ts'
import { buildPermWorld, ownerRows, type PermWorld, type Row } from '../support/perm-world.ts'
import { startTestServer, type ApiResponse, type TestServer } from '../support/test-server.ts'

/**
 * Issue 17, writes: every write endpoint (create, bulk create, PUT and PATCH of a record, bulk
 * update, a grid paste, delete, delete many, an import) refused without the grant (403
 * KRN_ERR_PERMISSION_DENIED), on rows outside the read scope (404, as if absent), on rows or
 * results outside the edit scope (403 KRN_ERR_PERMISSION_ROW) and on read-only columns (403
 * KRN_ERR_PERMISSION_FIELD); after each refusal the owner reads the table exactly as before.
 */
let t: TestServer
let w: PermWorld
let mia: Person
beforeAll(async () => {
  t = await startTestServer()
  w = await buildPermWorld(t, 12)
  mia = w.limited[0]!
}, 120_000)
afterAll(() => t?.close())

const base = () => `/api/tables/${w.tableId}/records`
const mine: Atom = { field: 'createdBy', op: 'is_current_user' }
const open: Atom = { field: 'Stage', op: 'in', value: ['stg_open'] }

async function rules(list: Rule[]): Promise<void> {
  const r = await w.owner.api('PUT', `/api/tables/${w.tableId}/permissions`, { rules: list })
  expect(r.status, r.text).toBe(200)
}

/** Rows of the table as the owner reads them, in id order. */
async function snapshot(): Promise<Row[]> {
  return (await ownerRows(w.owner.api, w.tableId)).sort((a, b) => a.id.localeCompare(b.id))
}

/** Expects the refusal, then the table as it was (the owner's read). */
async function refused(res: ApiResponse, status: number, code: string | undefined, before: Row[], what: string): Promise<void> {
  expect(res.status, `${what}: ${res.text}`).toBe(status)
  if (code) expect(res.body.error.code, `${what}: ${res.text}`).toBe(code)
  expect(await snapshot(), `${what} wrote something`).toEqual(before)
}

const row = (pick: (r: Row) => boolean): Row => {
  const found = w.rows.find(pick)
  if (!found) throw new Error('the world has no such row')
  return found
}

async function upload(as: Person, csv: string): Promise<string> {
  const r = await as.api('POST', '/api/imports?fileName=rows.csv', Buffer.from(csv), { 'content-type': 'text/csv' })
  expect(r.status, r.text).toBe(201)
  return r.body.id
}

/** Starts an import as `as` and waits for it to end (or answers the refusal of its start). */
async function importRows(as: Person, csv: string): Promise<ApiResponse> {
  const id = await upload(as, csv)
  const started = await as.api('POST', `/api/imports/${id}/start`, { tableId: w.tableId, mode: 'atomic' })
  if (started.status !== 202) return started
  for (;;) {
    const r = await as.api('GET', `/api/imports/${id}`)
    if (!['uploaded', 'running'].includes(r.body.state)) return r
    await new Promise((res) => setTimeout(res, 20))
  }
}

describe('permissions: writes outside the grant, the row scope or the writable columns are refused and write nothing', () => {
  it('without create, edit or delete in any rule: 403 KRN_ERR_PERMISSION_DENIED on every write endpoint', async () => {
    await rules([{ role: 'member', actions: ['view'] }])
    const before = await snapshot()
    const target = before[0]!
    const D = 'KRN_ERR_PERMISSION_DENIED'
    await refused(await mia.api('POST', base(), { fields: { Title: 'new' } }), 403, D, before, 'create')
    await refused(await mia.api('POST', `${base()}/bulk`, { records: [{ fields: { Title: 'a' } }, { fields: { Title: 'b' } }] }), 403, D, before, 'bulk create')
    await refused(await mia.api('PATCH', `${base()}/${target.id}`, { fields: { Title: 'changed' } }), 403, D, before, 'patch')
    await refused(await mia.api('PUT', `${base()}/${target.id}`, { fields: { Title: 'changed' } }), 403, D, before, 'put')
    await refused(await mia.api('PATCH', base(), { records: [{ id: target.id, fields: { Title: 'changed' } }] }), 403, D, before, 'bulk update')
    await refused(await mia.api('PATCH', `${base()}?input=text`, { records: [{ id: target.id, fields: { Title: 'pasted' } }] }), 403, D, before, 'paste')
    await refused(await mia.api('DELETE', `${base()}/${target.id}`), 403, D, before, 'delete')
    await refused(await mia.api('POST', `${base()}/delete`, { ids: [target.id] }), 403, D, before, 'delete many')
    await refused(await importRows(mia, 'Title\nimported\n'), 403, D, before, 'import')
    // The same requests by the admin go through: the refusals above are the rules', not the requests'.
    expect((await w.admin.api('PATCH', `${base()}/${target.id}`, { fields: { Title: target.fields['Title'] } })).status).toBe(200)
  })

  it('rows outside the read scope answer 404; readable rows outside the edit scope, and writes landing outside it, 403 KRN_ERR_PERMISSION_ROW', async () => {
    // Mia reads her rows and the open ones; she edits and deletes only her own open rows.
    await rules([{ role: 'member', actions: ['view', 'create', 'edit', 'delete'], readFilter: { or: [mine, open] }, editFilter: { and: [mine, open] } }])
    const unreadable = row((r) => r.createdBy !== mia.userId && r.fields['Stage'] !== 'stg_open')
    const readOnlyRow = row((r) => r.createdBy !== mia.userId && r.fields['Stage'] === 'stg_open')
    let before = await snapshot()
    const R = 'KRN_ERR_PERMISSION_ROW'
    for (const [what, send] of [
      ['patch', () => mia.api('PATCH', `${base()}/${unreadable.id}`, { fields: { Title: 'x' } })],
      ['put', () => mia.api('PUT', `${base()}/${unreadable.id}`, { fields: { Title: 'x' } })],
      ['delete', () => mia.api('DELETE', `${base()}/${unreadable.id}`)],
      ['bulk update', () => mia.api('PATCH', base(), { records: [{ id: unreadable.id, fields: { Title: 'x' } }] })],
      ['paste', () => mia.api('PATCH', `${base()}?input=text`, { records: [{ id: unreadable.id, fields: { Title: 'x' } }] })],
      ['delete many', () => mia.api('POST', `${base()}/delete`, { ids: [unreadable.id] })],
    ] as const) {
      const r = await send()
      await refused(r, 404, undefined, before, `${what} of an unreadable row`)
      // As absent as a row that never was: the answer does not tell the row exists.
      expect(r.text, what).not.toContain(String(unreadable.fields['Title']))
    }
    for (const [what, send] of [
      ['patch', () => mia.api('PATCH', `${base()}/${readOnlyRow.id}`, { fields: { Title: 'x' } })],
      ['put', () => mia.api('PUT', `${base()}/${readOnlyRow.id}`, { fields: { Title: 'x' } })],
      ['delete', () => mia.api('DELETE', `${base()}/${readOnlyRow.id}`)],
      ['bulk update', () => mia.api('PATCH', base(), { records: [{ id: readOnlyRow.id, fields: { Title: 'x' } }] })],
      ['paste', () => mia.api('PATCH', `${base()}?input=text`, { records: [{ id: readOnlyRow.id, fields: { Title: 'x' } }] })],
      ['delete many', () => mia.api('POST', `${base()}/delete`, { ids: [readOnlyRow.id] })],
    ] as const)
      await refused(await send(), 403, R, before, `${what} of a readable row outside the edit scope`)

    // Creates and edits must land inside the edit scope (her own open rows).
    await refused(await mia.api('POST', base(), { fields: { Title: 'won already', Stage: 'stg_won' } }), 403, R, before, 'create outside the scope')
    await refused(
      await mia.api('POST', `${base()}/bulk`, { records: [{ fields: { Title: 'in', Stage: 'stg_open' } }, { fields: { Title: 'out', Stage: 'stg_lost' } }] }),
      403,
      R,
      before,
      'bulk create with one row outside the scope',
    )
    const made = await mia.api('POST', base(), { fields: { Title: 'mine and open', Stage: 'stg_open' } })
    expect(made.status, made.text).toBe(201)
    before = await snapshot()
    await refused(await mia.api('PATCH', `${base()}/${made.body.id}`, { fields: { Stage: 'stg_won' } }), 403, R, before, 'edit moving the row out')
    await refused(await mia.api('PUT', `${base()}/${made.body.id}`, { fields: { Title: 'mine' } }), 403, R, before, 'replace emptying Stage')
    await refused(await mia.api('PATCH', base(), { records: [{ id: made.body.id, fields: { Stage: 'stg_lost' } }] }), 403, R, before, 'bulk update moving the row out')
    const movedOut = await mia.api('PATCH', `${base()}?input=text`, { records: [{ id: made.body.id, fields: { Stage: 'won' } }] })
    await refused(movedOut, 403, R, before, 'paste moving the row out')
    expect(movedOut.body.error.details, movedOut.text).toEqual({ recordIds: [made.body.id] })
    // A paste over several rows is refused whole (nothing written, her own row neither) and the
    // 403 names every row outside the scope, so the grid can say which.
    const others = w.rows.filter((r) => r.createdBy !== mia.userId && r.fields['Stage'] === 'stg_open')
    expect(others.length).toBeGreaterThan(0)
    const mixed = await mia.api('PATCH', `${base()}?input=text`, {
      records: [{ id: made.body.id, fields: { Title: 'pasted' } }, ...others.map((r) => ({ id: r.id, fields: { Title: 'pasted' } }))],
    })
    await refused(mixed, 403, R, before, 'paste over rows partly outside the edit scope')
    expect(mixed.body.error.path, mixed.text).toEqual(['records', 1, 'id'])
    expect(mixed.body.error.details, mixed.text).toEqual({ recordIds: others.map((r) => r.id) })
    const imported = await importRows(mia, 'Title,Stage\ninside,open\noutside,lost\n')
    expect(imported.status, imported.text).toBeLessThan(500)
    if (imported.status === 200) expect(imported.body.written, imported.text).toBe(0)
    else expect(imported.body.error.code, imported.text).toBe(R)
    expect(await snapshot(), 'an import with a row outside the scope wrote something').toEqual(before)
    // Inside the scope, writes go through.
    const edited = await mia.api('PATCH', `${base()}/${made.body.id}`, { fields: { Title: 'still mine and open' } })
    expect(edited.status, edited.text).toBe(200)
    expect((await mia.api('DELETE', `${base()}/${made.body.id}`)).status).toBe(204)
  })

  it('read-only columns: 403 KRN_ERR_PERMISSION_FIELD on every path that writes them; hidden columns answer as columns that do not exist', async () => {
    await rules([{ role: 'member', actions: ['view', 'create', 'edit', 'delete'], readOnlyFields: ['Amount'], hiddenFields: ['Memo'] }])
    const own = row((r) => r.createdBy === mia.userId)
    const before = await snapshot()
    const F = 'KRN_ERR_PERMISSION_FIELD'
    await refused(await mia.api('POST', base(), { fields: { Title: 't', Amount: 5 } }), 403, F, before, 'create')
    await refused(await mia.api('POST', `${base()}/bulk`, { records: [{ fields: { Title: 't' } }, { fields: { Title: 'u', Amount: 5 } }] }), 403, F, before, 'bulk create')
    await refused(await mia.api('PATCH', `${base()}/${own.id}`, { fields: { Amount: 5 } }), 403, F, before, 'patch')
    await refused(await mia.api('PUT', `${base()}/${own.id}`, { fields: { Title: 't', Amount: 5 } }), 403, F, before, 'put')
    await refused(await mia.api('PATCH', base(), { records: [{ id: own.id, fields: { Amount: 5 } }] }), 403, F, before, 'bulk update')
    await refused(await mia.api('PATCH', `${base()}?input=text`, { records: [{ id: own.id, fields: { Amount: '5' } }] }), 403, F, before, 'paste')
    await refused(await importRows(mia, 'Title,Amount\nt,5\n'), 403, F, before, 'import')
    // A hidden column in a write is refused exactly as a column that does not exist, and not named.
    const ghost = await mia.api('PATCH', `${base()}/${own.id}`, { fields: { Nonexistent: 'x' } })
    const hidden = await mia.api('PATCH', `${base()}/${own.id}`, { fields: { Memo: 'x' } })
    await refused(hidden, ghost.status, ghost.body.error.code, before, 'write to a hidden column')
    expect(hidden.text.replaceAll('Memo', 'Nonexistent')).toBe(ghost.text)
    // The other columns stay writable.
    const ok = await mia.api('PATCH', `${base()}/${own.id}`, { fields: { Title: 'renamed by Mia' } })
    expect(ok.status, ok.text).toBe(200)
    expect(ok.body.fields).not.toHaveProperty('Memo')
  })
})
