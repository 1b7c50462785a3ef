import { ref, type Ref } from 'vue'
import { provideTableContext, type TableContext, type TableMeta } from '@docpal/plugin-sdk/client'
import { endpoints } from '../services/endpoints.ts'
import { loadFailure, type LoadFailure } from '../services/load-failure.ts'

/** Loads a table's metadata and provides it to every component below (`useTableContext`). */
export function provideTable(tableId: Ref<string>): TableContext & { error: Ref<LoadFailure | null> } {
  const table = ref<TableMeta | null>(null)
  const error = ref<LoadFailure | null>(null)
  async function reload() {
    try {
      table.value = await endpoints.tables.get(tableId.value)
      error.value = null
    } catch (err) {
      error.value = loadFailure(err)
    }
  }
  const ctx = { table, reload, error }
  provideTableContext(ctx)
  return ctx
}
