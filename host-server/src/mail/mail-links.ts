import type { FastifyRequest } from 'fastify'
import { hostCodes } from '../errors/codes.ts'

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Where the links in mails point: PUBLIC_URL when set. Without it, the request's own origin, but
 * only for a host named in the settings (a localhost name or DOCPAL_ALLOWED_HOSTS, not `*`):
 * IP literals are always accepted by the host guard, so a forged `Host: <attacker's IP>` on a
 * password-reset request would otherwise mail the victim a link to the attacker's server.
 */
export function linkBase(req: FastifyRequest, s: { publicUrl: string | undefined; allowedHosts: ReadonlyArray<string> }): string {
  if (s.publicUrl) return s.publicUrl.replace(/\/+$/, '')
  const host = req.hostname.toLowerCase()
  const named = LOCAL_NAMES.has(host) || s.allowedHosts.some((h) => h !== '*' && h.toLowerCase() === host)
  if (!named) throw hostCodes.HST_ERR_PUBLIC_URL_REQUIRED(host)
  return `${req.protocol}://${req.host}`
}

/** A link to a page of the web app carrying a one-time token, e.g. `/reset-password/<token>`. */
export function mailLink(base: string, page: 'verify-email' | 'magic' | 'reset-password' | 'confirm-email' | 'invite', token: string): string {
  return `${base}/${page}/${encodeURIComponent(token)}`
}
