import { ref } from 'vue'
import { registry, type ColumnInfo, type RecordData } from '@docpal/plugin-sdk/client'
import { isUnavailable } from '../unavailable/unavailable.ts'

export interface CellEdit {
  recordId: string
  columnId: string
  /** What the editor holds (the stored value, or the text typed to open it). */
  value: unknown
}

/**
 * The one cell being edited in place. The editor's frame decides when the edit ends (the SDK's
 * cell-editor contract); this holds what it shows meanwhile, so a row scrolled out and back in
 * opens its editor again with the draft.
 */
export function useCellEditing() {
  const editing = ref<CellEdit | null>(null)

  const canEdit = (column: ColumnInfo) => !isUnavailable(column) && !!registry.fieldType(column.type)?.editor

  /** Opens the editor with the stored value, or with `seed` (type-to-edit). */
  function start(record: RecordData, column: ColumnInfo, seed?: { value: unknown }): boolean {
    if (!canEdit(column)) return false
    editing.value = { recordId: record.id, columnId: column.id, value: seed ? seed.value : (record.fields[column.name] ?? null) }
    return true
  }
  /** The editor's new value; the row only reports it, the edit is this composable's state. */
  const input = (value: unknown) => {
    if (editing.value) editing.value.value = value
  }
  const stop = () => {
    editing.value = null
  }
  const is = (recordId: string, columnId: string) => editing.value?.recordId === recordId && editing.value.columnId === columnId
  return { editing, canEdit, start, input, stop, is }
}
