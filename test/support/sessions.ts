/** A signed-in browser, as tests hold it: the cookies a login set and the CSRF header writes need. */
export interface TestSession {
  readonly userId: string
  readonly email: string
  readonly password: string
  /** `docpal_session=...; docpal_csrf=...`: what a browser sends. */
  readonly cookie: string
  readonly csrf: string
  /** The secret of the session cookie (for a browser context's cookie jar). */
  readonly secret: string
  /** Headers that authenticate a request as this person (cookie and CSRF token). */
  readonly headers: Readonly<Record<string, string>>
}

/** The cookies of a Set-Cookie answer, by name. */
export function setCookies(res: Response): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';')
    const eq = pair.indexOf('=')
    if (eq > 0) out.set(pair.slice(0, eq).trim(), decodeURIComponent(pair.slice(eq + 1).trim()))
  }
  return out
}

let counter = 0

/** Signs up a new person over HTTP (their own company) or logs one in, and answers the session. */
export async function signIn(
  baseUrl: string,
  how: { signup: true; name?: string; email?: string; password?: string } | { signup: false; email: string; password: string },
): Promise<TestSession> {
  const email = how.email ?? `person${Date.now().toString(36)}${counter++}@example.com`
  const password = how.password ?? 'correct horse battery staple'
  const body = how.signup ? { email, password, name: ('name' in how && how.name) || 'Test Person' } : { email, password }
  const res = await fetch(`${baseUrl}/api/auth/${how.signup ? 'signup' : 'login'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  if (res.status !== (how.signup ? 201 : 200)) throw new Error(`${how.signup ? 'signup' : 'login'} ${email}: ${res.status} ${text}`)
  const cookies = setCookies(res)
  const secret = cookies.get('docpal_session')
  const csrf = cookies.get('docpal_csrf')
  if (!secret || !csrf) throw new Error(`no session cookies in ${JSON.stringify(res.headers.getSetCookie())}`)
  const cookie = `docpal_session=${secret}; docpal_csrf=${csrf}`
  const user = (JSON.parse(text) as { user: { id: string } }).user
  return { userId: user.id, email, password, cookie, csrf, secret, headers: { cookie, 'x-docpal-csrf': csrf } }
}

export const OWNER = { name: 'Owner', email: 'owner@example.com', password: 'correct horse battery staple' } as const

/** The owner's session on a server started outside `startTestServer`: signs up on a fresh database, logs in on one that has the account (a restart). */
export async function ownerSession(baseUrl: string): Promise<TestSession> {
  const state = (await (await fetch(`${baseUrl}/api/auth/state`)).json()) as { hasAccounts: boolean }
  return signIn(baseUrl, state.hasAccounts ? { signup: false, email: OWNER.email, password: OWNER.password } : { signup: true, ...OWNER })
}
