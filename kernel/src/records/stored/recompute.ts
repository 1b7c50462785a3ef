import { sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../../db/executor.ts'
import { isSideColumn, storedTableName } from '../../schema/names.ts'
import { ident } from '../../sql/ident.ts'
import type { StoredField } from '../../schema/stored-fields.ts'

const comma = sql`, `

/** `select s.id, <value of each field>` over the rows `rows` selects (all when absent). */
function valuesOf(table: string, fields: ReadonlyArray<StoredField>, rows: SQL | undefined): SQL {
  const joins: SQL[] = []
  const values: SQL[] = [sql`s.id`]
  fields.forEach((f, i) => {
    const g = f.grouped(rows)
    const u = ident(`u${i + 1}`)
    joins.push(sql` left join (${g.sql}) ${u} on ${u}.id = s.id`)
    values.push(sql`coalesce(${u}.v, ${g.empty}) as ${ident(`v${i + 1}`)}`)
  })
  return sql`select ${sql.join(values, comma)} from ${ident(table)} s${sql.join(joins, sql``)}${rows ? sql` where s.id in (${rows})` : sql``}`
}

/** `(a, b) is distinct from (c, d)` over text forms (json has no equality). */
function differ(fields: ReadonlyArray<StoredField>, old: (m: SQL) => SQL, fresh: (m: SQL, i: number) => SQL): SQL {
  const before = fields.map((f) => sql`(${old(ident(f.storedColumn))})::text`)
  const after = fields.map((f, i) => sql`(${fresh(ident(f.storedColumn), i)})::text`)
  return sql`(${sql.join(before, comma)}) is distinct from (${sql.join(after, comma)})`
}

/**
 * Recomputes the stored values of `fields` (all of one table) for the rows whose ids `rows`
 * selects (every row when absent), writing only rows whose values changed; answers their ids.
 * One statement: values in the row are an UPDATE, values in the side table an upsert, each
 * field's grouped form joined once.
 */
export async function recompute(ex: Executor, fields: ReadonlyArray<StoredField>, rows?: SQL): Promise<string[]> {
  const [first] = fields
  if (!first) return []
  const table = first.table.tableName
  const inRow = fields.filter((f) => !isSideColumn(f.storedColumn))
  const side = fields.filter((f) => isSideColumn(f.storedColumn))
  const writes: SQL[] = []
  if (inRow.length) {
    const sets = inRow.map((f, i) => sql`${ident(f.storedColumn)} = x.${ident(`v${i + 1}`)}`)
    writes.push(
      sql`update ${ident(table)} as t set ${sql.join(sets, comma)} from (${valuesOf(table, inRow, rows)}) x where t.id = x.id and ${differ(
        inRow,
        (m) => sql`t.${m}`,
        (_m, i) => sql`x.${ident(`v${i + 1}`)}`,
      )} returning t.id`,
    )
  }
  if (side.length) {
    const names = [sql`id`, ...side.map((f) => ident(f.storedColumn))]
    const sets = side.map((f) => sql`${ident(f.storedColumn)} = excluded.${ident(f.storedColumn)}`)
    writes.push(
      sql`insert into ${ident(storedTableName(table))} as t (${sql.join(names, comma)}) ${valuesOf(table, side, rows)} on conflict (id) do update set ${sql.join(sets, comma)} where ${differ(
        side,
        (m) => sql`t.${m}`,
        (m) => sql`excluded.${m}`,
      )} returning t.id`,
    )
  }
  // Two tables written by one statement (data-modifying CTEs): one round trip per table reached.
  const [a, b] = writes
  if (!a) return []
  const statement = b ? sql`with a as (${a}), b as (${b}) select id from a union select id from b` : a
  return (await ex.query<{ id: string }>(statement)).map((r) => r.id)
}
