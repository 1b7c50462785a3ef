/**
 * Days as `YYYY-MM-DD` keys, with arithmetic in UTC so daylight-saving changes never shift a day;
 * a date-time value sits on its local day.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/
const MS_PER_DAY = 86_400_000
const pad = (n: number) => String(n).padStart(2, '0')
const toUtc = (key: string) => new Date(`${key}T00:00:00Z`)

export const localKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
export const todayKey = (): string => localKey(new Date())

export function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  if (DAY.test(value)) return value
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? undefined : localKey(d)
}

export function addDays(key: string, n: number): string {
  const d = toUtc(key)
  d.setUTCDate(d.getUTCDate() + n)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** Whole days from `b` to `a`. */
export const daysBetween = (a: string, b: string): number => Math.round((toUtc(a).getTime() - toUtc(b).getTime()) / MS_PER_DAY)

/** Monday-first weeks, as project plans count them. */
export const startOfWeek = (key: string): string => addDays(key, -((toUtc(key).getUTCDay() + 6) % 7))

/** A field value moved by whole days: a date stays a date, a date-time keeps its time of day. */
export function shiftValue(value: unknown, n: number): string | null {
  if (typeof value !== 'string' || value === '') return null
  if (DAY.test(value)) return addDays(value, n)
  const d = new Date(value)
  d.setDate(d.getDate() + n)
  return d.toISOString()
}

export function format(key: string, locale: string, opts: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' }).format(toUtc(key))
}
