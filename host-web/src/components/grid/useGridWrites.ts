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
export function useGridWrites(host: GridWritesHost) {
  const asked = new Map<string, number>()

  /** Saves one record's changed cells; answers whether the server kept them. */
  async function write(recordId: string, changes: readonly CellChange[]): Promise<boolean> {
    const before = host.current(recordId)
    const fields: Record<string, unknown> = {}
    for (const c of changes) if (!before || !same(before.fields[c.column.name], c.value)) fields[c.column.name] = c.value
    if (Object.keys(fields).length === 0) return true
    if (before) host.show({ ...before, fields: { ...before.fields, ...fields } })
    const mine = (asked.get(recordId) ?? 0) + 1
    asked.set(recordId, mine)
    try {
      const saved = await endpoints.records.patch(host.tableId(), recordId, fields)
      if (asked.get(recordId) === mine) host.show(saved)
      return true
    } catch (err) {
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

  return { write }
}
