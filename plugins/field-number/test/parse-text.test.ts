import { describe, expect, it } from 'vitest'
import { numberFieldType } from '../src/server/index.ts'

/** parseText: imported cells read by this type (docs/import-export.md); what does not read stays text, for `input` to refuse. */
describe('number parseText', () => {
  it('numbers: thousands separators and spaces dropped, more than 15 significant digits kept as text', () => {
    const p = (s: string) => numberFieldType.parseText!(s, {})
    expect(p('1,234.50')).toBe(1234.5)
    expect(p('1 234')).toBe(1234)
    expect(p('-0.25')).toBe(-0.25)
    expect(p('1e3')).toBe(1000)
    expect(p('0.000001')).toBe(0.000001)
    for (const s of ['ten', '1,23', '12,34.5', '1.2.3', '12345678901234567', '']) expect(p(s), s).toBe(s)
  })
})
