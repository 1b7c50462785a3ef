import { describe, expect, it } from 'vitest'
import { parseTsv, rangeOf, toTsv } from './grid-range.ts'

describe('grid ranges and TSV', () => {
  it('normalises a range from its anchor and corner', () => {
    expect(rangeOf({ row: 5, col: 3 }, { row: 2, col: 4 })).toEqual({ top: 2, bottom: 5, left: 3, right: 4 })
    expect(rangeOf({ row: 1, col: 1 }, null)).toEqual({ top: 1, bottom: 1, left: 1, right: 1 })
  })

  it('reads what spreadsheets put on the clipboard', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
    // Quoted cells hold line breaks, tabs and doubled quotes; a quote inside a plain cell is text.
    expect(parseTsv('"two\nlines"\t"say ""hi"""\n5" pipe\t\n')).toEqual([
      ['two\nlines', 'say "hi"'],
      ['5" pipe', ''],
    ])
    expect(parseTsv('x')).toEqual([['x']])
    expect(parseTsv('\tb')).toEqual([['', 'b']])
  })

  it('writes TSV that reads back the same', () => {
    const rows = [
      ['plain', 'tab\there', 'quote "q"'],
      ['line\nbreak', '', '1,234.5'],
    ]
    expect(parseTsv(toTsv(rows))).toEqual(rows)
  })
})
