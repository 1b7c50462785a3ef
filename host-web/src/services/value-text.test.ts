import { describe, expect, it } from 'vitest'
import { valueText } from './value-text.ts'

describe('valueText', () => {
  it('shows values as a person reads them', () => {
    expect([null, undefined, '', 'x', 3, true, false, ['a', 'b'], { k: 1 }].map(valueText)).toEqual(['—', '—', '—', 'x', '3', '✓', '✗', 'a, b', '{"k":1}'])
  })
})
