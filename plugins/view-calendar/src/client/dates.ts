/**
 * Calendar days as `YYYY-MM-DD` keys. Arithmetic runs in UTC on those keys, so daylight-saving
 * changes never shift a day; a date-time value is placed on its local day.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/
const pad = (n: number) => String(n).padStart(2, '0')
const fromUtc = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
const toUtc = (key: string) => new Date(`${key}T00:00:00Z`)

export const localKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
export const todayKey = (): string => localKey(new Date())

/** The day of a field value: a date as it is, a date-time on its local day, anything else none. */
export function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  if (DAY.test(value)) return value
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? undefined : localKey(d)
}

export function addDays(key: string, n: number): string {
  const d = toUtc(key)
  d.setUTCDate(d.getUTCDate() + n)
  return fromUtc(d)
}

export function addMonths(key: string, n: number): string {
  const d = toUtc(key)
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() + n)
  return fromUtc(d)
}

/** 0 = Sunday. */
export const weekday = (key: string): number => toUtc(key).getUTCDay()
export const startOfWeek = (key: string, weekStart: number): string => addDays(key, -((weekday(key) - weekStart + 7) % 7))
export const startOfMonth = (key: string): string => `${key.slice(0, 7)}-01`
export const days = (from: string, count: number): string[] => Array.from({ length: count }, (_, i) => addDays(from, i))

/** Six whole weeks around the month of `key`, as month calendars show them. */
export const monthGrid = (key: string, weekStart: number): string[] => days(startOfWeek(startOfMonth(key), weekStart), 42)
export const weekOf = (key: string, weekStart: number): string[] => days(startOfWeek(key, weekStart), 7)

/** Sunday-first in English, Monday-first in Chinese (and ISO 8601). */
export const weekStartFor = (locale: string): number => (locale.startsWith('en') ? 0 : 1)

export function format(key: string, locale: string, opts: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' }).format(toUtc(key))
}
