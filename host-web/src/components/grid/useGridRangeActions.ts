import { h } from 'vue'
import { ElNotification } from 'element-plus'
import { plainText, rawText, registry, type ColumnInfo, type RecordData } from '@docpal/plugin-sdk/client'
import { endpoints } from '../../services/endpoints.ts'
import type { Cell } from './grid-keys.ts'
import { parseTsv, rangeCols, rangeRows, toTsv, type CellRange } from './grid-range.ts'
import { rowsRefused } from './paste-refusal.ts'
import type { CellChange, useGridWrites } from './useGridWrites.ts'

export interface RangeActionsHost {
  tableId(): string
  columns(): readonly ColumnInfo[]
  /** Records in the table (the new-record row is after them). */
  count(): number
  /** The record at a row index, undefined while its page is not loaded. */
  recordAt(row: number): RecordData | undefined
  /** The records at rows [start, end], fetched where their pages are not loaded. */
  rowsIn(start: number, end: number): Promise<Array<RecordData | undefined>>
  rowIndexOf(recordId: string): number
  canEdit(column: ColumnInfo): boolean
  /** Records created by a paste, shown after the last row. */
  append(records: readonly RecordData[]): void
  /** Reload the pages (rows were removed or put back). */
  reload(): void
  /** `count` picks the plural form (`one | many`). */
  t(key: string, args?: Record<string, unknown>, count?: number): string
}

/** A refused cell as the person is told: the row number they see, the column, why. */
interface Refusal {
  readonly row: number
  readonly column: string
  readonly reason: string
}

/** A value as the field type writes it on the clipboard; the way `parseText` reads it back. */
export function cellText(value: unknown, column: ColumnInfo): string {
  const def = registry.fieldType(column.type)
  if (def?.toText) return def.toText(value, column)
  if (value === null || value === undefined || typeof value !== 'object') return rawText(value)
  return plainText(value)
}

/** A value as read from the API, as it is written back (linked records and users by id). */
export function writable(value: unknown): unknown {
  const idOf = (v: unknown) => (v !== null && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : v)
  return Array.isArray(value) ? value.map(idOf) : idOf(value)
}

const MAX_SHOWN = 8

/**
 * What the grid does with a range of cells: copy it as TSV, paste TSV from a spreadsheet (rows
 * past the last one are created), fill down, empty it, and delete rows; each one undo step.
 */
