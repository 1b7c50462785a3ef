import { expect } from 'vitest'
import type { Probe, Query, SortField } from './perm-arbitraries.ts'
import { leaked, secretsFor } from './perm-leaks.ts'
import { cut, expectedPage, expectedSet, namesHidden, queryString } from './perm-oracle.ts'
import type { Person } from './perm-people.ts'
import type { Expected, Filter, Node } from './perm-reference.ts'
import type { ApiResponse } from './test-server.ts'
import { ALL_FIELDS, type FieldName, type PermWorld, type Row } from './perm-world.ts'

/**
 * One probe of the property test: the caller's request, the leak check every answer gets, and
 * the comparison with the reference (rows, fields, counts, groups, sums).
 */
interface Ctx {
  readonly w: PermWorld
  readonly caller: Person
  readonly exp: Expected
  /** What the rules were, for failure messages. */
  readonly rules: string
}

async function send(c: Ctx, method: string, path: string, body?: unknown): Promise<ApiResponse & { what: string }> {
  const r = await c.caller.api(method, path, body)
  const what = `${c.caller.name} (${c.caller.role}) ${method} ${decodeURIComponent(path)} ${body ? JSON.stringify(body) : ''}\n  rules: ${c.rules}\n  -> ${r.status} ${r.text.slice(0, 400)}`
  expect(leaked(secretsFor(c.w, c.exp, { names: !path.endsWith('/access') }), `${path} ${JSON.stringify(body ?? '')}`, r.text), `leak: ${what}`).toEqual([])
  expect(r.status, what).toBeLessThan(500)
  return { ...r, what }
}

/** How the probes ended, by kind and outcome (printed after the run: a property that only saw refusals proves little). */
export const tally = new Map<string, number>()
const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1)

/** The refusals every read shares: no `view` (403), or a hidden column named (400, as an unknown one). */
function refused(c: Ctx, r: ApiResponse & { what: string }, q: Partial<Query>, extraHidden = false): boolean {
  if (!c.exp.actions.has('view')) {
    expect(r.status, r.what).toBe(403)
    expect(r.body.error.code, r.what).toBe('KRN_ERR_PERMISSION_DENIED')
    return true
  }
  if (namesHidden(q, c.exp) || extraHidden) {
    expect(r.status, r.what).toBe(400)
    expect(r.body.error.code, r.what).toBe('KRN_ERR_QUERY_UNKNOWN_FIELD')
    return true
  }
  expect(r.status, r.what).toBe(200)
  return false
}

const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((r) => r.id)
const TBL = (c: Ctx) => `/api/tables/${c.w.tableId}`

/** The query with its columns named by id, and its answer's field keys mapped the same way. */
function byId(c: Ctx, q: Query): { sent: Query; keys: (rows: Row[]) => Row[] } {
  if (!q.byId) return { sent: q, keys: (rows) => rows }
  const id = (f: string) => c.w.columns[f as FieldName] ?? f
  const mapNode = (n: Node): Node => ('and' in n ? { and: n.and.map(mapNode) } : 'or' in n ? { or: n.or.map(mapNode) } : ({ ...n, field: id(n.field) } as Node))
  const sent = {
    ...q,
    ...(q.filter ? { filter: mapNode(q.filter) as Filter } : {}),
    ...(q.sort ? { sort: q.sort.map((s) => ({ ...s, field: id(s.field) as SortField })) } : {}),
    ...(q.fields ? { fields: q.fields.map((f) => id(f) as FieldName) } : {}),
  }
  return { sent, keys: (rows) => rows.map((r) => ({ ...r, fields: Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [id(k), v])) })) }
}

async function page(c: Ctx, how: 'get' | 'post', q: Query): Promise<void> {
  const paging = { limit: q.limit, offset: q.offset }
  const { sent, keys } = byId(c, q)
  const fieldKey = q.byId ? 'id' : undefined
  const r =
    how === 'get'
      ? await send(c, 'GET', `${TBL(c)}/records?${queryString(sent, { ...paging, count: q.count ? 'exact' : undefined, fieldKey })}`)
      : await send(c, 'POST', `${TBL(c)}/records/query${fieldKey ? '?fieldKey=id' : ''}`, { ...sent, byId: undefined, count: q.count ? 'exact' : 'none' })
  if (refused(c, r, q)) return
  const all = await expectedSet(c.w, c.exp, q, c.caller.userId)
  const want = keys(await expectedPage(c.w, c.exp, q, all, paging, c.caller.userId))
  expect(ids(r.body.records), r.what).toEqual(ids(want))
  expect(r.body.records, r.what).toEqual(want)
  if (q.count) expect(r.body.total, r.what).toBe(all.length)
  else expect(r.body.total, r.what).toBeUndefined()
}

