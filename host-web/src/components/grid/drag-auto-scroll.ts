/** How close to an edge (px) the pointer starts the scroll, and the most it scrolls per frame. */
const EDGE = 32
const MAX_STEP = 40

/**
 * Scrolls `el` while a drag (the grid's fill handle) holds the pointer near or past its top or
 * bottom edge, faster the further past, as spreadsheets do; `insets` are the sticky header and
 * footer the rows pass under. After each step `onStep` runs, so the drag follows the rows that
 * move under a pointer that does not. `stop()` ends it (on release).
 */
export function dragAutoScroll(el: HTMLElement, insets: { top: number; bottom: number }, onStep: () => void): { move(clientY: number): void; stop(): void } {
  let y: number | undefined
  let frame = 0
  const step = () => {
    frame = 0
    if (y === undefined) return
    const r = el.getBoundingClientRect()
    const past = y - (r.bottom - insets.bottom - EDGE)
    const before = r.top + insets.top + EDGE - y
    const by = past > 0 ? Math.min(MAX_STEP, Math.ceil(past / 2)) : before > 0 ? -Math.min(MAX_STEP, Math.ceil(before / 2)) : 0
    if (by === 0) return
    const was = el.scrollTop
    el.scrollTop = was + by
    // At the top or the bottom already: nothing moved, nothing to follow, no frame to ask for.
    if (el.scrollTop === was) return
    onStep()
    frame = requestAnimationFrame(step)
  }
  return {
    move(clientY) {
      y = clientY
      if (!frame) frame = requestAnimationFrame(step)
    },
    stop() {
      y = undefined
      cancelAnimationFrame(frame)
      frame = 0
    },
  }
}
