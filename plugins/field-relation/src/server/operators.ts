import { arrayLiteral, escapeLike, linkedRows, sql, z, type FieldScope, type OperatorDefinition, type SQL } from '@docpal/plugin-sdk'
import type { RelationConfig } from '../shared/config.ts'
import { displayOf } from './display.ts'

const ids = () => z.array(z.uuid()).min(1).max(1000)

function rows(scope: FieldScope | undefined) {
  const r = scope?.self ? linkedRows(scope, scope.self.id) : undefined
  if (!r) throw new Error('relation operators need the field scope')
  return r
}

/** `exists (select 1 from <links of this row> where <cond>)` */
function exists(scope: FieldScope | undefined, cond: (r: ReturnType<typeof rows>) => SQL): SQL {
  const r = rows(scope)
  return sql`exists (select 1 from ${r.fromWhere} and ${cond(r)})`
}

/** Filters on links by record id, and on the linked records' display value. */
export const relationOperators: Record<string, OperatorDefinition<RelationConfig>> = {
  has_any: { value: ids, build: (_c, v, _cfg, scope) => exists(scope, (r) => sql`${r.links.other} = any(${arrayLiteral(v as string[])}::uuid[])`) },
  has_none: { value: ids, build: (_c, v, _cfg, scope) => sql`not ${exists(scope, (r) => sql`${r.links.other} = any(${arrayLiteral(v as string[])}::uuid[])`)}` },
  has_all: {
    value: ids,
    build: (_c, v, _cfg, scope) => {
      const r = rows(scope)
      const list = [...new Set(v as string[])]
      return sql`(select count(distinct ${r.links.other}) from ${r.fromWhere} and ${r.links.other} = any(${arrayLiteral(list)}::uuid[])) = ${list.length}::int`
    },
  },
  is_empty: { build: (_c, _v, _cfg, scope) => sql`not ${exists(scope, () => sql`true`)}` },
  is_not_empty: { build: (_c, _v, _cfg, scope) => exists(scope, () => sql`true`) },
  display_eq: { value: () => z.string().max(10_000), build: (_c, v, cfg, scope) => exists(scope, (r) => sql`(${displayOf(r.target, cfg)})::text = ${String(v)}`) },
  display_contains: {
    value: () => z.string().max(10_000),
    build: (_c, v, cfg, scope) => exists(scope, (r) => sql`(${displayOf(r.target, cfg)})::text ilike ${'%' + escapeLike(String(v)) + '%'}`),
  },
  display_not_contains: {
    value: () => z.string().max(10_000),
    build: (_c, v, cfg, scope) => sql`not ${exists(scope, (r) => sql`(${displayOf(r.target, cfg)})::text ilike ${'%' + escapeLike(String(v)) + '%'}`)}`,
  },
}

/** Quick search: some linked record's display value contains the text (`pattern`, an ILIKE contains). */
export function searchDisplay(cfg: RelationConfig, scope: FieldScope | undefined, pattern: string): SQL {
  return exists(scope, (r) => sql`(${displayOf(r.target, cfg)})::text ilike ${pattern}`)
}