async function cursorWalk(c: Ctx, q: Query): Promise<void> {
  const limit = Math.max(q.limit, 6)
  const got: Row[] = []
  let cursor: string | undefined
  for (let i = 0; i < 12; i++) {
    const r = await send(c, 'GET', `${TBL(c)}/records?${queryString(q, { limit, cursor })}`)
    if (refused(c, r, q)) return
    got.push(...(r.body.records as Row[]))
    cursor = r.body.nextCursor
    if (!cursor) break
  }
  const all = await expectedSet(c.w, c.exp, q, c.caller.userId)
  const want = await expectedPage(c.w, c.exp, q, all, { limit: 1000, offset: 0 }, c.caller.userId)
  expect(ids(got), `cursor walk of ${JSON.stringify(q)} by ${c.caller.name}, rules ${c.rules}`).toEqual(ids(want))
  expect(got).toEqual(want)
}

async function record(c: Ctx, rowIndex: number): Promise<void> {
  const row = c.w.rows[rowIndex % c.w.rows.length]!
  const r = await send(c, 'GET', `${TBL(c)}/records/${row.id}`)
  const access = await send(c, 'GET', `${TBL(c)}/records/${row.id}/access`)
  if (!c.exp.actions.has('view')) {
    expect([403, 404], r.what).toContain(r.status)
    expect([403, 404], access.what).toContain(access.status)
    return
  }
  if (!c.exp.readable(row)) {
    expect(r.status, r.what).toBe(404)
    expect(access.status, access.what).toBe(404)
    return
  }
  expect(r.status, r.what).toBe(200)
  expect(r.body, r.what).toEqual(cut(row, c.exp))
  const actions = ['view', ...(c.exp.actions.has('edit') && c.exp.editable(row) ? ['edit'] : []), ...(c.exp.actions.has('delete') && c.exp.deletable(row) ? ['delete'] : [])]
  expect(access.status, access.what).toBe(200)
  expect([...access.body.actions].sort(), access.what).toEqual(actions.sort())
}

const visible = (c: Ctx, q: Partial<Query>) => (q.fields ?? [...ALL_FIELDS]).filter((f) => !c.exp.hidden.has(f))

async function exportCsv(c: Ctx, q: Query): Promise<void> {
  const r = await send(c, 'GET', `${TBL(c)}/export?${queryString(q, { format: 'csv' })}`)
  if (refused(c, r, q)) return
  // One line per record (a record whose only exported cell is empty is an empty line); the file ends with a newline.
  const lines = r.text
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
  const header = lines[0]!.split(',').map((h) => h.replace(/^"|"$/g, ''))
  expect(new Set(header), r.what).toEqual(new Set(visible(c, q)))
  expect(lines.length - 1, r.what).toBe((await expectedSet(c.w, c.exp, q, c.caller.userId)).length)
}

async function summary(c: Ctx, q: Query, of: FieldName): Promise<void> {
  const kind = of === 'Amount' || of === 'Doubled' ? 'sum' : 'count'
  const body = { ...(q.filter ? { filter: q.filter } : {}), ...(q.search !== undefined ? { search: q.search } : {}), summaries: { [of]: kind } }
  const r = await send(c, 'POST', `${TBL(c)}/records/summary`, body)
  if (refused(c, r, { ...(q.filter ? { filter: q.filter } : {}) }, c.exp.hidden.has(of))) return
  const all = await expectedSet(c.w, c.exp, { ...(q.filter ? { filter: q.filter } : {}), ...(q.search !== undefined ? { search: q.search } : {}) }, c.caller.userId)
  expect(r.body.total, r.what).toBe(all.length)
  const values = all.map((row) => row.fields[of]).filter((v) => v !== null && v !== undefined && v !== '')
  if (kind === 'count') expect(r.body.summaries[of], r.what).toBe(values.length)
  else if (values.length === 0) expect(r.body.summaries[of], r.what).toBeNull()
  else
    expect(Number(r.body.summaries[of]), r.what).toBeCloseTo(
      values.reduce((s: number, v) => s + Number(v), 0),
      2,
    )
}

