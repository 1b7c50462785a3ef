import { describe, expect, it } from 'vitest'
import { dateFieldType } from '../src/server/index.ts'

/** parseText: imported cells read by this type (docs/import-export.md); what does not read stays text, for `input` to refuse. */
describe('date parseText', () => {
  it('dates: ISO and slashed forms; a time without offset is UTC; a date column refuses a time', () => {
    const day = (s: string) => dateFieldType.parseText!(s, { includeTime: false, format: 'YYYY-MM-DD' })
    const at = (s: string) => dateFieldType.parseText!(s, { includeTime: true, format: 'YYYY-MM-DD' })
    expect(day('2026/1/31')).toBe('2026-01-31')
    expect(day('2026-01-31T00:00:00Z')).toBe('2026-01-31')
    expect(day('2026-01-31 09:30')).toBe('2026-01-31 09:30')
    expect(day('31/01/2026')).toBe('31/01/2026')
    expect(at('2026-01-31 09:30')).toBe('2026-01-31T09:30:00Z')
    expect(at('2026-01-31T09:30:15.5+02:00')).toBe('2026-01-31T09:30:15.5+02:00')
    expect(at('2026-01-31')).toBe('2026-01-31')
  })
})
