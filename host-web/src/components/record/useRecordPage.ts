import { computed, ref, watch, type Ref } from 'vue'
import { ApiError, t, type RecordData } from '@docpal/plugin-sdk/client'
import { provideTable } from '../../composables/useTable.ts'
import { loadFailure, type LoadFailure } from '../../services/load-failure.ts'
import { provideTableAccess } from '../../composables/useTableAccess.ts'
import { useAppState } from '../../composables/useAppState.ts'
import { useTypes } from '../../composables/useFieldTypes.ts'
import { endpoints } from '../../services/endpoints.ts'

/**
 * What both record pages load: the table (provided to every component below), the record when
 * there is one, and the server's field types. A missing table or record reads as such, not as a
 * raw 404.
 */
export function useRecordPage(tableId: Ref<string>, recordId: Ref<string | undefined>) {
  const { appId } = useAppState()
  const ctx = provideTable(tableId)
  const access = provideTableAccess(tableId)
  // What the caller may do with this record (or, on a new record's form, whether they may create).
  const may = ref({ create: false, edit: false, delete: false })
  const types = useTypes()
  const record = ref<RecordData | null>(null)
  const loading = ref(true)
  const error = ref<LoadFailure | null>(null)

  async function reload() {
    loading.value = true
    error.value = null
    await Promise.all([ctx.reload(), types.ready().catch(() => undefined)])
    // provideTable keeps the server's message, which already names what is missing.
    if (ctx.error.value) {
      error.value = ctx.error.value
      loading.value = false
      return
    }
    try {
      record.value = recordId.value ? await endpoints.records.get(tableId.value, recordId.value) : null
      await access.ready()
      const id = recordId.value
      may.value = {
        create: access.can('create'),
        edit: !!id && (await access.canOnRecord(id, 'edit')),
        delete: !!id && (await access.canOnRecord(id, 'delete')),
      }
    } catch (err) {
      error.value = err instanceof ApiError && err.status === 404 ? { message: t('record.notFound'), status: 404 } : loadFailure(err)
    } finally {
      loading.value = false
    }
  }
  watch([tableId, recordId], reload, { immediate: true })

  const tableUrl = computed(() => `/apps/${appId.value}/tables/${tableId.value}`)
  const recordUrl = (id: string) => `${tableUrl.value}/records/${id}`
  return { table: ctx.table, record, loading, error, reload, tableUrl, recordUrl, may }
}