async function grouped(c: Ctx, q: Query): Promise<void> {
  const narrow = { ...(q.filter ? { filter: q.filter } : {}), ...(q.search !== undefined ? { search: q.search } : {}) }
  const r = await send(c, 'GET', `/api/views/${c.w.groupViewId}/data?${queryString(narrow, { limit: 1000 })}`)
  if (refused(c, r, narrow)) return
  const all = await expectedSet(c.w, c.exp, narrow, c.caller.userId)
  expect(new Set(ids(r.body.records)), r.what).toEqual(new Set(ids(all)))
  for (const rec of r.body.records as Row[])
    expect(rec, r.what).toEqual(
      cut(
        c.w.rows.find((x) => x.id === rec.id)!,
        c.exp,
      ),
    )
  if (c.exp.hidden.has('Stage')) {
    expect(r.body.groups, r.what).toBeUndefined()
    return
  }
  const counts = new Map<string | null, number>()
  for (const row of all) counts.set((row.fields['Stage'] as string | null) ?? null, (counts.get((row.fields['Stage'] as string | null) ?? null) ?? 0) + 1)
  const byValue = (a: { value: string | null }, b: { value: string | null }) => String(a.value).localeCompare(String(b.value))
  expect([...r.body.groups].sort(byValue), r.what).toEqual([...counts].map(([value, count]) => ({ value, count })).sort(byValue))
}

async function meta(c: Ctx): Promise<void> {
  const access = await send(c, 'GET', `${TBL(c)}/access`)
  expect(access.status, access.what).toBe(200)
  expect(new Set(access.body.actions), access.what).toEqual(new Set(c.exp.actions))
  // Without view every column is hidden; what read-only means then is moot (the contract is silent).
  if (c.exp.actions.has('view')) {
    expect(new Set(access.body.hiddenFields), access.what).toEqual(new Set(c.exp.hidden))
    expect(new Set(access.body.readOnlyFields), access.what).toEqual(new Set(c.exp.readOnly))
  }
  const table = await send(c, 'GET', TBL(c))
  if (!c.exp.actions.has('view')) {
    expect([403, 404], table.what).toContain(table.status)
    return
  }
  expect(table.status, table.what).toBe(200)
  expect(
    table.body.columns.map((x: { name: string }) => x.name),
    table.what,
  ).toEqual(ALL_FIELDS.filter((f) => !c.exp.hidden.has(f)))
}

/** Whether a preview's POST read is refused (the contract says GET; a server that answers it is checked like a GET). */
async function previewRefusesPost(c: Ctx, probe: Probe): Promise<boolean> {
  const body = probe.kind === 'summary' ? { summaries: { Title: 'count' } } : {}
  const r = await send(c, 'POST', `${TBL(c)}/records/${probe.kind === 'summary' ? 'summary' : 'query'}`, body)
  if (r.status !== 403) return false
  count(`${probe.kind}: preview POST refused`)
  return true
}

export async function runProbe(w: PermWorld, caller: Person, exp: Expected, rules: string, probe: Probe): Promise<void> {
  const c: Ctx = { w, caller, exp, rules }
  // A preview reads by GET (a POST with the header may be refused as a write).
  if (caller.preview && ((probe.kind === 'page' && probe.how === 'post') || probe.kind === 'summary') && (await previewRefusesPost(c, probe))) return
  const who = caller.preview ? 'preview' : exp.unrestricted ? 'unlimited' : !exp.actions.has('view') ? 'no view' : exp.hidden.size > 0 ? 'rows+hidden' : 'rows'
  count(`${probe.kind}: ${who}`)
  switch (probe.kind) {
    case 'page':
      return page(c, probe.how, probe.query)
    case 'cursor':
      return cursorWalk(c, probe.query)
    case 'record':
      return record(c, probe.rowIndex)
    case 'export':
      return exportCsv(c, probe.query)
    case 'summary':
      return summary(c, probe.query, probe.of)
    case 'group':
      return grouped(c, probe.query)
    case 'meta':
      return meta(c)
  }
}
