/** Month and week grids over the SDK's day keys (`YYYY-MM-DD`, arithmetic in UTC). */
import { addDays, formatDay, keyToUtc, utcKey } from '@docpal/plugin-sdk/client'

export { addDays, dayOf, keyToUtc, localKey, todayKey } from '@docpal/plugin-sdk/client'

export function addMonths(key: string, n: number): string {
  const d = keyToUtc(key)
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() + n)
  return utcKey(d)
}

/** 0 = Sunday. */
export const weekday = (key: string): number => keyToUtc(key).getUTCDay()
export const startOfWeek = (key: string, weekStart: number): string => addDays(key, -((weekday(key) - weekStart + 7) % 7))
export const startOfMonth = (key: string): string => `${key.slice(0, 7)}-01`
export const days = (from: string, count: number): string[] => Array.from({ length: count }, (_, i) => addDays(from, i))

/** Six whole weeks around the month of `key`, as month calendars show them. */
export const monthGrid = (key: string, weekStart: number): string[] => days(startOfWeek(startOfMonth(key), weekStart), 42)
export const weekOf = (key: string, weekStart: number): string[] => days(startOfWeek(key, weekStart), 7)

/** Sunday-first in English, Monday-first in Chinese (and ISO 8601). */
export const weekStartFor = (locale: string): number => (locale.startsWith('en') ? 0 : 1)

export const format = formatDay
