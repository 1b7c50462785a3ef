import { shallowRef, watchEffect, type ShallowRef } from 'vue'
import { useOptionalTableContext } from '../context.ts'
import type { ColumnInfo } from '../types.ts'
import { fetchTable } from './tables.ts'

/**
 * The column of the linked table that a lookup or aggregation reads (`config.relationFieldId` on
 * this table, `config.targetFieldId` on the other), so its values can be shown the way that column
 * shows them (option colors, precision, date format). Null until known, or outside a table.
 */
export function useLinkedColumn(column: () => ColumnInfo): ShallowRef<ColumnInfo | null> {
  const ctx = useOptionalTableContext()
  const linked = shallowRef<ColumnInfo | null>(null)
  watchEffect((onCleanup) => {
    let live = true
    onCleanup(() => (live = false))
    const c = column().config
    const relation = ctx?.table.value?.columns.find((x) => x.id === c['relationFieldId'])
    const targetTableId = relation?.config['targetTableId']
    if (typeof targetTableId !== 'string' || typeof c['targetFieldId'] !== 'string') return void (linked.value = null)
    fetchTable(targetTableId).then(
      (t) => live && (linked.value = t.columns.find((x) => x.id === c['targetFieldId']) ?? null),
      () => live && (linked.value = null),
    )
  })
  return linked
}
