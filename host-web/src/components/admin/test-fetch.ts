import { vi } from 'vitest'

/** One request the component made, as the server would see it. */
export interface Call {
  method: string
  path: string
  query: URLSearchParams
  contentType: string | null
  body: unknown
}
export type Answer = { status: number; body?: unknown }
export type Routes = Record<string, (call: Call) => Answer>

/**
 * Stands in for the server in component tests: answers `"METHOD /path"` routes and records every
 * call; an unrouted request answers 404 so a test notices it.
 */
export function stubFetch(routes: Routes): Call[] {
  const calls: Call[] = []
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://localhost')
    const headers = new Headers(init.headers)
    const raw = init.body
    const body = raw instanceof Blob ? new Uint8Array(await raw.arrayBuffer()) : typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw
    const call: Call = { method: init.method ?? 'GET', path: url.pathname, query: url.searchParams, contentType: headers.get('content-type'), body }
    calls.push(call)
    const answer = routes[`${call.method} ${call.path}`]?.(call) ?? { status: 404, body: { error: { code: 'NOT_ROUTED', message: `${call.method} ${call.path}` } } }
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } })
  })
  return calls
}
