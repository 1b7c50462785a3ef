import { describe, expect, it } from 'vitest'
import type { AnyFieldType, QueryAst } from '@docpal/plugin-sdk'
import textPlugin from '../../plugins/field-text/src/server/index.ts'
import numberPlugin from '../../plugins/field-number/src/server/index.ts'
import { compile } from '../src/db/executor.ts'
import { compileCount, compilePage } from '../src/query/compile.ts'
import { parseFilter, parseSort } from '../src/query/parse.ts'
import { resolveQuery, type ResolvedQuery } from '../src/query/resolve.ts'
import { TableRuntime } from '../src/schema/table-runtime.ts'
import type { TableMeta } from '../src/schema/table-model.ts'

const types = new Map<string, AnyFieldType>([...(textPlugin.fieldTypes ?? []), ...(numberPlugin.fieldTypes ?? [])].map((f) => [f.type, f]))
const meta: TableMeta = {
  id: '11111111-1111-4111-8111-111111111111',
  companyId: '22222222-2222-4222-8222-222222222222',
  appId: '33333333-3333-4333-8333-333333333333',
  name: 'Deals',
  description: null,
  tableName: 'dt_222222222222_1111111111114111',
  version: 1,
  createdBy: null,
  createdAt: '',
  updatedAt: '',
  columns: [
    {
      id: 'aaaaaaaa-0000-4000-8000-000000000001',
      name: 'Name',
      type: 'text',
      config: { maxLength: 100 },
      required: false,
      order: 0,
      columnName: 'f_aaaaaaaa00000001',
      dataType: 'text',
      linkSide: null,
      storedColumn: null,
      storedSignature: null,
      archivedAt: null,
    },
    {
      id: 'aaaaaaaa-0000-4000-8000-000000000002',
      name: 'Amount',
      type: 'number',
      config: { precision: 2 },
      required: false,
      order: 1,
      columnName: 'f_aaaaaaaa00000002',
      dataType: 'numeric',
      linkSide: null,
      storedColumn: null,
      storedSignature: null,
      archivedAt: null,
    },
  ],
  archived: [],
  layouts: { defaultCardView: {}, defaultForm: {}, defaultDetailDashboard: {}, userCardView: null, form: null, detailView: null },
}
const rt = new TableRuntime(meta, { table: () => undefined, fieldType: (t) => types.get(t), formulaFunction: () => undefined })

function ast(filter: unknown, sort: unknown, count: QueryAst['count'] = 'exact', search?: string): ResolvedQuery {
  return resolveQuery(rt, {
    search,
    kind: 'select',
    tableId: meta.id,
    fields: undefined,
    filter: parseFilter(rt, filter),
    sort: parseSort(rt, sort),
    limit: 50,
    offset: 0,
    after: undefined,
    count,
    groupBy: undefined,
  })
}

