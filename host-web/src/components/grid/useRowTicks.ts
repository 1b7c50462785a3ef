import { computed, ref, watch } from 'vue'
import type { RecordData } from '@docpal/plugin-sdk/client'
import { PAGE_SIZE, type RecordPages } from './useRecordPages.ts'

/** The records of the pages in memory, in row order (pages not loaded are skipped a page at a time). */
export function loadedRecords(pages: RecordPages, count: number): RecordData[] {
  const out: RecordData[] = []
  for (let i = 0; i < count; i++) {
    const r = pages.rowAt(i)
    if (r) out.push(r)
    else if (i % PAGE_SIZE === 0) i += PAGE_SIZE - 1
  }
  return out
}

/** The row index of a loaded record, or -1. */
export function loadedIndexOf(pages: RecordPages, count: number, id: string): number {
  for (let i = 0; i < count; i++) {
    const r = pages.rowAt(i)
    if (r?.id === id) return i
    if (!r && i % PAGE_SIZE === 0) i += PAGE_SIZE - 1
  }
  return -1
}

/**
 * The rows ticked in the lead column (ids of loaded records): one by one, all loaded ones, or a
 * run (Shift+click ticks or unticks every loaded row between the last ticked and this one).
 * Cleared when the pages start over (filter, sort, records deleted).
 */
export function useRowTicks(pages: RecordPages, count: () => number) {
  const selected = ref(new Set<string>())
  const loadedIds = () => loadedRecords(pages, count()).map((r) => r.id)
  const allSelected = computed(() => selected.value.size > 0 && loadedIds().every((id) => selected.value.has(id)))
  function toggleAll(on: boolean) {
    selected.value = new Set(on ? loadedIds() : [])
  }
  let lastTicked = -1
  function toggleRow(id: string, on: boolean, extend = false) {
    const next = new Set(selected.value)
    const row = loadedIndexOf(pages, count(), id)
    if (extend && lastTicked >= 0 && row >= 0) {
      for (let i = Math.min(row, lastTicked); i <= Math.max(row, lastTicked); i++) {
        const r = pages.rowAt(i)
        if (r && on) next.add(r.id)
        else if (r) next.delete(r.id)
      }
    } else if (on) next.add(id)
    else next.delete(id)
    lastTicked = row
    selected.value = next
  }
  watch(
    () => pages.total.value === undefined,
    (resetting) => {
      if (resetting) selected.value = new Set()
    },
  )
  return { selected, allSelected, toggleAll, toggleRow }
}
