import { computed, type Ref } from 'vue'
import { useRoute } from 'vue-router'
import { useAppState } from '../../composables/useAppState.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Where a record page returns to: the view it was opened from (`?view=<id>`, carried from the
 * detail page to its form and back), else the table. A view that no longer exists falls back to
 * the table.
 */
export function useCameFrom(tableUrl: Ref<string>) {
  const route = useRoute()
  const state = useAppState()
  const viewId = computed(() => {
    const v = route.query['view']
    return typeof v === 'string' && UUID.test(v) ? v : undefined
  })
  const view = computed(() => (viewId.value ? state.views.value.find((v) => v.id === viewId.value) : undefined))
  const backUrl = computed(() => (view.value ? `/apps/${state.appId.value}/views/${view.value.id}` : tableUrl.value))
  /** `url` with the view to return to, so the pages after it still know it. */
  const keep = (url: string) => (viewId.value ? `${url}?view=${viewId.value}` : url)
  return { view, backUrl, keep }
}
