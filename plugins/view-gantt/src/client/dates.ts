/** Timeline arithmetic over the SDK's day keys (`YYYY-MM-DD`, arithmetic in UTC). */
import { addDays, DAY_KEY, formatDay, keyToUtc } from '@docpal/plugin-sdk/client'

export { addDays, dayOf, localKey, todayKey } from '@docpal/plugin-sdk/client'

const MS_PER_DAY = 86_400_000

/** Whole days from `b` to `a`. */
export const daysBetween = (a: string, b: string): number => Math.round((keyToUtc(a).getTime() - keyToUtc(b).getTime()) / MS_PER_DAY)

/** Monday-first weeks, as project plans count them. */
export const startOfWeek = (key: string): string => addDays(key, -((keyToUtc(key).getUTCDay() + 6) % 7))

/** A field value moved by whole days: a date stays a date, a date-time keeps its time of day. */
export function shiftValue(value: unknown, n: number): string | null {
  if (typeof value !== 'string' || value === '') return null
  if (DAY_KEY.test(value)) return addDays(value, n)
  const d = new Date(value)
  d.setDate(d.getDate() + n)
  return d.toISOString()
}

export const format = formatDay
