import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue'

/** A column to render: its index, and the width of the columns left out just before it. */
export interface WindowColumn {
  readonly ci: number
  readonly gap: number
}

// Columns rendered beyond each side of the viewport, in pixels.
const MARGIN = 240

/**
 * The columns a row renders: those the viewport shows (plus a margin), so a wide table does not
 * render every cell of every row on each scroll step. `keep` is a column that is always rendered
 * (the one being edited, so scrolling sideways does not discard its editor); so is the first
 * column, which the grid freezes at the left.
 */
export function useColumnWindow(scroller: Ref<HTMLElement | null>, widths: Ref<readonly number[]>, leadWidth: number, keep: () => number): Ref<readonly WindowColumn[]> {
  const view = ref({ left: 0, width: Number.POSITIVE_INFINITY })
  const measure = () => {
    const el = scroller.value
    if (!el) return
    // Only a change of the horizontal view reaches the rows: vertical scrolling leaves the ref alone.
    if (el.scrollLeft !== view.value.left || el.clientWidth !== view.value.width) view.value = { left: el.scrollLeft, width: el.clientWidth }
  }
  const resize = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(measure)
  watch(
    scroller,
    (el, old) => {
      old?.removeEventListener('scroll', measure)
      if (old) resize?.unobserve(old)
      if (!el) return
      el.addEventListener('scroll', measure, { passive: true })
      resize?.observe(el)
      measure()
    },
    { immediate: true },
  )
  onBeforeUnmount(() => {
    scroller.value?.removeEventListener('scroll', measure)
    resize?.disconnect()
  })

  const range = computed(() => {
    const ws = widths.value
    const lo = view.value.left - MARGIN
    const hi = view.value.left + view.value.width + MARGIN
    let x = leadWidth
    let from = -1
    let to = -1
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i] ?? 0
      if (x + w >= lo && x <= hi) {
        if (from < 0) from = i
        to = i
      }
      x += w
    }
    return from < 0 ? { from: 0, to: -1 } : { from, to }
  })
  // A new array only when the rendered columns change, so rows are not re-rendered by scrolling within them.
  let last: readonly WindowColumn[] = []
  return computed(() => {
    const ws = widths.value
    const { from, to } = range.value
    const k = keep()
    const indexes: number[] = []
    // The first column is frozen (sticky at the left): always rendered, wherever the view is.
    if (ws.length > 0 && from > 0) indexes.push(0)
    for (let i = from; i <= to; i++) indexes.push(i)
    if (k > 0 && k < ws.length && (k < from || k > to)) {
      if (k < from) indexes.splice(1, 0, k)
      else indexes.push(k)
    }
    const out: WindowColumn[] = []
    let next = 0
    for (const ci of indexes) {
      let gap = 0
      for (let i = next; i < ci; i++) gap += ws[i] ?? 0
      out.push({ ci, gap })
      next = ci + 1
    }
    if (
      out.length === last.length &&
      out.every((c, i) => {
        const l = last[i]
        return l !== undefined && c.ci === l.ci && c.gap === l.gap
      })
    )
      return last
    return (last = out)
  })
}
