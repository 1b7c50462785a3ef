import type { FastifyReply, FastifyRequest } from 'fastify'
import { endCookieSession, startSession, type SessionDeps, type SessionStart } from './session-cookies.ts'

export interface SessionStarter {
  /** Ends the session whose cookie the request carries, if any (logout: logged; login, against session fixation: part of that login). */
  readonly endCookieSession: (req: FastifyRequest, logout: boolean) => Promise<void>
  /** A new session for the person (its cookie set); the browser's previous one is ended first. */
  readonly startSession: (req: FastifyRequest, reply: FastifyReply, userId: string, companyId: string | undefined, how: SessionStart) => Promise<void>
}

/** Login, sign-up, magic links, password changes: every way in makes a new session the same way (session-cookies.ts), bound to the server's deps. */
export function sessionStarter(d: SessionDeps): SessionStarter {
  return {
    endCookieSession: (req, logout) => endCookieSession(d, req, logout),
    startSession: (req, reply, userId, companyId, how) => startSession(d, req, reply, userId, companyId, how),
  }
}
