/** The space between a bar's border and its label, each side, in pixels. */
export const BAR_PADDING = 8

/**
 * The records whose bar is too narrow for its label (a one-day bar at the day scale): their label
 * is shown beside the bar, whole, instead of cut to "A…". The label's own width (`scrollWidth`:
 * the same inside the bar, where it is cut, and beside it) against the room inside the bar, so the
 * answer does not change with where the label is shown. Without layout (no width at all) none.
 */
export function barLabelsOutside(chart: HTMLElement): Set<string> {
  const out = new Set<string>()
  for (const bar of chart.querySelectorAll<HTMLElement>('[data-test="gantt-bar"]')) {
    const label = bar.querySelector<HTMLElement>('[data-test="gantt-bar-label"]')
    const id = bar.dataset['record']
    if (!label || !id || bar.clientWidth === 0) continue
    if (label.scrollWidth > bar.clientWidth - 2 * BAR_PADDING) out.add(id)
  }
  return out
}
