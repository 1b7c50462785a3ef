import { computed, ref } from 'vue'
import { setViewAs } from '@docpal/plugin-sdk/client'

const KEY = 'docpal.viewAs'
/** Whom an owner or admin previews the app as: a role, or one member. */
export type ViewAsTarget = { kind: 'role'; name: string; label: string } | { kind: 'user'; id: string; name: string; role: string }
interface Stored {
  companyId: string
  target: ViewAsTarget
}
const isTarget = (t: unknown): t is ViewAsTarget => {
  const v = t as Partial<Record<string, unknown>> | null
  if (!v || typeof v !== 'object' || typeof v['name'] !== 'string') return false
  return (v['kind'] === 'role' && typeof v['label'] === 'string') || (v['kind'] === 'user' && typeof v['id'] === 'string' && typeof v['role'] === 'string')
}
function read(): Stored | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<Stored> | null
    return v && typeof v.companyId === 'string' && isTarget(v.target) ? { companyId: v.companyId, target: v.target } : null
  } catch {
    return null
  }
}
const stored = typeof sessionStorage === 'undefined' ? null : read()

/**
 * Tells the server that this browser previews (host-server routes/web-page.ts, same name): the page
 * then preloads no API reads, which go out without the preview's header, so the app could not use
 * them and read everything twice. A session cookie, set again on each load of a previewing tab and
 * cleared by a tab that is not (a tab closed during a preview leaves none behind for long).
 */
const VIEW_AS_COOKIE = 'docpal_view_as'
function markPreview(on: boolean): void {
  if (typeof document === 'undefined') return
  document.cookie = on ? `${VIEW_AS_COOKIE}=1; path=/; SameSite=Lax` : `${VIEW_AS_COOKIE}=; path=/; SameSite=Lax; Max-Age=0`
}
markPreview(stored !== null)

/** The `X-DocPal-View-As` value of a target: `role:<name>` or `user:<member id>` (host-server auth/view-as.ts). */
export const headerOf = (t: ViewAsTarget): string => (t.kind === 'role' ? `role:${t.name}` : `user:${t.id}`)

/** Whom an owner or admin previews the app as (null: themselves). Kept for the tab's session. */
export const viewAsTarget = ref<ViewAsTarget | null>(stored?.target ?? null)
/** The preview as its header value: what answers depend on (caches are keyed by it). */
export const viewAsKey = computed(() => (viewAsTarget.value ? headerOf(viewAsTarget.value) : null))
/** The company the preview was started in: a role or a member means nothing in another company. */
export const viewAsCompany = stored?.companyId ?? null
setViewAs(stored ? headerOf(stored.target) : null)

/** Whether a preview is on: every write is disabled meanwhile (the server refuses them). */
export const previewing = computed(() => viewAsTarget.value !== null)

/**
 * Starts or ends a preview. The page loads again: everything on it (the sidebar's views, the
 * table's columns, the records) is then what the role or the member gets, with nothing left from before.
 */
export function startViewAs(companyId: string, target: ViewAsTarget): void {
  sessionStorage.setItem(KEY, JSON.stringify({ companyId, target } satisfies Stored))
  markPreview(true)
  window.location.reload()
}

export function stopViewAs(reload = true): void {
  viewAsTarget.value = null
  setViewAs(null)
  sessionStorage.removeItem(KEY)
  markPreview(false)
  if (reload) window.location.reload()
}
