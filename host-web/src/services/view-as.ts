import { computed, ref } from 'vue'
import { setViewAs } from '@docpal/plugin-sdk/client'

const KEY = 'docpal.viewAs'
interface Stored {
  companyId: string
  role: string
}
function read(): Stored | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Stored | null
    return v && typeof v.role === 'string' && typeof v.companyId === 'string' ? v : null
  } catch {
    return null
  }
}
const stored = typeof sessionStorage === 'undefined' ? null : read()

/** The role an owner or admin previews the app as (null: themselves). Kept for the tab's session. */
export const viewAsRole = ref<string | null>(stored?.role ?? null)
/** The company the preview was started in: a role name means nothing in another company. */
export const viewAsCompany = stored?.companyId ?? null
setViewAs(stored ? `role:${stored.role}` : null)

/** Whether a preview is on: every write is disabled meanwhile (the server refuses them). */
export const previewing = computed(() => viewAsRole.value !== null)

/**
 * Starts or ends a preview. The page loads again: everything on it (the sidebar's views, the
 * table's columns, the records) is then what the role gets, with nothing left from before.
 */
export function startViewAs(companyId: string, role: string): void {
  sessionStorage.setItem(KEY, JSON.stringify({ companyId, role } satisfies Stored))
  window.location.reload()
}

export function stopViewAs(reload = true): void {
  viewAsRole.value = null
  setViewAs(null)
  sessionStorage.removeItem(KEY)
  if (reload) window.location.reload()
}
