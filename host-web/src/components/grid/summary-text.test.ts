import { describe, expect, it } from 'vitest'
import type { ColumnInfo } from '@docpal/plugin-sdk/client'
import { summaryText } from './summary-text.ts'

const col = (config: Record<string, unknown>): ColumnInfo => ({ id: 'c', name: 'Amount', type: 'number', config, required: false, order: 0 })

describe('summaryText', () => {
  it("shows sums, minimums and maximums at the column's precision, averages with at least 2 decimals", () => {
    expect(summaryText(4184.5, 'sum', col({ precision: 2 }))).toBe('4,184.50')
    expect(summaryText(3, 'max', col({ precision: 2 }))).toBe('3.00')
    expect(summaryText(2.5, 'avg', col({ precision: 0 }))).toBe('2.50')
    expect(summaryText(2.12345, 'avg', col({ precision: 3 }))).toBe('2.123')
    // No precision in the config: the value's own decimals.
    expect(summaryText(1469.055, 'sum', col({}))).toBe('1,469.055')
  })
  it('counts are whole; empty and text values as they are', () => {
    expect(summaryText(1200, 'count', col({ precision: 2 }))).toBe('1,200')
    expect(summaryText(null, 'sum', col({}))).toBe('–')
    expect(summaryText('2026-01-05', 'min', { ...col({}), type: 'date' })).toBe('2026-01-05')
  })
})
