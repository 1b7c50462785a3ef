import { computed, inject, provide, ref, watch, type ComputedRef, type InjectionKey, type Ref } from 'vue'
import { permissionsApi } from '../services/permissions-api.ts'
import type { Action } from '../services/permission-types.ts'
import { previewing, viewAsKey } from '../services/view-as.ts'

export interface ViewAccessState {
  readonly actions: Ref<Action[]>
  /** May the caller change the view (its settings, its saved layout)? False while previewing. */
  readonly manages: ComputedRef<boolean>
}

const KEY: InjectionKey<ViewAccessState> = Symbol('docpal.viewAccess')

/** What the caller may do with a view (GET /api/views/:id/access), for the view page and its grid. */
export function provideViewAccess(viewId: Ref<string>): ViewAccessState {
  const actions = ref<Action[]>([])
  watch(
    [viewId, viewAsKey],
    async ([id]) => {
      try {
        actions.value = (await permissionsApi.viewAccess(id)).actions
      } catch {
        actions.value = [] // unknown: nothing to change offered
      }
    },
    { immediate: true },
  )
  const state: ViewAccessState = { actions, manages: computed(() => !previewing.value && actions.value.includes('manage')) }
  provide(KEY, state)
  return state
}

export const useViewAccess = (): ViewAccessState | null => inject(KEY, null)
