import { ref, watch, type Ref } from 'vue'
import type { GridLayout, SummaryAnswer, SummaryKind } from './grid-layout.ts'

export type SummaryLoader = (summaries: Record<string, SummaryKind>) => Promise<SummaryAnswer>

/**
 * The summary row's values, asked of the server (over every record the grid's query matches,
 * not the pages in memory) when the choices or the query change, and again after writes
 * (`changed` counts them). Answers that arrive out of order are dropped. With nothing chosen
 * nothing is asked.
 */
export function useGridSummary(loader: () => SummaryLoader | undefined, layout: () => GridLayout, changed: Ref<number>) {
  const answer = ref<SummaryAnswer | null>(null)
  const error = ref<string | null>(null)
  let asked = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  async function load() {
    const load = loader()
    if (!load) return
    // Nothing chosen: no question (on a big table each one reads every row).
    if (Object.keys(layout().summary).length === 0) {
      asked++
      answer.value = null
      return
    }
    const mine = ++asked
    try {
      const a = await load({ ...layout().summary })
      if (mine === asked) {
        answer.value = a
        error.value = null
      }
    } catch (err) {
      if (mine === asked) error.value = err instanceof Error ? err.message : String(err)
    }
  }
  watch(
    [loader, () => JSON.stringify(layout().summary), changed],
    () => {
      // Writes come in bursts (a paste, typing down a column): one question after them.
      clearTimeout(timer)
      timer = setTimeout(() => void load(), 150)
    },
    { immediate: true },
  )
  return { answer, error }
}
