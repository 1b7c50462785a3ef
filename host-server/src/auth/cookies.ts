import type { FastifyReply, FastifyRequest } from 'fastify'
import { csrfToken } from './secrets.ts'

export const SESSION_COOKIE = 'docpal_session'
/** Readable by the page (not HttpOnly): the web app copies it into the X-DocPal-CSRF header. */
export const CSRF_COOKIE = 'docpal_csrf'
export const CSRF_HEADER = 'x-docpal-csrf'

/** `Secure` when the browser reached us over https (directly, or through a proxy we trust to say so). */
function secure(req: FastifyRequest, publicUrl: string | undefined): boolean {
  return req.protocol === 'https' || (publicUrl?.startsWith('https://') ?? false)
}

export function setSessionCookies(req: FastifyRequest, reply: FastifyReply, secret: string, maxAgeMs: number, publicUrl: string | undefined): void {
  const base = { path: '/', sameSite: 'lax' as const, secure: secure(req, publicUrl), maxAge: Math.floor(maxAgeMs / 1000) }
  reply.setCookie(SESSION_COOKIE, secret, { ...base, httpOnly: true })
  reply.setCookie(CSRF_COOKIE, csrfToken(secret), { ...base, httpOnly: false })
}

export function clearSessionCookies(req: FastifyRequest, reply: FastifyReply, publicUrl: string | undefined): void {
  const base = { path: '/', sameSite: 'lax' as const, secure: secure(req, publicUrl) }
  reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true })
  reply.clearCookie(CSRF_COOKIE, base)
}
