import { ref, type Ref } from 'vue'
import { provideTableContext, type TableContext, type TableMeta } from '@docpal/plugin-sdk/client'
import { endpoints } from '../services/endpoints.ts'

/** Loads a table's metadata and provides it to every component below (`useTableContext`). */
export function provideTable(tableId: Ref<string>): TableContext & { error: Ref<string | null> } {
  const table = ref<TableMeta | null>(null)
  const error = ref<string | null>(null)
  async function reload() {
    try {
      table.value = await endpoints.tables.get(tableId.value)
      error.value = null
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
    }
  }
  const ctx = { table, reload, error }
  provideTableContext(ctx)
  return ctx
}
