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
 * One user action as undo and redo see it: a cell edit, a paste, a fill, a delete of rows. `focus`:
 * the cells to show when it is undone or redone.
 */
export interface Step {
  readonly focus: readonly CellChange[]
  undo(): Promise<unknown>
  redo(): Promise<unknown>
}

/** A pasted cell the server refused: where, and why. */
export interface CellRefusal {
  readonly recordId: string
  readonly column: string
  readonly reason: string
}

export interface WriteManyResult {
  readonly ok: boolean
  readonly refused: CellRefusal[]
  /** The cells as they were and as the server kept them (what undo and redo of the write send). */
  readonly before: readonly CellChange[]
  readonly after: readonly CellChange[]
  /** Why the server refused the write (`ok` false); said already unless the caller asked `quiet`. */
  readonly error?: unknown
}

// Records per bulk request: the server's bound (MAX_BULK_UPDATE).
const BULK_CHUNK = 1_000
// Edits remembered for undo.
const HISTORY = 100

/**
 * Saves cell edits optimistically: the grid shows the new value at once, the PATCH follows, the
 * server's record replaces the guess when it answers, and a refusal puts the old value back with
 * an error message that names the field. Answers for a record apply in the order they were asked
 * for: an older answer never overwrites a newer edit.
 * Several cells at once (a paste, a fill) go in one bulk request; each
 * action is one undo step.
 */
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
      step = cellStep(
        changed.map((c) => ({ ...c, value: before.fields[c.column.name] ?? null })),
        changed,
      )
      push(step)
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

  /** An undo or redo the server refused (a record deleted meanwhile): said, not swallowed. */
  const failed = (err: unknown) =>
    ElMessage({ type: 'error', message: err instanceof Error ? err.message : String(err), duration: 6000, showClose: true, customClass: 'dp-save-error' })
  function push(step: Step) {
    undoStack.push(step)
    if (undoStack.length > HISTORY) undoStack.shift()
    redoStack.length = 0
  }
  const cellStep = (before: readonly CellChange[], after: readonly CellChange[]): Step => ({
    focus: after,
    undo: () => apply(before),
    redo: () => apply(after),
  })

  /** Writes cells: one record through its PATCH, several in one bulk request. */
  async function apply(cells: readonly CellChange[]): Promise<boolean> {
    const ids = new Set(cells.map((c) => c.recordId))
    const [only] = ids
    if (ids.size === 1 && only) return write(only, cells, false)
    return (await writeMany(cells, { remember: false })).ok
  }

  /**
   * Saves cells of several records in one bulk request per 1,000 records (a paste, a fill, a
   * cleared range) as one undo step. JSON values show at once and go back if the server refuses;
   * `text` (a paste) is read by the server with each column's parser, so the grid shows what it
   * answers, and cells it refuses are answered in `refused` while the others are kept.
   */
  async function writeMany(cells: readonly CellChange[], opts: { text?: boolean; remember?: boolean; quiet?: boolean } = {}): Promise<WriteManyResult> {
    const byRecord = new Map<string, { before: RecordData | undefined; fields: Record<string, unknown>; cells: CellChange[] }>()
    for (const c of cells) {
      let e = byRecord.get(c.recordId)
      if (!e) byRecord.set(c.recordId, (e = { before: host.current(c.recordId), fields: {}, cells: [] }))
      if (!opts.text && e.before && same(e.before.fields[c.column.name], c.value)) continue
      e.fields[c.column.name] = c.value
      e.cells.push(c)
    }
    const entries = [...byRecord].filter(([, e]) => e.cells.length > 0)
    if (!entries.length) return { ok: true, refused: [], before: [], after: [] }
    if (!opts.text) for (const [, e] of entries) if (e.before) host.show({ ...e.before, fields: { ...e.before.fields, ...e.fields } })
    const refused: CellRefusal[] = []
    const saved = new Map<string, RecordData>()
    try {
      for (let i = 0; i < entries.length; i += BULK_CHUNK) {
        const part = entries.slice(i, i + BULK_CHUNK)
        const res = await endpoints.records.updateMany(
          host.tableId(),
          part.map(([id, e]) => ({ id, fields: e.fields })),
          opts.text,
        )
        for (const r of res.records) {
          saved.set(r.id, r)
          host.show(r)
        }
        for (const x of res.rejected) refused.push({ recordId: part[x.index]?.[0] ?? '', column: x.field, reason: x.reason })
      }
    } catch (err) {
      // Chunks are transactions of their own: the ones the server answered stay, the others go back.
      for (const [id, e] of entries) if (!saved.has(id) && e.before) host.show(e.before)
      if (!opts.quiet) failed(err)
      return { ok: false, refused, before: [], after: [], error: err }
    }
    const kept = (id: string, c: CellChange) => !refused.some((r) => r.recordId === id && r.column === c.column.name)
    const before: CellChange[] = []
    const after: CellChange[] = []
    for (const [id, e] of entries) {
      const now = saved.get(id)
      for (const c of e.cells) {
        if (!e.before || !kept(id, c)) continue
        before.push({ ...c, value: e.before.fields[c.column.name] ?? null })
        // Redo sends what the server kept (a pasted label is stored as its option id).
        after.push({ ...c, value: now ? (now.fields[c.column.name] ?? null) : c.value })
      }
    }
    if (opts.remember !== false && after.length) push(cellStep(before, after))
    return { ok: true, refused, before, after }
  }

  /** Puts back the last action (Ctrl/Cmd+Z); answers the cells it touched. */
  function undo(): readonly CellChange[] {
    const step = undoStack.pop()
    if (!step) return []
    redoStack.push(step)
    step.undo().catch(failed)
    return step.focus
  }
  /** Makes the last undone action again (Ctrl/Cmd+Shift+Z, Ctrl+Y). */
  function redo(): readonly CellChange[] {
    const step = redoStack.pop()
    if (!step) return []
    undoStack.push(step)
    step.redo().catch(failed)
    return step.focus
  }

  return { write, writeMany, apply, remember: push, undo, redo }
}
