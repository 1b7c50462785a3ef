import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import type { AuthSettings } from './auth-settings.ts'
import type { Authenticator } from './authenticator.ts'
import { SESSION_COOKIE, setSessionCookies } from './cookies.ts'
import type { RequestAuth } from './request-auth.ts'
import { hashSecret, newSecret } from './secrets.ts'
import { requestOrigin } from '../routes/define.ts'

/** How a session began, as the audit log's `session.login` entry says. */
export type SessionStart = 'password' | 'signup' | 'magic-link' | 'password-reset' | 'password-change' | 'invitation'

/** What starting, ending and rotating a cookie session needs. */
export interface SessionDeps {
  readonly kernel: Kernel
  readonly authenticator: Authenticator
  readonly settings: AuthSettings
  readonly publicUrl: string | undefined
}

/** Ends the session whose cookie the request carries, if any (logout; login, against session fixation). */
export async function endCookieSession(d: SessionDeps, req: FastifyRequest, logout: boolean): Promise<void> {
  const secret = req.cookies[SESSION_COOKIE]
  if (!secret) return
  const found = await d.kernel.sessions.find(hashSecret(secret))
  // Only a logout is logged: a session a new login replaces is part of that login.
  if (!found) return
  await d.kernel.sessions.delete(found.userId, found.id, logout ? requestOrigin(req) : undefined)
  d.authenticator.forgetCredentials([found.id])
}

/** A new session for the person (its cookie set); the browser's previous one is ended first. */
export async function startSession(d: SessionDeps, req: FastifyRequest, reply: FastifyReply, userId: string, companyId: string | undefined, how: SessionStart): Promise<void> {
  await endCookieSession(d, req, false)
  const secret = newSecret('dps')
  await d.kernel.sessions.create(
    {
      userId,
      tokenHash: hashSecret(secret),
      companyId,
      expiresAt: new Date(Date.now() + d.settings.sessionMaxMs),
      ip: req.ip,
      userAgent: req.headers['user-agent'],
    },
    requestOrigin(req),
    how,
  )
  setSessionCookies(req, reply, secret, d.settings.sessionMaxMs, d.publicUrl)
}

/**
 * After a privilege change of the caller (switching company, joining one, taking or handing over
 * ownership): the session gets a new secret and cookie, and the old secret stops working at once,
 * so a cookie copied before the change carries none of the new rights. Token requests are left
 * as they are (a token has no cookie to replace).
 */
export async function rotateSession(d: SessionDeps, req: FastifyRequest, reply: FastifyReply, auth: RequestAuth, companyId?: string): Promise<void> {
  if (auth.via !== 'session') return
  const secret = newSecret('dps')
  const rotated = await d.kernel.sessions.rotate(auth.credentialId, hashSecret(secret), companyId)
  d.authenticator.forgetCredentials([auth.credentialId])
  if (!rotated) {
    d.kernel.logger.warn('session to rotate is gone', { userId: auth.userId, sessionId: auth.credentialId })
    return
  }
  setSessionCookies(req, reply, secret, d.settings.sessionMaxMs, d.publicUrl)
}
