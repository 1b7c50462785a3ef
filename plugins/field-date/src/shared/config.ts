import { ISO_DATE_SOURCE, isoDate, z } from '@docpal/plugin-sdk'

export const dateConfigSchema = z.object({
  includeTime: z.boolean().default(false),
  /** Display format for the client (dayjs tokens); storage and the API always use ISO 8601. */
  format: z.string().min(1).max(64).default('YYYY-MM-DD'),
})
export type DateConfig = z.output<typeof dateConfigSchema>

// An offset is required so that an instant never depends on where the client happens to be.
const TIME = 'T(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?'
const OFFSET = '(?:Z|[+-](?:[01]\\d|2[0-3]):?[0-5]\\d)'
const DATE_TIME = new RegExp(`^${ISO_DATE_SOURCE}(?:${TIME}${OFFSET})?$`)

/** An ISO date-time with offset, or a plain date (midnight UTC). */
export function dateTimeSchema() {
  return (
    z
      .string()
      .max(64)
      .regex(DATE_TIME, 'an ISO date-time with an offset, such as 2026-01-31T09:30:00Z, or a date')
      .refine((s) => {
        const year = new Date(s).getUTCFullYear()
        return year >= 1 && year <= 9999
      }, 'a date-time between the years 1 and 9999 in UTC')
      // Values are kept to the millisecond: finer digits would be dropped silently, so they are refused.
      .refine((s) => !/\.\d{3}\d*[1-9]/.test(s), 'a date-time to the millisecond at most (3 decimals of a second)')
  )
}

export function dateValueSchema(config: DateConfig): z.ZodString {
  return config.includeTime ? dateTimeSchema() : isoDate()
}

const LOOSE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * A date typed as text (an imported cell) in the form the input takes: `2026/1/31` and
 * `2026-01-31 09:30` read as ISO; a time without an offset is taken as UTC (documented in
 * docs/import-export.md). A date-only column takes a date-time at midnight as its date and
 * refuses any other time rather than dropping it. Day-first or month-first forms (01/02/2026) are
 * ambiguous and stay text, which the input refuses.
 */
export function parseDateText(text: string, config: DateConfig): unknown {
  const m = LOOSE.exec(text)
  if (!m) return text
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const date = `${y}-${(mo ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`
  if (h === undefined) return date
  const time = `${h.padStart(2, '0')}:${mi ?? '00'}:${s ?? '00'}${frac ?? ''}`
  const offset = zone === undefined ? 'Z' : zone.toUpperCase()
  if (config.includeTime) return `${date}T${time}${offset}`
  return /^00:00:00(\.0+)?$/.test(time) && (offset === 'Z' || /^[+-]00:?00$/.test(offset)) ? date : text
}

/** The stored text of a parsed value: date-times as UTC ISO 8601 with milliseconds. */
export function encodeDate(value: string, config: DateConfig): string {
  return config.includeTime ? new Date(value).toISOString() : value
}
