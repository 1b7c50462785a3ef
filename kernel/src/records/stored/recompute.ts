import { sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../../db/executor.ts'
import { storedTableName } from '../../ddl/names.ts'
import { ident } from '../../sql/ident.ts'
import type { StoredField } from './stored-fields.ts'

/**
 * Recomputes the stored values of `fields` (all of one table) for the rows whose ids `rows`
 * selects (every row when absent) into the table's side table, writing only rows whose values
 * changed; answers their ids. One statement: each field's grouped form is joined once.
 */
export async function recompute(ex: Executor, fields: ReadonlyArray<StoredField>, rows?: SQL): Promise<string[]> {
  if (!fields.length) return []
  const table = fields[0]!.table.tableName
  const names: SQL[] = [sql`id`]
  const joins: SQL[] = []
  const values: SQL[] = [sql`s.id`]
  const sets: SQL[] = []
  const before: SQL[] = []
  const after: SQL[] = []
  fields.forEach((f, i) => {
    const g = f.grouped(rows)
    const u = ident(`u${i + 1}`)
    const m = ident(f.storedColumn)
    names.push(m)
    joins.push(sql` left join (${g.sql}) ${u} on ${u}.id = s.id`)
    values.push(sql`coalesce(${u}.v, ${g.empty})`)
    sets.push(sql`${m} = excluded.${m}`)
    before.push(sql`(t.${m})::text`)
    after.push(sql`(excluded.${m})::text`)
  })
  const where = rows ? sql` where s.id in (${rows})` : sql``
  const comma = sql`, `
  const changed = await ex.query<{ id: string }>(
    sql`insert into ${ident(storedTableName(table))} as t (${sql.join(names, comma)}) select ${sql.join(values, comma)} from ${ident(table)} s${sql.join(joins, sql``)}${where} on conflict (id) do update set ${sql.join(sets, comma)} where (${sql.join(before, comma)}) is distinct from (${sql.join(after, comma)}) returning t.id`,
  )
  return changed.map((r) => r.id)
}
