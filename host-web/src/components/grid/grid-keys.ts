export interface Cell {
  readonly row: number
  readonly col: number
}

export interface GridSize {
  readonly rows: number
  readonly cols: number
  /** Rows that fit in the viewport (PgUp/PgDn move by this many). */
  readonly page: number
}

interface Mods {
  readonly shiftKey: boolean
  readonly ctrlKey: boolean
  readonly metaKey: boolean
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi)

/**
 * Where a navigation key moves the active cell, as in a spreadsheet: arrows by one (Ctrl/Cmd to
 * the edge), Tab and Shift+Tab along the row, Home/End to the row's ends (Ctrl/Cmd: the table's
 * corners), PgUp/PgDn by a viewport. Null: not a navigation key.
 */
export function moveBy(key: string, at: Cell, size: GridSize, m: Mods): Cell | null {
  const edge = m.ctrlKey || m.metaKey
  const lastRow = Math.max(size.rows - 1, 0)
  const lastCol = Math.max(size.cols - 1, 0)
  const to = (row: number, col: number): Cell => ({ row: clamp(row, 0, lastRow), col: clamp(col, 0, lastCol) })
  switch (key) {
    case 'ArrowDown':
      return to(edge ? lastRow : at.row + 1, at.col)
    case 'ArrowUp':
      return to(edge ? 0 : at.row - 1, at.col)
    case 'ArrowRight':
      return to(at.row, edge ? lastCol : at.col + 1)
    case 'ArrowLeft':
      return to(at.row, edge ? 0 : at.col - 1)
    case 'Tab':
      return to(at.row, at.col + (m.shiftKey ? -1 : 1))
    case 'Home':
      return to(edge ? 0 : at.row, 0)
    case 'End':
      return to(edge ? lastRow : at.row, lastCol)
    case 'PageDown':
      return to(at.row + Math.max(size.page - 1, 1), at.col)
    case 'PageUp':
      return to(at.row - Math.max(size.page - 1, 1), at.col)
    default:
      return null
  }
}

/** A key that types a character (type-to-edit), not a shortcut or a named key. */
export const typesText = (e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean => e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey
