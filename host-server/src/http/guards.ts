import { isIP } from 'node:net'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { DocPalError } from '@docpal/plugin-sdk'
import type { HttpSettings } from '../config.ts'
import { hostCodes } from '../errors/codes.ts'

const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]']
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * An IP literal cannot be rebound by DNS (an attacker's page never has another machine's address
 * as its origin), so `http://192.168.1.5:8080` keeps working on a LAN without configuration.
 */
function isIpLiteral(host: string): boolean {
  return isIP(host) !== 0 || (host.startsWith('[') && host.endsWith(']') && isIP(host.slice(1, -1)) === 6)
}

function hasBody(req: FastifyRequest): boolean {
  const len = req.headers['content-length']
  return req.headers['transfer-encoding'] !== undefined || (len !== undefined && len !== '0')
}

/**
 * Checks before anything is parsed or routed:
 * - the Host header names this server (DNS rebinding: a name the attacker controls, resolved to
 *   127.0.0.1, would otherwise reach the API with the attacker's page as same-origin);
 * - a write from a browser page of another origin is refused (the API has no CSRF token; a
 *   "simple" cross-site request needs no preflight), unless DOCPAL_CORS_ORIGINS allows it;
 * - a write's body is JSON, or the route's declared type (a plugin archive): `text/plain` and
 *   form bodies, which browsers send cross-site without asking, never reach a handler.
 */
export function installGuards(app: FastifyInstance, s: HttpSettings): void {
  const hosts = new Set([...LOCAL_NAMES, ...s.allowedHosts.map((h) => h.toLowerCase())])
  if (s.publicUrl) hosts.add(new URL(s.publicUrl).hostname.toLowerCase())
  const anyHost = hosts.has('*')
  const origins = new Set(s.corsOrigins)
  if (s.publicUrl) origins.add(new URL(s.publicUrl).origin)
  const anyOrigin = origins.has('*')
  const sameOrigin = (origin: string, req: FastifyRequest) => {
    try {
      return new URL(origin).host.toLowerCase() === req.host.toLowerCase()
    } catch {
      return false // `Origin: null` (sandboxed frames, file://) is never this server
    }
  }
  /** Why a request is refused; undefined lets it through. */
  const refusal = (req: FastifyRequest): DocPalError | undefined => {
    const host = req.hostname.toLowerCase()
    if (!anyHost && !hosts.has(host) && !isIpLiteral(host)) return hostCodes.HST_ERR_HOST_NOT_ALLOWED(host)
    if (!WRITES.has(req.method)) return undefined
    const origin = req.headers.origin
    if (origin !== undefined && !anyOrigin && !origins.has(origin) && !sameOrigin(origin, req)) return hostCodes.HST_ERR_CROSS_ORIGIN(origin)
    const type = req.headers['content-type']
    if (type === undefined && !hasBody(req)) return undefined
    const [mediaType = ''] = (type ?? '').split(';')
    const media = mediaType.trim().toLowerCase()
    const accepted = ['application/json', ...(req.routeOptions.config.accepts ?? [])]
    if (!accepted.includes(media)) return hostCodes.HST_ERR_UNSUPPORTED_MEDIA_TYPE(media || '(none)', accepted.join(' or '))
    return undefined
  }
  app.addHook('onRequest', (req, _reply, done) => {
    done(refusal(req))
  })
}
