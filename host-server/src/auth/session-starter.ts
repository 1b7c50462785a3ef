import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import type { AuthSettings } from './auth-settings.ts'
import type { Authenticator } from './authenticator.ts'
import { SESSION_COOKIE, setSessionCookies } from './cookies.ts'
import { hashSecret, newSecret } from './secrets.ts'

export interface SessionStarter {
  /** Ends the session whose cookie the request carries, if any (logout; login, against session fixation). */
  readonly endCookieSession: (req: FastifyRequest) => Promise<void>
  /** A new session for the person (its cookie set); the browser's previous one is ended first. */
  readonly startSession: (req: FastifyRequest, reply: FastifyReply, userId: string, companyId: string | undefined) => Promise<void>
}

/** Login, sign-up, magic links, password changes: every way in makes a new session the same way. */
export function sessionStarter(k: Kernel, d: { authenticator: Authenticator; settings: AuthSettings; publicUrl: string | undefined }): SessionStarter {
  const endCookieSession = async (req: FastifyRequest) => {
    const secret = req.cookies[SESSION_COOKIE]
    if (!secret) return
    const found = await k.sessions.find(hashSecret(secret))
    if (found) await k.sessions.delete(found.userId, found.id)
    d.authenticator.forgetCredentials()
  }
  return {
    endCookieSession,
    async startSession(req, reply, userId, companyId) {
      await endCookieSession(req)
      const secret = newSecret('dps')
      await k.sessions.create({
        userId,
        tokenHash: hashSecret(secret),
        companyId,
        expiresAt: new Date(Date.now() + d.settings.sessionMaxMs),
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      })
      setSessionCookies(req, reply, secret, d.settings.sessionMaxMs, d.publicUrl)
    },
  }
}
