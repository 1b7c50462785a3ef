import { ISO_DATE_SOURCE, sql, TYPE_SQL, withValue } from '@docpal/plugin-sdk'
import type { CastContext, SQL } from '@docpal/plugin-sdk'
import { dateConfigSchema, type DateConfig } from '../shared/config.ts'

export const columnType = (c: DateConfig): 'date' | 'timestamptz' => (c.includeTime ? 'timestamptz' : 'date')

// What ::date and ::timestamptz accept without raising: a real date (ISO_DATE_SOURCE rejects
// 2026-02-30 and year 0), an optional time, and an offset within PostgreSQL's ±15:59. Text
// without an offset is read as UTC (the session time zone).
const TEXT_PATTERN = `^${ISO_DATE_SOURCE}(?:[T ](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,6})?)?` + '(?:Z|[+-](?:0\\d|1[0-5])(?::?[0-5]\\d)?)?)?$'

export function fromText(col: SQL, ctx: CastContext<DateConfig>): SQL {
  return withValue(sql`btrim(${col})`, (v) => sql`case when ${v} ~ ${TEXT_PATTERN} then ${v}::${TYPE_SQL[columnType(ctx.to)]} end`)
}

/** date ↔ date-time after a config change, pinned to UTC days. */
export function fromDate(col: SQL, ctx: CastContext<DateConfig>): SQL {
  const from = dateConfigSchema.parse(ctx.fromConfig)
  if (from.includeTime === ctx.to.includeTime) return col
  return ctx.to.includeTime ? sql`(${col}::timestamp at time zone 'UTC')` : sql`(${col} at time zone 'UTC')::date`
}
