export type Mode = 'month' | 'week'

const placeKey = (viewId: string) => `docpal.calendar.${viewId}`

/** The month or week a calendar showed last in this tab (sessionStorage), if any. */
export function readPlace(viewId: string): { mode: Mode; anchor: string } | undefined {
  const raw = sessionStorage.getItem(placeKey(viewId))
  const m = raw ? /^(month|week) (\d{4}-\d{2}-\d{2})$/.exec(raw) : null
  return m ? { mode: m[1] as Mode, anchor: m[2] as string } : undefined
}

export function writePlace(viewId: string, p: { mode: Mode; anchor: string }): void {
  sessionStorage.setItem(placeKey(viewId), `${p.mode} ${p.anchor}`)
}
