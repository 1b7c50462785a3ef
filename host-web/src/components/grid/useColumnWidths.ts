import { ref, watch, type Ref } from 'vue'
import type { GridLayout } from './grid-layout.ts'

export const DEFAULT_WIDTH = 180
export const MIN_WIDTH = 60

function read<T>(key: string, fallback: T): T {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T | null) ?? fallback
  } catch {
    return fallback // a corrupt entry only loses that part of the layout
  }
}

/**
 * The table page's grid layout, kept in this browser per table (widths, column order, summary
 * choices): the table page is everyone's plain grid, so one person's arrangement stays theirs.
 * A table view keeps its layout in the view instead (ViewGrid.vue).
 */
export function useLocalGridLayout(tableId: Ref<string>): { layout: Ref<GridLayout>; save: (l: GridLayout) => void } {
  const key = (part: string) => `docpal.grid.${part}.${tableId.value}`
  const layout = ref<GridLayout>({ widths: {}, summary: {} })
  watch(
    tableId,
    () => {
      const order = read<string[] | null>(key('order'), null)
      layout.value = { widths: read(key('widths'), {}), summary: read(key('summary'), {}), ...(order ? { order } : {}) }
    },
    { immediate: true },
  )
  function save(l: GridLayout) {
    layout.value = l
    localStorage.setItem(key('widths'), JSON.stringify(l.widths))
    localStorage.setItem(key('summary'), JSON.stringify(l.summary))
    if (l.order) localStorage.setItem(key('order'), JSON.stringify(l.order))
  }
  return { layout, save }
}
