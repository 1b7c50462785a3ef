/**
 * Calendar days as `YYYY-MM-DD` keys, shared by the date-based views. Arithmetic runs in UTC on
 * those keys, so daylight-saving changes never shift a day; a date-time value sits on its local day.
 */
export const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/
const pad = (n: number) => String(n).padStart(2, '0')

export const utcKey = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
export const keyToUtc = (key: string): Date => new Date(`${key}T00:00:00Z`)
export const localKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
export const todayKey = (): string => localKey(new Date())

/** The day of a field value: a date as it is, a date-time on its local day, anything else none. */
export function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  if (DAY_KEY.test(value)) return value
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? undefined : localKey(d)
}

export function addDays(key: string, n: number): string {
  const d = keyToUtc(key)
  d.setUTCDate(d.getUTCDate() + n)
  return utcKey(d)
}

export function formatDay(key: string, locale: string, opts: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' }).format(keyToUtc(key))
}
