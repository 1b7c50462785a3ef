import { addDays, keyToUtc } from './dates.ts'

/** Whole days from day key `from` to day key `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((keyToUtc(to).getTime() - keyToUtc(from).getTime()) / 86_400_000)
}

/**
 * A date field's value moved by `delta` days. A plain date moves as a date; a date-time keeps its
 * time of day on the person's clock (a move across a daylight-saving change keeps 09:00 at 09:00).
 */
export function shiftValue(value: unknown, delta: number): unknown {
  if (typeof value !== 'string' || value === '' || delta === 0) return value
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return addDays(value, delta)
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return value
  d.setDate(d.getDate() + delta)
  return d.toISOString()
}

/** The value a new record gets for a clicked day: the date, or that day's local midnight for a date-time field. */
export function dayValue(day: string, includeTime: boolean): string {
  if (!includeTime) return day
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).toISOString()
}
