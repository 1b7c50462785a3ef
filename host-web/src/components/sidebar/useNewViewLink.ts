import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'
import { useRoute } from 'vue-router'
import { useAppState } from '../../composables/useAppState.ts'
import { tableAccessOf } from '../../composables/useTableAccess.ts'
import { managesCompany } from '../../services/session.ts'
import { viewAsKey } from '../../services/view-as.ts'

type Link = string | { path: string; query: { tableId: string } }

/**
 * "+ View" (the sidebar's, the app home's): from a table's page (or one of its views) it starts a
 * view of that table, and is offered only if the caller may add one there (with rules, members need
 * `manage`: the server would answer the save with 403). Elsewhere it is offered to a member only if
 * some table of the app takes their views, and starts on the first such table (the editor's default,
 * the app's first table, may be one that would refuse the save).
 */
export function useNewViewLink(): { link: ComputedRef<Link>; shown: Ref<boolean> } {
  const state = useAppState()
  const route = useRoute()
  const base = computed(() => `/apps/${state.appId.value}`)
  const tableId = computed(() => {
    const p = route.params
    return typeof p['tableId'] === 'string' ? p['tableId'] : state.views.value.find((v) => v.id === p['viewId'])?.dataTableId
  })
  /** The table the new view starts on: the one in context, else (members) the first that takes their views. */
  const target = ref<string | undefined>()
  const link = computed<Link>(() => (target.value ? { path: `${base.value}/views/new`, query: { tableId: target.value } } : `${base.value}/views/new`))
  const shown = ref(false)
  let asked = 0
  watch(
    [tableId, viewAsKey, () => state.tables.value.map((t) => t.id).join(',')],
    async ([id]) => {
      const ticket = ++asked
      target.value = id
      if (managesCompany()) {
        shown.value = true
        return
      }
      shown.value = false // until the server says: no button that would answer 403
      // Every table at once (one after another took a round trip each, before a member with few
      // rights saw the button); the first in the app's order that takes a view is the one the
      // editor starts on. tableAccessOf answers null rather than failing, and caches per preview.
      const candidates = id ? [id] : state.tables.value.map((t) => t.id)
      const answers = await Promise.all(candidates.map((candidate) => tableAccessOf(candidate)))
      if (ticket !== asked) return
      const first = candidates.find((_, i) => answers[i]?.createViews)
      if (first) {
        target.value = first
        shown.value = true
      }
    },
    { immediate: true },
  )
  return { link, shown }
}
