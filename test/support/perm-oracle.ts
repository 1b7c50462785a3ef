import type { Query } from './perm-arbitraries.ts'
import { evalNode, fieldsOf, type Expected, type Filter, type Node } from './perm-reference.ts'
import type { Api, ApiResponse } from './test-server.ts'
import type { FieldName, PermWorld, Row } from './perm-world.ts'

/**
 * What a limited caller's answer must be, from the reference (which rows and fields they get)
 * and the owner's own answers (how the query engine filters and orders them): the owner asks the
 * same query narrowed to `id in <the rows the reference lets the caller see>`, so only the
 * permission logic is the reference's, and query semantics (collation, nulls, ties) are the
 * server's in both answers.
 */
export const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v))

export function queryString(q: Partial<Query>, extra: Record<string, string | number | boolean | undefined> = {}): string {
  const parts: string[] = []
  if (q.filter) parts.push(`filter=${enc(q.filter)}`)
  if (q.sort) parts.push(`sort=${enc(q.sort)}`)
  if (q.fields) parts.push(`fields=${enc(q.fields)}`)
  if (q.search !== undefined) parts.push(`search=${encodeURIComponent(q.search)}`)
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) parts.push(`${k}=${encodeURIComponent(String(v))}`)
  return parts.join('&')
}

/** Columns a query names (filter, sort, fields): any hidden one makes it a 400. */
export function namedFields(q: Partial<Query>): string[] {
  return [...fieldsOf(q.filter), ...(q.sort ?? []).map((s) => s.field), ...(q.fields ?? [])]
}

export const namesHidden = (q: Partial<Query>, exp: Expected) => namedFields(q).some((f) => exp.hidden.has(f as FieldName))

/** A quick search, as the server runs it on the caller's visible text columns (the fruit words occur in Title and Memo only). */
export function searchMatches(row: Row, term: string | undefined, exp: Expected): boolean {
  if (term === undefined) return true
  return (['Title', 'Memo'] as const).some((f) => !exp.hidden.has(f) && typeof row.fields[f] === 'string' && row.fields[f].toLowerCase().includes(term.toLowerCase()))
}

async function ok(api: Api, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const r = await api(method, path, body)
  if (r.status !== 200) throw new Error(`oracle ${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`)
  return r
}

/** The rows the caller's query must match: the owner's matches for the filter, readable by the caller, found by their search. */
export async function expectedSet(w: PermWorld, exp: Expected, q: Partial<Query>, callerId: string): Promise<Row[]> {
  let matched: Set<string> | undefined
  if (q.filter) {
    const r = await ok(w.owner.api, 'GET', `/api/tables/${w.tableId}/records?${queryString({ filter: asCaller(q.filter, callerId) }, { limit: 1000 })}`)
    matched = new Set((r.body.records as Row[]).map((x) => x.id))
    // The server's answer and the reference must agree on the filter itself, or the reference is wrong.
    for (const row of w.rows)
      if (matched.has(row.id) !== evalNode(q.filter, row, callerId)) throw new Error(`reference and server disagree on ${JSON.stringify(q.filter)} for ${JSON.stringify(row)}`)
  }
  return w.rows.filter((row) => (matched ? matched.has(row.id) : true) && exp.readable(row) && searchMatches(row, q.search, exp))
}

/** The filter as the owner must send it to mean what it means for the caller: `is_current_user` becomes `eq <caller>`. */
export function asCaller<N extends Node>(n: N, callerId: string): N {
  if ('and' in n) return { and: n.and.map((c) => asCaller(c, callerId)) } as N
  if ('or' in n) return { or: n.or.map((c) => asCaller(c, callerId)) } as N
  return (n.op === 'is_current_user' ? { field: n.field, op: 'eq', value: callerId } : n) as N
}

const narrowed = (q: Partial<Query>, ids: ReadonlyArray<string>, callerId: string): Filter => ({
  and: [...(q.filter ? [asCaller(q.filter, callerId)] : []), { field: 'id', op: 'in', value: [...ids] } as never],
})

/** The owner's page of the caller's query over `rows` (same sort, limit, offset, fields), cut to the caller's visible columns. */
export async function expectedPage(
  w: PermWorld,
  exp: Expected,
  q: Partial<Query>,
  rows: ReadonlyArray<Row>,
  paging: { limit: number; offset: number },
  callerId: string,
): Promise<Row[]> {
  if (rows.length === 0) return []
  const path = `/api/tables/${w.tableId}/records?${queryString(
    {
      ...(q.sort ? { sort: q.sort } : {}),
      ...(q.fields ? { fields: q.fields } : {}),
      filter: narrowed(
        q,
        rows.map((r) => r.id),
        callerId,
      ),
    },
    paging,
  )}`
  const r = await ok(w.owner.api, 'GET', path)
  return (r.body.records as Row[]).map((row) => cut(row, exp))
}

/** A record as the caller must see it: the owner's, less the hidden columns. */
export function cut(row: Row, exp: Expected): Row {
  const fields = Object.fromEntries(Object.entries(row.fields).filter(([k]) => !exp.hidden.has(k as FieldName)))
  return { ...row, fields }
}
