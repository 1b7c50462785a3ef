import { sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../../db/executor.ts'
import { ident } from '../../sql/ident.ts'
import type { StoredField } from './stored-fields.ts'

/**
 * Recomputes the stored values of `fields` (all of one table) for the rows whose ids `rows`
 * selects (every row when absent), writing only rows whose values changed; answers their ids.
 * One statement: each field's grouped form is joined once over the rows.
 */
export async function recompute(ex: Executor, fields: ReadonlyArray<StoredField>, rows?: SQL): Promise<string[]> {
  if (!fields.length) return []
  const table = ident(fields[0]!.table.tableName)
  const joins: SQL[] = []
  const values: SQL[] = []
  const sets: SQL[] = []
  const before: SQL[] = []
  const after: SQL[] = []
  fields.forEach((f, i) => {
    const g = f.grouped(rows)
    const u = ident(`u${i + 1}`)
    const v = ident(`v${i + 1}`)
    const m = ident(f.storedColumn)
    joins.push(sql` left join (${g.sql}) ${u} on ${u}.id = s.id`)
    values.push(sql`coalesce(${u}.v, ${g.empty}) as ${v}`)
    sets.push(sql`${m} = x.${v}`)
    before.push(sql`(t.${m})::text`)
    after.push(sql`(x.${v})::text`)
  })
  const where = rows ? sql` where s.id in (${rows})` : sql``
  const comma = sql`, `
  const changed = await ex.query<{ id: string }>(
    sql`update ${table} as t set ${sql.join(sets, comma)} from (select s.id, ${sql.join(values, comma)} from ${table} s${sql.join(joins, sql``)}${where}) x where t.id = x.id and (${sql.join(before, comma)}) is distinct from (${sql.join(after, comma)}) returning t.id`,
  )
  return changed.map((r) => r.id)
}
