import { sql, type SQL } from '@docpal/plugin-sdk'

/** Units as Airtable (Moment) spells them; the case of single letters matters (M months, m minutes). */
export interface Unit {
  readonly names: ReadonlyArray<string>
  /** Fixed length in seconds; undefined for calendar units (months, quarters, years). */
  readonly seconds?: number
  /** Months in a calendar unit. */
  readonly months?: number
  /** The unit as an interval, for DATEADD. */
  readonly interval: SQL
  /** An upper bound of its length in days, to keep DATEADD within range. */
  readonly days: number
}

export const UNITS: ReadonlyArray<Unit> = [
  { names: ['ms', 'millisecond', 'milliseconds'], seconds: 0.001, interval: sql`interval '1 millisecond'`, days: 1 / 86_400_000 },
  { names: ['s', 'second', 'seconds'], seconds: 1, interval: sql`interval '1 second'`, days: 1 / 86_400 },
  { names: ['m', 'minute', 'minutes'], seconds: 60, interval: sql`interval '1 minute'`, days: 1 / 1440 },
  { names: ['h', 'hour', 'hours'], seconds: 3600, interval: sql`interval '1 hour'`, days: 1 / 24 },
  { names: ['d', 'day', 'days'], seconds: 86_400, interval: sql`interval '1 day'`, days: 1 },
  { names: ['w', 'week', 'weeks'], seconds: 604_800, interval: sql`interval '7 days'`, days: 7 },
  { names: ['M', 'month', 'months'], months: 1, interval: sql`interval '1 month'`, days: 31 },
  { names: ['Q', 'quarter', 'quarters'], months: 3, interval: sql`interval '3 months'`, days: 92 },
  { names: ['y', 'year', 'years'], months: 12, interval: sql`interval '1 year'`, days: 366 },
]

/** Matches a unit text: single letters exactly, words ignoring case. */
export function unitTest(unit: SQL, u: Unit): SQL {
  const letters = u.names.filter((n) => n.length <= 2)
  const words = u.names.filter((n) => n.length > 2)
  return sql`(${unit} = any(${'{' + letters.join(',') + '}'}::text[]) or lower(${unit}) = any(${'{' + words.join(',') + '}'}::text[]))`
}

/** CASE over the units: `pick(u)` for the unit named by `unit`, blank for an unknown unit. */
export function byUnit(unit: SQL, pick: (u: Unit) => SQL): SQL {
  return sql`case ${sql.join(
    UNITS.map((u) => sql`when ${unitTest(unit, u)} then ${pick(u)}`),
    sql` `,
  )} end`
}
