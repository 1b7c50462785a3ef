/** An error answer of the DocPal API (`{error: {code, message, path, details}}`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: ReadonlyArray<string | number> = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

type Query = Record<string, string | number | boolean | undefined>

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The header a signed-in browser's writes carry: the session's CSRF token, which the server put in
 * the readable `docpal_csrf` cookie (a page of another site cannot read it).
 */
export function csrfHeaders(method = 'POST'): Record<string, string> {
  if (SAFE.has(method.toUpperCase()) || typeof document === 'undefined') return {}
  const m = /(?:^|;\s*)docpal_csrf=([^;]+)/.exec(document.cookie)
  return m?.[1] ? { 'x-docpal-csrf': decodeURIComponent(m[1]) } : {}
}

/** The shell's language (the mails the server sends for this request are written in it). */
function languageHeaders(): Record<string, string> {
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang
  return lang ? { 'accept-language': lang } : {}
}

/** The header that previews the app as a role or member (`role:<name>`, `user:<id>`). */
export const VIEW_AS_HEADER = 'x-docpal-view-as'
let viewAs: string | null = null

/**
 * Owners and admins preview what a role sees ("view as"): every GET then carries the header, for
 * the host's pages and the plugins' alike. Writes are refused without a request meanwhile (the
 * server would refuse them with the header, and without it they would act as the owner).
 */
export function setViewAs(value: string | null): void {
  viewAs = value
}
export const currentViewAs = (): string | null => viewAs

/** Fired on `window` when the server answers 401: the host shows its login page. */
export const SIGNED_OUT_EVENT = 'docpal:signed-out'

async function request<T>(method: string, url: string, body?: unknown, query?: Query): Promise<T> {
  // A preview changes nothing: a write is refused here, before it could act as the previewing owner.
  if (viewAs && !SAFE.has(method)) throw new ApiError(403, 'HST_ERR_VIEW_AS_READ_ONLY', 'Nothing can be changed while previewing as another role; exit the preview first.')
  const qs = query
    ? new URLSearchParams(
        Object.entries(query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      ).toString()
    : ''
  const res = await fetch(qs ? `${url}?${qs}` : url, {
    method,
    // The served page preloads the data a deep link reads first, without the preview's header; a
    // request in another credentials mode (the same cookies on this origin) is never handed a preload.
    ...(viewAs ? { credentials: 'include' as const } : {}),
    headers: {
      ...csrfHeaders(method),
      ...languageHeaders(),
      ...(viewAs && SAFE.has(method) ? { [VIEW_AS_HEADER]: viewAs } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  const data: unknown = text ? JSON.parse(text) : null
  if (res.status === 401 && typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT))
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; path?: Array<string | number>; details?: Record<string, unknown> } } | null)?.error
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.path ?? [], e?.details ?? {})
  }
  return data as T
}

/** The host's HTTP client: same origin, JSON in and out, errors as `ApiError`. */
export const api = {
  get: <T>(url: string, query?: Query) => request<T>('GET', url, undefined, query),
  post: <T>(url: string, body?: unknown, query?: Query) => request<T>('POST', url, body ?? {}, query),
  put: <T>(url: string, body: unknown, query?: Query) => request<T>('PUT', url, body, query),
  patch: <T>(url: string, body: unknown, query?: Query) => request<T>('PATCH', url, body, query),
  delete: <T>(url: string, query?: Query) => request<T>('DELETE', url, undefined, query),
}
