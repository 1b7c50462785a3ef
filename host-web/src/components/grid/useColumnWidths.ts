import { ref, watch, type Ref } from 'vue'

export const DEFAULT_WIDTH = 180
export const MIN_WIDTH = 60

/** Column widths by column id, kept in localStorage per table (a per-browser preference). */
export function useColumnWidths(tableId: Ref<string>): { widths: Ref<Record<string, number>>; widthOf: (id: string) => number; save: () => void } {
  const key = () => `docpal.grid.widths.${tableId.value}`
  const widths = ref<Record<string, number>>({})
  watch(
    tableId,
    () => {
      try {
        widths.value = JSON.parse(localStorage.getItem(key()) ?? '{}') as Record<string, number>
      } catch {
        widths.value = {} // a corrupt entry only loses the widths
      }
    },
    { immediate: true },
  )
  return {
    widths,
    widthOf: (id) => widths.value[id] ?? DEFAULT_WIDTH,
    save: () => localStorage.setItem(key(), JSON.stringify(widths.value)),
  }
}
