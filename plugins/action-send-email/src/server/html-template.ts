/**
 * HTML bodies take their values as `{% trigger.record.Name %}`, filled here and HTML-escaped. The
 * engine's `{{...}}` would insert record text into the HTML as markup, so the config refuses it in
 * `html` (see the schema); text, subject and recipients use `{{...}}` as everywhere else.
 */
const PLACEHOLDER = /\{%\s*([^{}%]+?)\s*%\}/g
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

function lookup(vars: unknown, path: string): unknown {
  let at = vars
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined
    at = (at as Record<string, unknown>)[key]
  }
  return at
}

function asText(v: unknown): string {
  if (v === undefined || v === null) return ''
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)
}

export function fillHtml(template: string, vars: unknown): string {
  return template.replace(PLACEHOLDER, (_, path: string) => escapeHtml(asText(lookup(vars, path))))
}

/** Plain text as HTML: escaped, line breaks kept. */
export function textAsHtml(text: string): string {
  return `<div style="font-family:system-ui,-apple-system,sans-serif;white-space:pre-wrap">${escapeHtml(text)}</div>`
}
