import { describe, expect, it } from 'vitest'
import { moveBy, typesText } from './grid-keys.ts'

const size = { rows: 100, cols: 5, page: 20 }
const none = { shiftKey: false, ctrlKey: false, metaKey: false }
const at = { row: 10, col: 2 }

describe('grid keys', () => {
  it('moves like a spreadsheet, clamped to the grid', () => {
    expect(moveBy('ArrowDown', at, size, none)).toEqual({ row: 11, col: 2 })
    expect(moveBy('ArrowLeft', { row: 0, col: 0 }, size, none)).toEqual({ row: 0, col: 0 })
    expect(moveBy('ArrowDown', at, size, { ...none, ctrlKey: true })).toEqual({ row: 99, col: 2 })
    expect(moveBy('Tab', at, size, none)).toEqual({ row: 10, col: 3 })
    expect(moveBy('Tab', at, size, { ...none, shiftKey: true })).toEqual({ row: 10, col: 1 })
    expect(moveBy('Home', at, size, none)).toEqual({ row: 10, col: 0 })
    expect(moveBy('End', at, size, { ...none, metaKey: true })).toEqual({ row: 99, col: 4 })
    expect(moveBy('PageDown', at, size, none)).toEqual({ row: 29, col: 2 })
    expect(moveBy('PageUp', at, size, none)).toEqual({ row: 0, col: 2 })
    expect(moveBy('Enter', at, size, none)).toBeNull()
  })
  it('tells typed characters from shortcuts and named keys', () => {
    const k = (key: string, m = {}) => typesText({ key, ctrlKey: false, metaKey: false, altKey: false, ...m })
    expect([k('a'), k('7'), k('é'), k(' ')]).toEqual([true, true, true, true])
    expect([k('Enter'), k('a', { ctrlKey: true }), k('v', { metaKey: true }), k('F2')]).toEqual([false, false, false, false])
  })
})
