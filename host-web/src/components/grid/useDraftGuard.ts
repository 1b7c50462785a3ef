import { getCurrentInstance, onBeforeUnmount, onMounted, type Ref } from 'vue'
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router'
import { confirmed } from '../../composables/confirm.ts'

interface Draft {
  readonly refusal: Ref<string | null>
  pending(): boolean
  create(quiet?: boolean): Promise<boolean>
}

/**
 * What was typed into the new-record row is never dropped without a word: leaving the page (or
 * the view) creates the record first; when the server refuses it, the person chooses between
 * staying to fix it and leaving without it. Closing or reloading the tab asks the browser's own
 * question. `t` words the choice.
 */
export function useDraftGuard(draft: Draft, t: (key: string, args?: Record<string, unknown>) => string): void {
  const leave = async (): Promise<boolean> => {
    // Quiet: the question below says why.
    if (!draft.pending() || (await draft.create(true))) return true
    return confirmed(
      t('grid.draftRefused', { reason: draft.refusal.value ?? '' }),
      t('grid.draftRefusedTitle'),
      { confirm: t('grid.draftDiscard'), cancel: t('grid.draftStay') },
      true,
    )
  }
  // Outside a router (a component test), there is no route to leave.
  if (getCurrentInstance()?.appContext.config.globalProperties.$router) {
    onBeforeRouteLeave(leave)
    onBeforeRouteUpdate(leave)
  }
  const unload = (e: BeforeUnloadEvent) => {
    if (draft.pending()) e.preventDefault()
  }
  onMounted(() => window.addEventListener('beforeunload', unload))
  onBeforeUnmount(() => {
    window.removeEventListener('beforeunload', unload)
    // Gone another way (the grid swapped for cards): created as it goes; a refusal shows as a message.
    if (draft.pending()) void draft.create()
  })
}
