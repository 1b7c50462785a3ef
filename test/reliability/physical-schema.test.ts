/**
 * The metadata-vs-physical comparison the kill and writer trials rely on must itself see a
 * difference: a column dropped behind DocPal's back, an orphan column, a type changed in SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '@docpal/plugin-sdk'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { schemaMismatches } from './support/physical-schema.ts'

let t: TestServer
let table: { id: string; tableName: string }
const ddl = (text: string) => t.db.db.query(sql.raw(text))

beforeAll(async () => {
  t = await startTestServer()
  const app = (await t.api('POST', '/api/apps', { name: 'Check' })).body.id
  table = (
    await t.api('POST', `/api/apps/${app}/tables`, {
      name: 'T',
      columns: [
        { name: 'A', type: 'text' },
        { name: 'B', type: 'number' },
      ],
    })
  ).body
})
afterAll(() => t?.close())

describe('schemaMismatches', () => {
  it('finds none on a table DocPal made', async () => {
    expect(await schemaMismatches(t.db.db)).toEqual([])
  })
  it('names a type changed in SQL, an orphan column and a dropped one', async () => {
    const [a, b] = await t.db.db.query<{ c: string }>(sql`select column_name as c from data_table_columns where data_table_id = ${table.id} order by "order"`)
    await ddl(`alter table "${table.tableName}" alter column "${b!.c}" type text`)
    await ddl(`alter table "${table.tableName}" add column f_0123456789abcdef text`)
    await ddl(`alter table "${table.tableName}" drop column "${a!.c}"`)
    const found = await schemaMismatches(t.db.db)
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`physical column ${a!.c} is missing`),
        expect.stringContaining(`metadata says numeric, the column is text`),
        expect.stringContaining(`${table.tableName}.f_0123456789abcdef (text) has no metadata`),
      ]),
    )
    expect(found).toHaveLength(3)
  })
})
