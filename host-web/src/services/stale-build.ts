import type { Router } from 'vue-router'

/** When the page last reloaded for a new build (this tab): a second failure soon after is a real one, shown as it is. */
const KEY = 'docpal.staleBuildReload'
const AGAIN_MS = 30_000

/** The messages browsers give a dynamic import whose file is gone (Chromium, Firefox, Safari), and Vite's for a chunk's CSS. */
const MISSING_CHUNK = /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS/i

function reloadOnce(to: string): boolean {
  const last = Number(sessionStorage.getItem(KEY) ?? 0)
  if (Date.now() - last < AGAIN_MS) return false
  sessionStorage.setItem(KEY, String(Date.now()))
  window.location.assign(to)
  return true
}

/**
 * After DocPal is upgraded, a page opened before keeps the old build, whose lazily loaded pages
 * and chunks have hashed names the server no longer has: the next page opened failed to load and
 * nothing said why. A failed chunk load now reloads the page (once per 30 s, so a real outage is
 * not a reload loop) at the address being opened, which fetches the new build.
 */
export function reloadOnStaleBuild(router: Router): void {
  router.onError((err: unknown, to) => {
    if (err instanceof Error && MISSING_CHUNK.test(err.message) && reloadOnce(to.fullPath)) return
    console.error('navigation failed', { to: to.fullPath, err })
  })
}