export function useGridRangeActions(host: RangeActionsHost, writes: ReturnType<typeof useGridWrites>) {
  /** The range's cells as TSV, each value as its field type writes it as text. */
  function copyText(range: CellRange): string {
    const cols = host.columns().slice(range.left, range.right + 1)
    const rows: string[][] = []
    for (let r = range.top; r <= range.bottom && r < host.count(); r++) {
      const rec = host.recordAt(r)
      rows.push(cols.map((c) => (rec ? cellText(rec.fields[c.name], c) : '')))
    }
    return toTsv(rows)
  }

  /** A notice that stays until closed: what happened to a paste, one line per row or cell. */
  function notice(type: 'warning' | 'error', title: string, testId: string, lines: readonly string[]) {
    ElNotification({
      type,
      title,
      message: h(
        'div',
        { 'data-test': testId },
        lines.map((l) => h('div', l)),
      ),
      duration: 0,
      customClass: 'dp-paste-refused',
    })
  }

  function tell(refused: readonly Refusal[], skipped: number) {
    if (!refused.length && !skipped) return
    const lines = refused.slice(0, MAX_SHOWN).map((r) => host.t('grid.pasteRefusedCell', { row: r.row, column: r.column, reason: r.reason }))
    if (refused.length > MAX_SHOWN) lines.push(host.t('grid.pasteRefusedMore', { n: refused.length - MAX_SHOWN }))
    if (skipped) lines.push(host.t('grid.pasteSkipped', { n: skipped }, skipped))
    notice('warning', host.t('grid.pasteRefused', { n: refused.length + skipped }, refused.length + skipped), 'grid-paste-refused', lines)
  }

  /** A paste the server refused whole: which rows its row rules ruled out, or its reason. */
  function tellNotSaved(err: unknown, rowOf: (id: string) => number = (id) => host.rowIndexOf(id)) {
    const ids = rowsRefused(err)
    const rows = (ids ?? []).map((id) => rowOf(id) + 1).filter((n) => n > 0)
    rows.sort((a, b) => a - b)
    const lines = rows.length ? rows.slice(0, MAX_SHOWN).map((row) => host.t('grid.pasteRowOutside', { row })) : [err instanceof Error ? err.message : String(err)]
    if (rows.length > MAX_SHOWN) lines.push(host.t('grid.pasteRefusedMore', { n: rows.length - MAX_SHOWN }))
    lines.push(host.t('grid.pasteWhole'))
    notice('error', host.t('grid.pasteNotSaved'), 'grid-paste-not-saved', lines)
  }

  /**
   * Pastes TSV with its top-left cell at `at`. A single copied value fills the whole selected
   * range. Existing rows get one bulk update, rows past the last one are created with one bulk
   * insert; the server reads every cell with its column's parser and keeps those that read.
   * Answers the range pasted into.
   */
  async function paste(text: string, at: Cell, selection: CellRange): Promise<CellRange | null> {
    let grid = parseTsv(text)
    if (!grid.length) return null
    const columns = host.columns()
    const single = grid.length === 1 && grid[0]?.length === 1
    if (single && (rangeRows(selection) > 1 || rangeCols(selection) > 1)) {
      const v = grid[0]?.[0] ?? ''
      grid = Array.from({ length: rangeRows(selection) }, () => Array.from({ length: rangeCols(selection) }, () => v))
      at = { row: selection.top, col: selection.left }
    }
    const width = Math.min(Math.max(...grid.map((r) => r.length)), columns.length - at.col)
    const refused: Refusal[] = []
    let skipped = 0
    const updates: CellChange[] = []
    const creates: Record<string, unknown>[] = []
    // Rows not scrolled to yet are fetched, so a paste writes every row it covers.
    const existing = at.row < host.count() ? await host.rowsIn(at.row, Math.min(host.count(), at.row + grid.length) - 1) : []
    grid.forEach((cells, i) => {
      const row = at.row + i
      const rec = row < host.count() ? existing[i] : undefined
      if (row < host.count() && !rec) {
        skipped++
        return
      }
      const fields: Record<string, unknown> = {}
      for (let j = 0; j < width; j++) {
        const column = columns[at.col + j]
        if (!column) continue
        const value = cells[j] ?? ''
        if (!host.canEdit(column)) {
          if (value !== '') refused.push({ row: row + 1, column: column.name, reason: host.t('grid.readOnly') })
          continue
        }
        if (rec) updates.push({ recordId: rec.id, column, value })
        else fields[column.name] = value
      }
      if (!rec) creates.push(fields)
    })
    const written = await writes.writeMany(updates, { text: true, remember: false, quiet: true })
    // The server saves a paste's rows whole or not at all: refused, no cell changed (the grid
    // still shows the values it had) and no row is added either, so nothing is half pasted.
    if (!written.ok) {
      // Rows fetched for the paste (not scrolled to) are not in the grid's memory: found by their place in it.
      tellNotSaved(written.error, (id) => {
        const i = existing.findIndex((r) => r?.id === id)
        return i < 0 ? host.rowIndexOf(id) : at.row + i
      })
      return null
    }
    for (const r of written.refused) refused.push({ row: host.rowIndexOf(r.recordId) + 1, column: r.column, reason: r.reason })
    let created: string[] = []
    if (creates.length) {
      const first = host.count()
      try {
        const res = await endpoints.records.createMany(
          host.tableId(),
          creates.map((fields) => ({ fields })),
          true,
        )
        created = res.ids
        for (const r of res.rejected ?? []) refused.push({ row: first + r.index + 1, column: r.field, reason: r.reason })
        host.append(await recordsById(created))
      } catch (err) {
        refused.push({ row: first + 1, column: '', reason: err instanceof Error ? err.message : String(err) })
      }
    }
    tell(refused, skipped)
    const focus = written.after
    if (focus.length || created.length) {
      writes.remember({
        focus,
        undo: async () => {
          await writes.apply(written.before)
          if (created.length) {
            await endpoints.records.removeMany(host.tableId(), created)
            host.reload()
          }
        },
        redo: async () => {
          await writes.apply(written.after)
          if (created.length) {
            const again = await endpoints.records.createMany(
              host.tableId(),
              creates.map((fields) => ({ fields })),
              true,
            )
            created = again.ids
            host.reload()
          }
        },
      })
    }
    return { top: at.row, bottom: at.row + grid.length - 1, left: at.col, right: at.col + Math.max(width, 1) - 1 }
  }

  async function recordsById(ids: readonly string[]): Promise<RecordData[]> {
    if (!ids.length) return []
    const page = await endpoints.records.query(host.tableId(), { filter: { and: [{ field: 'id', op: 'in', value: ids }] }, limit: ids.length })
    const byId = new Map(page.records.map((r) => [r.id, r]))
    return ids.flatMap((id) => byId.get(id) ?? [])
  }

  /**
   * Ctrl+D: the range's first row copied into the rows below it (one row selected: the row above
   * it into it), as one undo step.
   */
  async function fillDown(range: CellRange): Promise<void> {
    const from = range.top === range.bottom ? range.top - 1 : range.top
    // The fill handle's fill with that one row as its source.
    if (from >= 0) await fillFrom({ ...range, top: from, bottom: from }, range.bottom)
  }

  /**
   * The fill handle dragged from `source`'s bottom edge down to row `to`: the rows below take the
   * source rows' values over and over (one source row: that row copied down), as a spreadsheet
   * fills; one undo step.
   */
  async function fillFrom(source: CellRange, to: number): Promise<void> {
    const height = rangeRows(source)
    if (to <= source.bottom || source.top >= host.count()) return
    const rows = await host.rowsIn(source.top, Math.min(to, host.count() - 1))
    const changes: CellChange[] = []
    for (let col = source.left; col <= source.right; col++) {
      const column = host.columns()[col]
      if (!column || !host.canEdit(column)) continue
      for (let k = height; k < rows.length; k++) {
        const src = rows[k % height]
        const rec = rows[k]
        if (src && rec) changes.push({ recordId: rec.id, column, value: writable(src.fields[column.name] ?? null) })
      }
    }
    await writes.writeMany(changes)
  }

  /** Delete on a range: every editable cell emptied, one undo step. */
  async function clear(range: CellRange): Promise<void> {
    const changes: CellChange[] = []
    const rows = range.top < host.count() ? await host.rowsIn(range.top, Math.min(range.bottom, host.count() - 1)) : []
    for (const rec of rows) {
      if (!rec) continue
      for (let col = range.left; col <= range.right; col++) {
        const column = host.columns()[col]
        if (column && host.canEdit(column)) changes.push({ recordId: rec.id, column, value: Array.isArray(rec.fields[column.name]) ? [] : null })
      }
    }
    await writes.writeMany(changes)
  }

  /**
   * Deletes records in one request; undo restores them as they were (same ids, values, creation
   * time and links to records that still exist: POST .../records/restore), redo deletes them again.
   */
  async function deleteRecords(records: readonly RecordData[]): Promise<boolean> {
    const ids = records.map((r) => r.id)
    await endpoints.records.removeMany(host.tableId(), ids)
    writes.remember({
      focus: [],
      undo: async () => {
        await endpoints.records.restore(host.tableId(), ids)
        host.reload()
      },
      redo: async () => {
        await endpoints.records.removeMany(host.tableId(), ids)
        host.reload()
      },
    })
    return true
  }

  return { copyText, paste, fillDown, fillFrom, clear, deleteRecords }
}
