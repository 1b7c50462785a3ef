import { computed, ref } from 'vue'
import { ElMessage } from 'element-plus'
import type { RecordData } from '@docpal/plugin-sdk/client'
import { endpoints } from '../../services/endpoints.ts'

/** The id the new-record row's draft goes by while it is edited (never sent to the server). */
export const NEW_ROW_ID = '__new__'

/**
 * The row under the last record, where a record is typed in cell by cell: each commit adds to a
 * draft, Enter creates the record with it (one POST) and the row is empty again for the next.
 */
export function useNewRecordRow(tableId: () => string, created: (r: RecordData) => void) {
  const fields = ref<Record<string, unknown>>({})
  const saving = ref(false)
  /** Why the last create was refused (null after one that worked). */
  const refusal = ref<string | null>(null)
  const record = computed<RecordData>(() => ({ id: NEW_ROW_ID, createdAt: '', updatedAt: '', createdBy: null, fields: fields.value }))

  function set(name: string, value: unknown) {
    const empty = value === null || value === undefined || (Array.isArray(value) && value.length === 0)
    fields.value = Object.fromEntries([...Object.entries(fields.value).filter(([k]) => k !== name), ...(empty ? [] : [[name, value] as const])])
  }
  const clear = () => {
    fields.value = {}
  }
  /** Creates the record from the draft; answers whether it was created (a refusal keeps the draft, and shows unless `quiet`). */
  async function create(quiet = false): Promise<boolean> {
    if (saving.value || Object.keys(fields.value).length === 0) return false
    saving.value = true
    try {
      created(await endpoints.records.create(tableId(), fields.value))
      fields.value = {}
      refusal.value = null
      return true
    } catch (err) {
      refusal.value = err instanceof Error ? err.message : String(err)
      if (!quiet) ElMessage({ type: 'error', message: refusal.value, duration: 6000, showClose: true, customClass: 'dp-save-error' })
      return false
    } finally {
      saving.value = false
    }
  }
  /** Something typed into the row and not created yet. */
  const pending = () => Object.keys(fields.value).length > 0
  return { record, fields, refusal, pending, set, clear, create }
}
