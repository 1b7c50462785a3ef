import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'
import { useRoute } from 'vue-router'
import { useAppState } from '../../composables/useAppState.ts'
import { tableAccessOf } from '../../composables/useTableAccess.ts'
import { managesCompany } from '../../services/session.ts'
import { viewAsKey } from '../../services/view-as.ts'

type Link = string | { path: string; query: { tableId: string } }

/**
 * The sidebar's "+ View": from a table's page (or one of its views) it starts a view of that
 * table, and is offered only if the caller may add one there (with rules, members need `manage`:
 * the server would answer the save with 403). Elsewhere the editor lets them pick a table.
 */
export function useNewViewLink(): { link: ComputedRef<Link>; shown: Ref<boolean> } {
  const state = useAppState()
  const route = useRoute()
  const base = computed(() => `/apps/${state.appId.value}`)
  const tableId = computed(() => {
    const p = route.params
    return typeof p['tableId'] === 'string' ? p['tableId'] : state.views.value.find((v) => v.id === p['viewId'])?.dataTableId
  })
  const link = computed<Link>(() => (tableId.value ? { path: `${base.value}/views/new`, query: { tableId: tableId.value } } : `${base.value}/views/new`))
  const shown = ref(true)
  watch(
    [tableId, viewAsKey],
    async ([id]) => {
      if (!id || managesCompany()) {
        shown.value = true
        return
      }
      shown.value = false // until the server says: no button that would answer 403
      const access = await tableAccessOf(id)
      if (tableId.value === id) shown.value = access?.createViews ?? false
    },
    { immediate: true },
  )
  return { link, shown }
}
