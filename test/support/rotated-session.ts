import { setCookies, type TestSession } from './sessions.ts'

/** Sends a write as `s` with fetch and answers the response and the session as the server left it (rotated or not). */
export async function sendAs(
  baseUrl: string,
  s: TestSession,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; session: TestSession; rotated: boolean }> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...s.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  const cookies = setCookies(res)
  const secret = cookies.get('docpal_session')
  const csrf = cookies.get('docpal_csrf')
  const session =
    secret && csrf
      ? { ...s, secret, csrf, cookie: `docpal_session=${secret}; docpal_csrf=${csrf}`, headers: { cookie: `docpal_session=${secret}; docpal_csrf=${csrf}`, 'x-docpal-csrf': csrf } }
      : s
  return { status: res.status, body: text ? JSON.parse(text) : undefined, session, rotated: session !== s }
}
