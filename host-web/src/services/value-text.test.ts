import { describe, expect, it } from 'vitest'
import { valueText } from './value-text.ts'

describe('valueText', () => {
  it('shows values as a person reads them', () => {
    expect([null, undefined, '', 'x', 3, true, false, ['a', 'b'], { k: 1 }].map(valueText)).toEqual(['—', '—', '—', 'x', '3', '✓', '✗', 'a, b', '{"k":1}'])
  })

  it('names linked records and users instead of showing their JSON', () => {
    expect(valueText({ id: 'c1', display: 'Globex' })).toBe('Globex')
    expect(
      valueText([
        { id: 'c1', display: 'Globex' },
        { id: 'c2', display: 'Acme' },
      ]),
    ).toBe('Globex, Acme')
    expect(valueText({ id: 'u1', name: 'Bob', avatar: null })).toBe('Bob')
  })
})
