import { ref } from 'vue'
import { ApiError, registry, type ColumnInfo, type RecordData } from '@docpal/plugin-sdk/client'
import { endpoints } from '../../services/endpoints.ts'
import { notifyError } from '../../composables/notify.ts'

export interface CellEdit {
  recordId: string
  columnId: string
  value: unknown
  error: string | null
  saving: boolean
}

/**
 * The one cell being edited in place. Commit PATCHes the single field; a 400/422 keeps the editor
 * open with the server's message at the cell, other failures are reported and also keep it open.
 */
export function useCellEditing(tableId: () => string, onSaved: (r: RecordData) => void) {
  const editing = ref<CellEdit | null>(null)

  const canEdit = (column: ColumnInfo) => !!registry.fieldType(column.type)?.editor

  function start(record: RecordData, column: ColumnInfo): boolean {
    if (!canEdit(column)) return false
    editing.value = { recordId: record.id, columnId: column.id, value: record.fields[column.name] ?? null, error: null, saving: false }
    return true
  }

  async function commit(column: ColumnInfo): Promise<boolean> {
    const e = editing.value
    if (!e || e.saving) return false
    e.saving = true
    try {
      const saved = await endpoints.records.patch(tableId(), e.recordId, { [column.name]: e.value })
      onSaved(saved)
      editing.value = null
      return true
    } catch (err) {
      if (err instanceof ApiError && (err.status === 400 || err.status === 422)) e.error = err.message
      else notifyError(err)
      return false
    } finally {
      if (editing.value === e) e.saving = false
    }
  }

  /** The editor's new value; the row only reports it, the edit is this composable's state. */
  const input = (value: unknown) => {
    if (editing.value) editing.value.value = value
  }
  const cancel = () => {
    editing.value = null
  }
  const is = (recordId: string, columnId: string) => editing.value?.recordId === recordId && editing.value.columnId === columnId
  return { editing, canEdit, start, input, commit, cancel, is }
}
