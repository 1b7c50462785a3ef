import type { Cell } from './grid-keys.ts'

/** A rectangle of cells, corners included, normalised so `top <= bottom` and `left <= right`. */
export interface CellRange {
  readonly top: number
  readonly bottom: number
  readonly left: number
  readonly right: number
}

/** The range between the anchor (the active cell) and the other corner; one cell when there is none. */
export function rangeOf(anchor: Cell, corner: Cell | null): CellRange {
  const c = corner ?? anchor
  return { top: Math.min(anchor.row, c.row), bottom: Math.max(anchor.row, c.row), left: Math.min(anchor.col, c.col), right: Math.max(anchor.col, c.col) }
}

export const rangeRows = (r: CellRange): number => r.bottom - r.top + 1
export const rangeCols = (r: CellRange): number => r.right - r.left + 1

/**
 * Cells as TSV, the way spreadsheets put a range on the clipboard: a cell holding a tab, a line
 * break or a quote is quoted, its quotes doubled.
 */
export function toTsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const cell = (s: string) => (/[\t\n\r"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
  return rows.map((r) => r.map(cell).join('\t')).join('\n')
}

/**
 * TSV from the clipboard as rows of cells: Excel, LibreOffice and Google Sheets quote a cell that
 * holds a line break, tab or quote. A quote inside an unquoted cell is kept as text. One trailing
 * line break (Excel adds it) is not a row.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let i = 0
  const src = text.replace(/\r\n?/g, '\n')
  while (i < src.length) {
    const ch = src.charAt(i)
    if (ch === '"' && cell === '') {
      // A quoted cell runs to the quote that is followed by a tab, a line break or the end.
      let j = i + 1
      let quoted = ''
      let closed = false
      while (j < src.length) {
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            quoted += '"'
            j += 2
            continue
          }
          closed = j + 1 === src.length || src[j + 1] === '\t' || src[j + 1] === '\n'
          break
        }
        quoted += src.charAt(j)
        j++
      }
      if (closed) {
        cell = quoted
        i = j + 1
        continue
      }
    }
    if (ch === '\t') {
      row.push(cell)
      cell = ''
    } else if (ch === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += ch
    i++
  }
  if (cell !== '' || row.length) {
    row.push(cell)
    rows.push(row)
  }
  return rows
}
