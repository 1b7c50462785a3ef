import { createHash } from 'node:crypto'

/**
 * The Content-Security-Policy of every answer. The web app runs only its own scripts (plus the
 * hashed inline import map of its page, see `pageCsp`); Element Plus positions popups with inline
 * styles, so styles may be inline; images may come from anywhere over https (app icons, URL
 * fields). No page may frame DocPal (clickjacking).
 */
export function cspDirectives(scriptHashes: ReadonlyArray<string> = []): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...scriptHashes],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  }
}

/** A policy's header value. */
export const policy = (d: Record<string, string[]>) =>
  Object.entries(d)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ')

/** The policy for an HTML page: its inline scripts (the import map) allowed by their sha256. */
export function pageCsp(html: string): string {
  const hashes: string[] = []
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/gi)) {
    // Data blocks (`type="application/json"`) are never run, so the policy does not cover them.
    if (/type\s*=\s*["']?application\/json/i.test(m[1] ?? '')) continue
    hashes.push(
      `'sha256-${createHash('sha256')
        .update(m[2] ?? '')
        .digest('base64')}'`,
    )
  }
  return policy(cspDirectives(hashes))
}
