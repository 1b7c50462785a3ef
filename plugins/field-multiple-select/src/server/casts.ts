import { ifOption, optionIdOf, sql, withValue } from '@docpal/plugin-sdk'
import type { CastContext, SQL } from '@docpal/plugin-sdk'
import { type MultipleSelectConfig } from '../shared/config.ts'

type Ctx = CastContext<MultipleSelectConfig>

/**
 * Comma-separated labels (or ids), as a text cast of this type writes them: unknown parts are
 * dropped, duplicates kept once, in first-seen order. NULL when nothing matched, so the dry run
 * counts text that did not convert at all.
 */
export function fromText(col: SQL, ctx: Ctx): SQL {
  const idOfPart = optionIdOf(sql`docpal_p.part`, ctx.to.options)
  return sql`(select array_agg(docpal_m.id order by docpal_m.n) from (
    select docpal_x.id, min(docpal_x.n) as n from (
      select ${idOfPart} as id, docpal_p.n
      from unnest(string_to_array(${col}, ',')) with ordinality as docpal_p(part, n)
    ) as docpal_x where docpal_x.id is not null group by docpal_x.id) as docpal_m)`
}

export function fromSingle(col: SQL, ctx: Ctx): SQL {
  return withValue(ifOption(col, ctx.to.options), (v) => sql`case when ${v} is not null then array[${v}] end`)
}

/**
 * After a config change, removed options are dropped from each row; a row left with none becomes
 * NULL (not `{}`) so the dry run reports it. Rows that were already empty stay as they were.
 */
export function fromMultiple(col: SQL, ctx: Ctx): SQL {
  const kept = sql`(select array_agg(docpal_u.id order by docpal_u.n)
    from unnest(${col}) with ordinality as docpal_u(id, n) where ${ifOption(sql`docpal_u.id`, ctx.to.options)} is not null)`
  return sql`case when cardinality(${col}) = 0 then ${col} else ${kept} end`
}
