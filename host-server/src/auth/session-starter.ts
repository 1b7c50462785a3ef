import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import type { AuthSettings } from './auth-settings.ts'
import type { Authenticator } from './authenticator.ts'
import { SESSION_COOKIE, setSessionCookies } from './cookies.ts'
import { hashSecret, newSecret } from './secrets.ts'
import { requestOrigin } from '../routes/define.ts'

/** How a session began, as the audit log's `session.login` entry says. */
export type SessionStart = 'password' | 'signup' | 'magic-link' | 'password-reset' | 'password-change' | 'invitation'

export interface SessionStarter {
  /** Ends the session whose cookie the request carries, if any (logout: logged; login, against session fixation: part of that login). */
  readonly endCookieSession: (req: FastifyRequest, logout: boolean) => Promise<void>
  /** A new session for the person (its cookie set); the browser's previous one is ended first. */
  readonly startSession: (req: FastifyRequest, reply: FastifyReply, userId: string, companyId: string | undefined, how: SessionStart) => Promise<void>
}

/** Login, sign-up, magic links, password changes: every way in makes a new session the same way. */
export function sessionStarter(k: Kernel, d: { authenticator: Authenticator; settings: AuthSettings; publicUrl: string | undefined }): SessionStarter {
  const endCookieSession = async (req: FastifyRequest, logout: boolean) => {
    const secret = req.cookies[SESSION_COOKIE]
    if (!secret) return
    const found = await k.sessions.find(hashSecret(secret))
    // Only a logout is logged: a session a new login replaces is part of that login.
    if (found) await k.sessions.delete(found.userId, found.id, logout ? requestOrigin(req) : undefined)
    d.authenticator.forgetCredentials()
  }
  return {
    endCookieSession,
    async startSession(req, reply, userId, companyId, how) {
      await endCookieSession(req, false)
      const secret = newSecret('dps')
      await k.sessions.create(
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
    },
  }
}
