import { describe, expect, it } from 'vitest'
import type { AnyFieldType } from '@docpal/plugin-sdk'
import textPlugin from '../../plugins/field-text/src/server/index.ts'
import longTextPlugin from '../../plugins/field-long-text/src/server/index.ts'
import numberPlugin from '../../plugins/field-number/src/server/index.ts'
import { compile } from '../src/db/executor.ts'
import { compileCount } from '../src/query/compile.ts'
import { resolveQuery } from '../src/query/resolve.ts'
import { TableRuntime } from '../src/schema/table-runtime.ts'
import type { ColumnMeta, TableMeta } from '../src/schema/table-model.ts'

/** Which form quick search compiles to, by which fields have a trigram index (docs/search.md). */
const types = new Map<string, AnyFieldType>([...(textPlugin.fieldTypes ?? []), ...(longTextPlugin.fieldTypes ?? []), ...(numberPlugin.fieldTypes ?? [])].map((f) => [f.type, f]))
const column = (n: number, type: string): ColumnMeta => ({
  id: `aaaaaaaa-0000-4000-8000-00000000000${n}`,
  name: `C${n}`,
  type,
  config: {},
  required: false,
  order: n,
  columnName: `f_aaaaaaaa0000000${n}`,
  dataType: type === 'number' ? 'numeric' : 'text',
  linkSide: null,
  storedColumn: null,
  storedSignature: null,
  archivedAt: null,
})
const table = (columns: ColumnMeta[]): TableRuntime => {
  const meta: TableMeta = {
    id: '11111111-1111-4111-8111-111111111111',
    companyId: '22222222-2222-4222-8222-222222222222',
    appId: '33333333-3333-4333-8333-333333333333',
    name: 'T',
    description: null,
    tableName: 'dt_222222222222_1111111111114111',
    version: 1,
    createdBy: null,
    createdAt: '',
    updatedAt: '',
    columns,
    archived: [],
    layouts: { defaultCardView: {}, defaultForm: {}, defaultDetailDashboard: {}, userCardView: null, form: null, detailView: null },
  }
  return new TableRuntime(meta, { table: () => undefined, fieldType: (t) => types.get(t), formulaFunction: () => undefined })
}
const countSql = (rt: TableRuntime, searchBranches = false, search = 'x') =>
  compile(
    compileCount(
      rt,
      resolveQuery(rt, {
        kind: 'select',
        tableId: rt.meta.id,
        fields: undefined,
        filter: undefined,
        sort: [],
        limit: 50,
        offset: 0,
        after: undefined,
        count: 'exact',
        groupBy: undefined,
        search,
      }),
      '',
      { searchBranches },
    ),
  ).sql

describe('quick search form', () => {
  it('every field indexed (text): one OR, unless the database asks for branches (PGlite)', () => {
    const rt = table([column(1, 'text'), column(2, 'text')])
    expect(countSql(rt)).toBe(
      'select count(*)::int as total from "dt_222222222222_1111111111114111" t where ("t"."f_aaaaaaaa00000001" ilike $1) or ("t"."f_aaaaaaaa00000002" ilike $2)',
    )
    expect(countSql(rt, true)).toContain('where t.id in (select t.id from "dt_222222222222_1111111111114111" t where "t"."f_aaaaaaaa00000001" ilike $1 union all select t.id')
  })

  it('some indexed, some not (long text): one branch of ids per field', () => {
    expect(countSql(table([column(1, 'text'), column(2, 'long_text')]))).toContain('where t.id in (select t.id from')
  })

  it("the field types' own tests (two numbers here) share one branch: one read of the table for all of them", () => {
    const t = '"dt_222222222222_1111111111114111"'
    expect(countSql(table([column(1, 'text'), column(2, 'number'), column(3, 'number')]), false, '7')).toBe(
      `select count(*)::int as total from ${t} t where t.id in (select t.id from ${t} t where "t"."f_aaaaaaaa00000001" ilike $1 union all select t.id from ${t} t where ("t"."f_aaaaaaaa00000002" = $2::numeric) or ("t"."f_aaaaaaaa00000003" = $3::numeric))`,
    )
  })

  it('none indexed: one OR, a single pass over the table', () => {
    expect(countSql(table([column(1, 'long_text'), column(2, 'long_text')]))).toContain('where ("t"."f_aaaaaaaa00000001" ilike $1) or (')
  })
})
