import { arrayLiteral, sql, z } from '@docpal/plugin-sdk'
import type { OperatorDefinition, SQL } from '@docpal/plugin-sdk'
import { optionRefSchema, type MultipleSelectConfig } from '../shared/config.ts'

const ids = (c: MultipleSelectConfig) => z.array(optionRefSchema(c)).min(1).max(1000)
const param = (v: unknown) => sql`${arrayLiteral(v as string[])}::text[]`
const isEmpty = (col: SQL) => sql`coalesce(cardinality(${col}), 0) = 0`

export const multipleSelectOperators: Record<string, OperatorDefinition<MultipleSelectConfig>> = {
  has_any: { value: ids, build: (col, v) => sql`${col} && ${param(v)}` },
  has_all: { value: ids, build: (col, v) => sql`${col} @> ${param(v)}` },
  // Empty rows have none of the options, so they match.
  has_none: { value: ids, build: (col, v) => sql`not coalesce(${col} && ${param(v)}, false)` },
  // Same set, whatever the order.
  eq: { value: ids, build: (col, v) => sql`(${col} @> ${param(v)} and ${col} <@ ${param(v)})` },
  is_empty: { build: isEmpty },
  is_not_empty: { build: (col) => sql`not (${isEmpty(col)})` },
}
