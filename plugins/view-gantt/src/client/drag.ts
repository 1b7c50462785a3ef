import { ref, type Ref } from 'vue'

export type DragMode = 'move' | 'start' | 'end'
export interface DragState {
  id: string
  mode: DragMode
  delta: number
}

/** Below this many pixels a press is a click, not a drag. */
const CLICK_SLOP = 4

/**
 * Pointer dragging of bars in whole days: the bar follows the pointer in day steps while dragging
 * (`state.delta`), and `onDrop` gets the final step count. Pointer capture keeps the drag alive
 * when the pointer leaves the bar; mouse, pen and touch all work the same way.
 */
export function useBarDrag(
  dayWidth: () => number,
  onDrop: (id: string, mode: DragMode, delta: number) => void,
  onClick: (id: string) => void,
): {
  state: Ref<DragState | null>
  begin: (e: PointerEvent, id: string, mode: DragMode) => void
} {
  const state = ref<DragState | null>(null)

  function begin(e: PointerEvent, id: string, mode: DragMode) {
    if (e.button !== 0) return
    e.preventDefault()
    e.stopPropagation()
    const el = e.currentTarget as HTMLElement
    const x0 = e.clientX
    let moved = false
    el.setPointerCapture(e.pointerId)
    state.value = { id, mode, delta: 0 }
    const move = (ev: PointerEvent) => {
      const dx = ev.clientX - x0
      if (Math.abs(dx) > CLICK_SLOP) moved = true
      state.value = { id, mode, delta: Math.round(dx / dayWidth()) }
    }
    const up = () => {
      el.removeEventListener('pointermove', move)
      el.removeEventListener('pointerup', up)
      el.removeEventListener('pointercancel', up)
      const delta = state.value?.delta ?? 0
      state.value = null
      if (delta !== 0) onDrop(id, mode, delta)
      else if (!moved && mode === 'move') onClick(id)
    }
    el.addEventListener('pointermove', move)
    el.addEventListener('pointerup', up)
    el.addEventListener('pointercancel', up)
  }

  return { state, begin }
}
