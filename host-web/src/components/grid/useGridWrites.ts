import { ElMessage } from 'element-plus'
import { ApiError, type ColumnInfo, type RecordData } from '@docpal/plugin-sdk/client'
import { endpoints } from '../../services/endpoints.ts'

/** One cell's new value. */
export interface CellChange {
  readonly recordId: string
  readonly column: ColumnInfo
  readonly value: unknown
}

export interface GridWritesHost {
  tableId(): string
  /** The record as the grid shows it now (undefined when its page is not in memory). */
  current(recordId: string): RecordData | undefined
  /** Show this record in place of the one with its id. */
  show(record: RecordData): void
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * Saves cell edits optimistically: the grid shows the new value at once, the PATCH follows, the
 * server's record replaces the guess when it answers, and a refusal puts the old value back with
 * an error message that names the field. Answers for a record apply in the order they were asked
 * for: an older answer never overwrites a newer edit.
 */
/** One saved edit as undo and redo see it: the cells before and after. */
interface Step {
  readonly before: readonly CellChange[]
  readonly after: readonly CellChange[]
}
// Edits remembered for undo.
const HISTORY = 100

export function useGridWrites(host: GridWritesHost) {
  const asked = new Map<string, number>()
  const undoStack: Step[] = []
  const redoStack: Step[] = []

  /**
   * Saves one record's changed cells; answers whether the server kept them. The edit joins the
   * undo history (`remember`: undo and redo write without remembering).
   */
  async function write(recordId: string, changes: readonly CellChange[], remember = true): Promise<boolean> {
    const before = host.current(recordId)
    const fields: Record<string, unknown> = {}
    for (const c of changes) if (!before || !same(before.fields[c.column.name], c.value)) fields[c.column.name] = c.value
    if (Object.keys(fields).length === 0) return true
    let step: Step | undefined
    if (before && remember) {
      const changed = changes.filter((c) => c.column.name in fields)
      step = { before: changed.map((c) => ({ ...c, value: before.fields[c.column.name] ?? null })), after: changed }
      undoStack.push(step)
      if (undoStack.length > HISTORY) undoStack.shift()
      redoStack.length = 0
    }
    if (before) host.show({ ...before, fields: { ...before.fields, ...fields } })
    const mine = (asked.get(recordId) ?? 0) + 1
    asked.set(recordId, mine)
    try {
      const saved = await endpoints.records.patch(host.tableId(), recordId, fields)
      if (asked.get(recordId) === mine) host.show(saved)
      return true
    } catch (err) {
      // A refused edit is not one to undo.
      if (step && undoStack.at(-1) === step) undoStack.pop()
      // Each cell goes back unless a newer edit has changed it since.
      const now = host.current(recordId)
      if (now && before) {
        const back: Record<string, unknown> = {}
        for (const [name, v] of Object.entries(fields)) if (same(now.fields[name], v)) back[name] = before.fields[name]
        host.show({ ...now, fields: { ...now.fields, ...back } })
      }
      const names = changes.map((c) => c.column.name).join(', ')
      const message = err instanceof ApiError || err instanceof Error ? err.message : String(err)
      // The server's message usually names the field already (fields.Price: ...).
      const text = changes.every((c) => message.includes(c.column.name)) ? message : `${names}: ${message}`
      ElMessage({ type: 'error', message: text, duration: 6000, showClose: true, customClass: 'dp-save-error' })
      return false
    }
  }

  /** Writes a step's cells, record by record. */
  async function apply(cells: readonly CellChange[]): Promise<boolean> {
    const byRecord = new Map<string, CellChange[]>()
    for (const c of cells) byRecord.set(c.recordId, [...(byRecord.get(c.recordId) ?? []), c])
    const done = await Promise.all([...byRecord].map(([id, cs]) => write(id, cs, false)))
    return done.every(Boolean)
  }
  /** Puts back the cells of the last edit (Ctrl/Cmd+Z); answers the cells it touched. */
  function undo(): readonly CellChange[] {
    const step = undoStack.pop()
    if (!step) return []
    redoStack.push(step)
    void apply(step.before)
    return step.before
  }
  /** Makes the last undone edit again (Ctrl/Cmd+Shift+Z, Ctrl+Y). */
  function redo(): readonly CellChange[] {
    const step = redoStack.pop()
    if (!step) return []
    undoStack.push(step)
    void apply(step.after)
    return step.after
  }

  return { write, undo, redo }
}
