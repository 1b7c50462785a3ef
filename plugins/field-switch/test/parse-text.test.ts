import { describe, expect, it } from 'vitest'
import { switchFieldType } from '../src/server/index.ts'

/** parseText: imported cells read by this type (docs/import-export.md); what does not read stays text, for `input` to refuse. */
describe('switch parseText', () => {
  it('switches: the words of the conversion from text', () => {
    const p = (s: string) => switchFieldType.parseText!(s, {})
    expect(['yes', 'TRUE', 'on', '1', 'checked'].map(p)).toEqual([true, true, true, true, true])
    expect(['no', 'False', 'off', '0'].map(p)).toEqual([false, false, false, false])
    expect(p('maybe')).toBe('maybe')
  })
})
