import { describe, expect, it } from 'vitest'
import { dayValue, daysBetween, shiftValue } from '../../src/client/move.ts'

describe('calendar moves', () => {
  it('counts whole days between day keys, across months and years', () => {
    expect(daysBetween('2026-03-10', '2026-03-20')).toBe(10)
    expect(daysBetween('2026-03-20', '2026-03-10')).toBe(-10)
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3)
  })

  it('moves a date as a date and a date-time by days keeping its local time of day', () => {
    expect(shiftValue('2026-03-10', 5)).toBe('2026-03-15')
    const nineThirty = new Date(2026, 2, 10, 9, 30)
    const moved = new Date(shiftValue(nineThirty.toISOString(), 30) as string)
    expect([moved.getFullYear(), moved.getMonth(), moved.getDate(), moved.getHours(), moved.getMinutes()]).toEqual([2026, 3, 9, 9, 30])
    expect(shiftValue(null, 3)).toBeNull()
    expect(shiftValue('not a date', 3)).toBe('not a date')
  })

  it('gives a clicked day as a date, or its local midnight for a date-time field', () => {
    expect(dayValue('2026-03-25', false)).toBe('2026-03-25')
    expect(dayValue('2026-03-25', true)).toBe(new Date(2026, 2, 25).toISOString())
  })
})