/** Exact SQL per query shape (Kysely's testSql): values only ever appear as parameters. */
describe('compiled SQL', () => {
  it('a filtered, sorted, counted page is one statement with every value a parameter', () => {
    const q = compile(
      compilePage(
        rt,
        ast({ or: [{ field: 'Amount', op: 'gt', value: 10 }, { and: [{ field: 'Name', op: 'contains', value: "o'; drop" }] }] }, [{ field: 'Amount', direction: 'desc' }]),
        'name',
      ).statement,
    )
    expect(q.sql).toBe(
      'with i as materialized (select q.id, json_build_array(q."v0"::text, q."v1"::text) as k, row_number() over () as o from (select t.id, "t"."f_aaaaaaaa00000002" as "v0", t.id as "v1" from "dt_222222222222_1111111111114111" t where ("t"."f_aaaaaaaa00000002" > $1::numeric) or (("t"."f_aaaaaaaa00000001" ilike $2)) order by "t"."f_aaaaaaaa00000002" desc, t.id desc limit $3 offset $4) q), p as materialized (select json_build_object(\'id\', t.id, \'createdAt\', to_char(t.created_at at time zone \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\'), \'updatedAt\', to_char(t.updated_at at time zone \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\'), \'createdBy\', t.created_by, \'fields\', json_build_object($5::text, "t"."f_aaaaaaaa00000001", $6::text, "t"."f_aaaaaaaa00000002")) as r, i.k, i.o from i join "dt_222222222222_1111111111114111" t on t.id = i.id) select coalesce((select json_agg(p.r order by p.o) from p), \'[]\'::json)::text as records, (select i.k from i order by i.o desc limit 1)::text as last_key, (select count(*) from i)::int as n, (select count(*) from "dt_222222222222_1111111111114111" t where ("t"."f_aaaaaaaa00000002" > $7::numeric) or (("t"."f_aaaaaaaa00000001" ilike $8)))::int as total, null::json::text as groups',
    )
    expect(q.params).toEqual(['10', "%o'; drop%", 50, 0, 'Name', 'Amount', '10', "%o'; drop%"])
  })

  it('with the count apart (PostgreSQL: run beside the page on a second connection), the page counts nothing and the count is its own statement over the same filter', () => {
    const q = ast({ field: 'Amount', op: 'gt', value: 10 }, [{ field: 'Name', direction: 'asc' }])
    expect(compile(compilePage(rt, q, 'name', '', { countApart: true }).statement).sql).toContain('null::int as total')
    const count = compile(compileCount(rt, q))
    expect(count.sql).toBe('select count(*)::int as total from "dt_222222222222_1111111111114111" t where "t"."f_aaaaaaaa00000002" > $1::numeric')
    expect(count.params).toEqual(['10'])
  })

  it('without a count or sort the page orders by (created_at, id) and counts nothing', () => {
    const q = compile(compilePage(rt, ast(undefined, undefined, 'none'), 'id').statement)
    expect(q.sql).toContain('where true order by t.created_at asc, t.id asc limit $1 offset $2')
    expect(q.sql).toContain('null::int as total')
    expect(q.params).toEqual([50, 0, 'aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002'])
  })

  it('quick search is ANDed with the filter: text columns as ilike, numbers by value, the pattern a parameter with % and _ escaped', () => {
    const count = compile(compileCount(rt, ast({ field: 'Amount', op: 'gt', value: 1 }, undefined, 'exact', ' 5%_x ')))
    expect(count.sql).toBe(
      'select count(*)::int as total from "dt_222222222222_1111111111114111" t where ("t"."f_aaaaaaaa00000002" > $1::numeric) and (("t"."f_aaaaaaaa00000001" ilike $2))',
    )
    expect(count.params).toEqual(['1', '%5\\%\\_x%'])
    const numeric = compile(compileCount(rt, ast(undefined, undefined, 'exact', '2.5')))
    // Several matching fields: one branch of ids each, so each can use its own index.
    expect(numeric.sql).toBe(
      'select count(*)::int as total from "dt_222222222222_1111111111114111" t where t.id in (select t.id from "dt_222222222222_1111111111114111" t where "t"."f_aaaaaaaa00000001" ilike $1 union all select t.id from "dt_222222222222_1111111111114111" t where "t"."f_aaaaaaaa00000002" = $2::numeric)',
    )
    expect(numeric.params).toEqual(['%2.5%', '2.5'])
  })

  it('a search in branches, in the default order, first walks the next rows of that order with the search as one OR; the branches run only when that walk did not fill the page', () => {
    const probed = compile(compilePage(rt, ast(undefined, undefined, 'none', '2.5'), 'id').statement)
    const table = '"dt_222222222222_1111111111114111"'
    const or = '("t"."f_aaaaaaaa00000001" ilike $2) or ("t"."f_aaaaaaaa00000002" = $3::numeric)'
    expect(probed.sql).toContain(
      `with pr as materialized (select q.id, json_build_array(q."v0"::text, q."v1"::text) as k, row_number() over () as o from (select t.id, t.created_at as "v0", t.id as "v1" from (select * from ${table} t order by t.created_at asc, t.id asc limit $1) t where ${or} order by t.created_at asc, t.id asc limit $4 offset $5) q)`,
    )
    expect(probed.sql).toContain('i as materialized (select * from pr where (select count(*) from pr) = $6 union all select * from (select q.id')
    expect(probed.sql).toContain(
      `where t.id in (select t.id from ${table} t where "t"."f_aaaaaaaa00000001" ilike $7 union all select t.id from ${table} t where "t"."f_aaaaaaaa00000002" = $8::numeric)`,
    )
    expect(probed.sql).toContain(') f where (select count(*) from pr) < $11)')
    // 20 rows of the order walked per row of the page.
    expect(probed.params.slice(0, 11)).toEqual([1000, '%2.5%', '2.5', 50, 0, 50, '%2.5%', '2.5', 50, 0, 50])
    // A search that is one OR anyway: no walk.
    expect(compile(compilePage(rt, ast(undefined, undefined, 'none', 'abc'), 'id').statement).sql).toMatch(/^with i as materialized/)
  })

  it('a sorted page walks its order only where a valid btree leads with the sort column, asked in the statement (no walk sorts the whole table)', () => {
    const sorted = compile(compilePage(rt, ast(undefined, [{ field: 'Amount', direction: 'desc' }], 'none', '2.5'), 'id').statement)
    const table = '"dt_222222222222_1111111111114111"'
    expect(sorted.sql).toContain(
      `with pr as materialized (select q.id, json_build_array(q."v0"::text, q."v1"::text) as k, row_number() over () as o from (select t.id, "t"."f_aaaaaaaa00000002" as "v0", t.id as "v1" from (select * from ${table} t where exists (select from pg_index x join pg_class c on c.oid = x.indexrelid join pg_am m on m.oid = c.relam join pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[0] where x.indrelid = $1::regclass and a.attname = $2 and m.amname = 'btree' and x.indisvalid and x.indpred is null) order by "t"."f_aaaaaaaa00000002" desc, t.id desc limit $3) t where`,
    )
    expect(sorted.params.slice(0, 3)).toEqual(['dt_222222222222_1111111111114111', 'f_aaaaaaaa00000002', 1000])
    // A system column leads: the same question about its column.
    const byUpdate = compile(compilePage(rt, ast(undefined, [{ field: 'updatedAt', direction: 'asc' }], 'none', '2.5'), 'id').statement)
    expect(byUpdate.sql).toMatch(/^with pr as materialized/)
    expect(byUpdate.params.slice(0, 2)).toEqual(['dt_222222222222_1111111111114111', 'updated_at'])
    // A cursor page walks from the cursor under the same condition.
    const next = compile(
      compilePage(rt, { ...ast(undefined, [{ field: 'Amount', direction: 'desc' }], 'none', '2.5'), after: ['7', 'aaaaaaaa-0000-4000-8000-000000000009'] }, 'id').statement,
    )
    // The walk starts at the cursor: a row comparison the sort's (column, id) index scans from (descending: no empty value follows it).
    expect(next.sql).toContain(`and x.indisvalid and x.indpred is null) and ("t"."f_aaaaaaaa00000002", t.id) < ($3, $4) order by`)
  })

  it("a search's walk and a plain page from a cursor are a range an index scans from where no empty value can follow it; the rest keeps the exact test", () => {
    const page = (sort: unknown, after: unknown[], search?: string) => compile(compilePage(rt, { ...ast(undefined, sort, 'none', search), after }, 'id').statement).sql
    const id = 'aaaaaaaa-0000-4000-8000-000000000009'
    const table = '"dt_222222222222_1111111111114111"'
    // The default order: created_at is never empty; rows a bulk insert wrote share it, so the id is part of the range.
    const walked = page(undefined, ['2026-01-01 00:00:00+00', id], '2.5')
    expect(walked).toContain(`(select * from ${table} t where (t.created_at, t.id) > ($1, $2) order by t.created_at asc, t.id asc limit $3)`)
    // The branches (a set of ids) keep the exact test: with the range, PostgreSQL re-read the set per row.
    expect(walked).toContain(') and ((t.created_at > $11 or t.created_at is null) or (t.created_at = $12 and (t.id > $13 or t.id is null))) order by')
    // Descending by a column that may be empty: empties come first, before the cursor.
    expect(page([{ field: 'Amount', direction: 'desc' }], ['7', id], '2.5')).toContain(
      'and x.indisvalid and x.indpred is null) and ("t"."f_aaaaaaaa00000002", t.id) < ($3, $4) order by',
    )
    // Ascending by a column that may be empty (empties follow every value), two sorts, or a cursor on an empty value: the exact test.
    expect(page([{ field: 'Amount', direction: 'asc' }], ['7', id], '2.5')).toContain(
      'x.indpred is null) and (("t"."f_aaaaaaaa00000002" > $3 or "t"."f_aaaaaaaa00000002" is null) or ("t"."f_aaaaaaaa00000002" = $4 and (t.id > $5 or t.id is null))) order by',
    )
    expect(
      page(
        [
          { field: 'Amount', direction: 'desc' },
          { field: 'Name', direction: 'desc' },
        ],
        ['7', 'b', id],
        '2.5',
      ),
    ).toContain(
      'x.indpred is null) and ("t"."f_aaaaaaaa00000002" < $3 or ("t"."f_aaaaaaaa00000002" = $4 and ("t"."f_aaaaaaaa00000001" < $5 or ("t"."f_aaaaaaaa00000001" = $6 and t.id < $7)))) order by',
    )
    expect(page([{ field: 'Amount', direction: 'desc' }], [null, id], '2.5')).toContain(
      'x.indpred is null) and ("t"."f_aaaaaaaa00000002" is not null or ("t"."f_aaaaaaaa00000002" is null and t.id < $3)) order by',
    )
    // A page without a search starts its own scan at the cursor where the range is exact; the exact test elsewhere.
    expect(page(undefined, ['2026-01-01 00:00:00+00', id])).toContain('where (true) and (t.created_at, t.id) > ($1, $2) order by t.created_at asc, t.id asc limit')
    expect(page([{ field: 'Amount', direction: 'desc' }], ['7', id])).toContain('where (true) and ("t"."f_aaaaaaaa00000002", t.id) < ($1, $2) order by')
    expect(page([{ field: 'Amount', direction: 'asc' }], ['7', id])).toContain(
      'where (true) and (("t"."f_aaaaaaaa00000002" > $1 or "t"."f_aaaaaaaa00000002" is null) or ("t"."f_aaaaaaaa00000002" = $2 and (t.id > $3 or t.id is null))) order by',
    )
  })

  it('compiles as a pure function: a frozen input, unchanged by compiling, gives the same statement every time', () => {
    const q = ast(
      {
        and: [
          { field: 'Amount', op: 'gt', value: 10 },
          { field: 'Name', op: 'is_not_empty' },
        ],
      },
      [{ field: 'Name', direction: 'asc' }],
    )
    // Field types, columns and operators belong to the schema and the plugins, not to the query.
    const frozen = (v: unknown, key = ''): boolean =>
      typeof v !== 'object' || v === null || ['fieldType', 'column', 'op', 'config'].includes(key) || (Object.isFrozen(v) && Object.entries(v).every(([k, x]) => frozen(x, k)))
    expect(frozen(q)).toBe(true)
    const before = JSON.stringify(q)
    const first = compile(compilePage(rt, q, 'name').statement)
    const second = compile(compilePage(rt, q, 'name').statement)
    expect(second).toEqual(first)
    expect(JSON.stringify(q)).toBe(before)
  })
})
