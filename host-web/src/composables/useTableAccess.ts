import { computed, inject, provide, ref, watch, type ComputedRef, type InjectionKey, type Ref } from 'vue'
import type { ColumnInfo } from '@docpal/plugin-sdk/client'
import { permissionsApi } from '../services/permissions-api.ts'
import type { Action, TableAccess } from '../services/permission-types.ts'
import { previewing, viewAsKey } from '../services/view-as.ts'

export interface TableAccessState {
  /** The caller's access (null until the first answer). */
  readonly access: Ref<TableAccess | null>
  /** May the caller do this with the table's records (false while unknown, and for writes in a preview)? */
  can(action: Action): boolean
  /** May the caller write this column in an edit (or a new record's `create`)? Read-only fields never. */
  canWriteColumn(column: ColumnInfo, action?: 'edit' | 'create'): boolean
  /** May the caller edit (or delete) this record? Asks the server only when row rules limit the caller. */
  canOnRecord(recordId: string, action: 'edit' | 'delete'): Promise<boolean>
  /** Whether a field is read-only for the caller (every field is while previewing a role). */
  readOnly(column: ColumnInfo): boolean
  readonly manages: ComputedRef<boolean>
  reload(): Promise<void>
  /** Settles when the latest load has answered. */
  ready(): Promise<void>
}

const WRITES = new Set<Action>(['create', 'edit', 'delete', 'manage'])
// Answers by table and preview: a table opened again shows its buttons at once, then refreshes.
const cache = new Map<string, TableAccess>()
const KEY: InjectionKey<TableAccessState> = Symbol('docpal.tableAccess')
const cacheKey = (tableId: string) => `${viewAsKey.value ?? ''}|${tableId}`

// Requests under way by the same key: the page and the sidebar ask for a table at once on a load.
const asking = new Map<string, Promise<TableAccess>>()
// When each cached answer came: one younger than FRESH_MS is not asked again by the page (the
// sidebar asked for the same table a moment before, on the same load).
const answeredAt = new Map<string, number>()
const FRESH_MS = 5_000
function ask(key: string, tableId: string): Promise<TableAccess> {
  let answer = asking.get(key)
  if (!answer) {
    answer = permissionsApi
      .tableAccess(tableId)
      .then((a) => {
        cache.set(key, a)
        answeredAt.set(key, Date.now())
        return a
      })
      .finally(() => asking.delete(key))
    asking.set(key, answer)
  }
  return answer
}
const fresh = (key: string) => cache.has(key) && Date.now() - (answeredAt.get(key) ?? 0) < FRESH_MS

/** Forget every cached answer (rules were saved: they apply from the next request). */
export function forgetTableAccess(): void {
  cache.clear()
  asking.clear()
  answeredAt.clear()
}

/** The caller's access to a table outside its page (the sidebar): the cached answer, else asked; null when unknown. */
export async function tableAccessOf(tableId: string): Promise<TableAccess | null> {
  const key = cacheKey(tableId)
  const known = cache.get(key)
  if (known) return known
  try {
    return await ask(key, tableId)
  } catch (err) {
    // The sidebar then offers less, never a button the server would refuse.
    console.warn('table access not loaded', { tableId, err })
    return null
  }
}

/**
 * What the caller may do with a table (GET /api/tables/:id/access), for the page, grid, cards and
 * forms below it: no button the server would refuse with 403. Reloaded when the table or the
 * previewed role changes. Row scope is asked per record, lazily, when an edit or delete starts.
 */
export function provideTableAccess(tableId: Ref<string>): TableAccessState {
  const access = ref<TableAccess | null>(null)
  const records = new Map<string, Promise<Action[]>>()
  let loading: Promise<void> = Promise.resolve()
  // `reload()` asks the server; opening a table (or a preview) takes an answer of a moment ago.
  function reload(asked = true): Promise<void> {
    loading = load(asked)
    return loading
  }
  async function load(always: boolean) {
    const id = tableId.value
    if (!id) return
    const key = cacheKey(id)
    access.value = cache.get(key) ?? null
    records.clear()
    try {
      const a = !always && fresh(key) ? access.value : await ask(key, id)
      if (cacheKey(tableId.value) === key) access.value = a
    } catch (err) {
      // Unknown access: writes stay hidden; the page shows the table's own error if any.
      console.warn('table access not loaded (table page)', { tableId: id, err })
      if (cacheKey(tableId.value) === key) access.value = null
    }
  }
  watch([tableId, viewAsKey], () => void reload(false), { immediate: true })

  function can(action: Action): boolean {
    if (previewing.value && WRITES.has(action)) return false
    return access.value?.actions.includes(action) ?? false
  }
  const readOnly = (column: ColumnInfo) => previewing.value || (access.value?.readOnlyFields.includes(column.name) ?? false)
  function canWriteColumn(column: ColumnInfo, action: 'edit' | 'create' = 'edit'): boolean {
    return can(action) && !readOnly(column)
  }
  async function canOnRecord(recordId: string, action: 'edit' | 'delete'): Promise<boolean> {
    if (!can(action)) return false
    if (!access.value?.rowRules[action]) return true
    let answer = records.get(recordId)
    if (!answer) {
      answer = permissionsApi.recordAccess(tableId.value, recordId).then(
        (r) => r.actions,
        () => [],
      )
      records.set(recordId, answer)
    }
    return (await answer).includes(action)
  }
  const state: TableAccessState = { access, can, canWriteColumn, canOnRecord, readOnly, manages: computed(() => can('manage')), reload, ready: () => loading }
  provide(KEY, state)
  return state
}

/** The table access the page provides; null where there is none (a component used elsewhere). */
export const useTableAccess = (): TableAccessState | null => inject(KEY, null)
