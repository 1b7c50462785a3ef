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

/** The stored text of a parsed value: date-times as UTC ISO 8601 with milliseconds. */
export function encodeDate(value: string, config: DateConfig): string {
  return config.includeTime ? new Date(value).toISOString() : value
}
