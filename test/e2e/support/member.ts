import type { BrowserContext, Page } from 'playwright-core'
import { setCookies, type TestSession } from '../../support/sessions.ts'
import { signInBrowser, type E2E } from './browser.ts'

/**
 * A member of the owner's company, through an invitation accepted without an account (its answer
 * signs them in), as a person joins: their session, for the API and for a browser of their own.
 */
export async function inviteMember(e: E2E, email: string, name: string, role = 'member'): Promise<TestSession> {
  const me = await e.server.api('GET', '/api/auth/me')
  const invitation = await e.server.api('POST', `/api/companies/${me.body.currentCompanyId as string}/invitations`, { email, role })
  if (invitation.status !== 201) throw new Error(`invitation: ${invitation.text}`)
  const password = 'a long password'
  const res = await fetch(`${e.server.url}/api/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: invitation.body.inviteCode, name, password }),
  })
  if (res.status !== 200) throw new Error(`accept: ${res.status} ${await res.text()}`)
  const cookies = setCookies(res)
  const secret = cookies.get('docpal_session') ?? ''
  const csrf = cookies.get('docpal_csrf') ?? ''
  const cookie = `docpal_session=${secret}; docpal_csrf=${csrf}`
  const user = ((await res.json()) as { user: { id: string } }).user
  return { userId: user.id, email, password, secret, csrf, cookie, headers: { cookie, 'x-docpal-csrf': csrf } }
}

/** A browser window of the member's own (a context with their cookies); the page's errors are collected. */
export async function memberPage(e: E2E, member: TestSession, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await e.browser.newContext({ viewport })
  await signInBrowser(context, e.server.url, member)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  return { context, page, errors }
}
