import { describe, expect, it } from 'vitest'
import { multipleSelectFieldType } from '../src/server/index.ts'

/** parseText: imported cells read by this type (docs/import-export.md); what does not read stays text, for `input` to refuse. */
describe('multiple_select parseText', () => {
  it('multiple selects: a comma-separated list', () => {
    expect(multipleSelectFieldType.parseText!('Red, Blue ,', { options: [] })).toEqual(['Red', 'Blue'])
  })
})
