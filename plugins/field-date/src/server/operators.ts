import { isoDate, orderedOperators, sql, z } from '@docpal/plugin-sdk'
import type { OperatorDefinition, SQL } from '@docpal/plugin-sdk'
import { dateValueSchema, encodeDate, type DateConfig } from '../shared/config.ts'

type Operators = Record<string, OperatorDefinition<DateConfig>>

const options = { value: dateValueSchema, encode: (v: unknown, c: DateConfig) => encodeDate(String(v), c) }
const onDates = orderedOperators<DateConfig>({ type: 'date', ...options })
const onInstants = orderedOperators<DateConfig>({ type: 'timestamptz', ...options })

/** One of the SDK's ordered operators; both sets have the same names, so a missing one is a bug. */
function operatorOf(set: Operators, name: string): OperatorDefinition<DateConfig> {
  const op = set[name]
  if (!op) throw new Error(`field-date: the SDK's ordered operators have no '${name}'`)
  return op
}

/**
 * The SDK's operators cast values to one fixed type, but this column is `date` or `timestamptz`
 * depending on the config: pick the matching set per call, so a date column keeps its index.
 */
const ordered: Operators = Object.fromEntries(
  Object.entries(onDates).map(([name, op]) => [
    name,
    { ...op, build: (col: SQL, v: unknown, c: DateConfig) => operatorOf(c.includeTime ? onInstants : onDates, name).build(col, v, c) },
  ]),
)

/** Midnight UTC starting the day `d` (a parameter): independent of the session time zone. */
const dayStart = (d: unknown) => sql`(${String(d)}::date::timestamp at time zone 'UTC')`
const dayEnd = (d: unknown) => sql`(${dayStart(d)} + interval '1 day')`
const isPlainDate = (s: string) => s.length === 10

/** Whether `col` falls on the UTC calendar day `d`. */
function onDay(col: SQL, d: unknown, c: DateConfig): SQL {
  return c.includeTime ? sql`(${col} >= ${dayStart(d)} and ${col} < ${dayEnd(d)})` : sql`${col} = ${String(d)}::date`
}

/** Inclusive range; a plain-date upper bound on date-times includes that whole day. */
function between(col: SQL, v: unknown, c: DateConfig): SQL {
  const [from, to] = v as [string, string]
  if (!c.includeTime) return sql`${col} between ${from}::date and ${to}::date`
  const upper = isPlainDate(to) ? sql`${col} < ${dayEnd(to)}` : sql`${col} <= ${encodeDate(to, c)}::timestamptz`
  return sql`(${col} >= ${encodeDate(from, c)}::timestamptz and ${upper})`
}

export const dateOperators: Operators = {
  ...ordered,
  before: operatorOf(ordered, 'lt'),
  after: operatorOf(ordered, 'gt'),
  on: { value: () => isoDate(), build: onDay },
  between: { value: (c) => z.tuple([dateValueSchema(c), dateValueSchema(c)]), build: between },
}
