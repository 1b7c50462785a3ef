import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../kernel/src/context.ts'
import type { ImportRow } from '../../kernel/src/records/import-types.ts'
import { DEFER_SEARCH_INDEXES_FROM } from '../../kernel/src/records/import-search-indexes.ts'
import { DB_KIND, startTestServer, type TestServer } from '../support/test-server.ts'

/**
 * A large import into an empty table writes its rows without the table's search (trigram)
 * indexes and builds them at the end (kernel/src/records/import-search-indexes.ts): the indexes
 * are gone while the chunks are written and back, valid, after the import (PGlite: when it answers;
 * PostgreSQL: built CONCURRENTLY after its answer); search answers the same. A table that holds rows, a small import and an atomic one keep their indexes.
 */
describe('search indexes around a large import', () => {
  let t: TestServer
  let actor: Actor
  let appId = ''

  beforeAll(async () => {
    t = await startTestServer()
    const me = await t.api('GET', '/api/auth/me')
    actor = { userId: me.body.user.id as string, companyId: me.body.currentCompanyId as string, role: 'owner' }
    appId = (await t.api('POST', '/api/apps', { name: 'Imports' })).body.id as string
  })
  afterAll(() => t?.close())

  /** The table's valid search indexes, by physical column. */
  const searchIndexes = async (tableName: string) => {
    const rows = await t.server.kernel.db.query<{ def: string }>(
      sql`select pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indrelid
          where c.relname = ${tableName} and i.indisvalid and pg_get_indexdef(i.indexrelid) like '%gin_trgm_ops%'`,
    )
    return rows.map((r) => /\((f_[0-9a-f]+) gin_trgm_ops\)/.exec(r.def)?.[1]).sort()
  }
  const eventually = async <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const v = await read()
      if (ok(v)) return v
      await new Promise((r) => setTimeout(r, 50))
    }
    return read()
  }

  async function table(name: string) {
    const made = await t.api('POST', `/api/apps/${appId}/tables`, {
      name,
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Notes', type: 'long_text' },
        { name: 'Qty', type: 'number' },
      ],
    })
    expect(made.status, made.text).toBe(201)
    const body = made.body as { id: string; tableName: string; columns: Array<{ id: string; name: string }> }
    // A new table's search index (text; a long text earns one from slow searches) is built after its answer.
    const before = await eventually(
      () => searchIndexes(body.tableName),
      (v) => v.length === 1,
    )
    expect(before).toHaveLength(1)
    return { ...body, before }
  }

  /** Three chunks of rows; the indexes present while each is handed over are recorded. */
  async function* chunks(tableName: string, seen: Array<Array<string | undefined>>, observe: boolean): AsyncIterable<ReadonlyArray<ImportRow>> {
    for (let c = 0; c < 3; c++) {
      if (observe) seen.push(await searchIndexes(tableName))
      yield Array.from({ length: 10 }, (_, i) => ({ line: c * 10 + i + 2, cells: [`widget ${c}-${i}`, `note about gadget ${c}`, String(i)] }))
    }
  }

  const run = async (tb: Awaited<ReturnType<typeof table>>, mode: 'skipInvalid' | 'atomic', expectedRows: number) => {
    const ids = ['Name', 'Notes', 'Qty'].map((n) => tb.columns.find((c) => c.name === n)?.id ?? n)
    const importRows = await t.server.kernel.records.prepareImport(actor, tb.id, ids)
    const seen: Array<Array<string | undefined>> = []
    // PGlite has one connection, which an atomic import's transaction holds: looked at after it there.
    const observe = mode === 'skipInvalid' || DB_KIND !== 'pglite'
    const out = await importRows(chunks(tb.tableName, seen, observe), { mode, expectedRows })
    expect(out).toMatchObject({ processed: 30, written: 30, rejected: 0 })
    return seen
  }
  const search = async (tableId: string, text: string) => {
    const r = await t.api('GET', `/api/tables/${tableId}/records?search=${encodeURIComponent(text)}&count=true`)
    expect(r.status, r.text).toBe(200)
    return r.body.total as number
  }

  it('writes a large import into an empty table without them and builds them again (PostgreSQL: after its answer)', async () => {
    const tb = await table('Big empty')
    const seen = await run(tb, 'skipInvalid', DEFER_SEARCH_INDEXES_FROM)
    expect(seen).toEqual([[], [], []])
    // Search answers the same whether the indexes are back yet or not.
    expect(await search(tb.id, 'widget 1-')).toBe(10)
    if (DB_KIND === 'pglite') expect(await searchIndexes(tb.tableName)).toEqual(tb.before)
    const after = await eventually(
      () => searchIndexes(tb.tableName),
      (v) => v.length === tb.before.length,
    )
    expect(after).toEqual(tb.before)
    expect(await search(tb.id, 'gadget 2')).toBe(10)
  })

  it('keeps them for a table that holds rows, a small import and an atomic one', async () => {
    const filled = await table('Big filled')
    expect((await t.api('POST', `/api/tables/${filled.id}/records`, { fields: { Name: 'first' } })).status).toBe(201)
    expect(await run(filled, 'skipInvalid', DEFER_SEARCH_INDEXES_FROM)).toEqual([filled.before, filled.before, filled.before])

    const small = await table('Small')
    expect(await run(small, 'skipInvalid', DEFER_SEARCH_INDEXES_FROM - 1)).toEqual([small.before, small.before, small.before])

    const atomic = await table('Atomic')
    expect(await run(atomic, 'atomic', DEFER_SEARCH_INDEXES_FROM)).toEqual(DB_KIND === 'pglite' ? [] : [atomic.before, atomic.before, atomic.before])
    expect(await searchIndexes(atomic.tableName)).toEqual(atomic.before)
    expect(await search(atomic.id, 'gadget 0')).toBe(10)
  })
})
