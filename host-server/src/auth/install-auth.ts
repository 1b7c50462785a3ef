import type { FastifyInstance, FastifyRequest } from 'fastify'
import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import type { Kernel } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import type { AuthSettings } from './auth-settings.ts'
import { Authenticator } from './authenticator.ts'
import type { HitCounter } from './hit-counter.ts'
import { rateLimitStore } from './rate-limit-store.ts'
import { CSRF_HEADER, SESSION_COOKIE } from './cookies.ts'
import { COMPANY_ROLES_THAT_MANAGE, type Access } from './request-auth.ts'
import { csrfToken, sameSecret } from './secrets.ts'

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** What the route asks of its caller: /api routes need a member unless they say otherwise; the web shell is public. */
function accessOf(req: FastifyRequest): Access {
  const declared = req.routeOptions.config.access
  if (declared) return declared
  // The API's documentation pages (swagger-ui's own routes) describe, they expose no data.
  if (req.url.startsWith('/api/docs')) return 'public'
  return req.url.startsWith('/api/') || req.url === '/api' ? 'member' : 'public'
}

/**
 * Cookies, rate limits and the one check every request passes before its body is read: who is
 * asking (session cookie or bearer token), whether a cookie-borne write carries its CSRF token,
 * and whether the caller may use the route at all. Handlers only read `req.auth`.
 */
export async function installAuth(app: FastifyInstance, kernel: Kernel, settings: AuthSettings, counter: HitCounter): Promise<Authenticator> {
  await app.register(cookie)
  await app.register(rateLimit, {
    global: false,
    // Counted where every server process counts (Redis, PostgreSQL; memory on PGlite's one process).
    store: rateLimitStore(counter, kernel.logger),
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) => hostCodes.HST_ERR_RATE_LIMITED(ctx.after),
  })
  const authenticator = new Authenticator(kernel, settings)
  app.decorateRequest('auth', undefined)
  app.addHook('onRequest', async (req) => {
    const access = accessOf(req)
    // The web shell and static files need no lookup.
    if (access === 'public' && !req.url.startsWith('/api/')) return
    const r = await authenticator.resolve(req)
    if (access === 'public') {
      req.auth = r.auth
      return
    }
    if (r.error) throw r.error
    const auth = r.auth
    if (!auth) throw hostCodes.HST_ERR_AUTH_REQUIRED(r.ended ? 'Your session has ended.' : 'You are not signed in.')
    req.auth = auth
    if (WRITES.has(req.method)) {
      if (auth.readOnly) throw hostCodes.HST_ERR_TOKEN_READ_ONLY()
      if (auth.via === 'session') {
        const sent = req.headers[CSRF_HEADER]
        const secret = req.cookies[SESSION_COOKIE] ?? ''
        if (typeof sent !== 'string' || !sameSecret(sent, csrfToken(secret))) throw hostCodes.HST_ERR_CSRF()
      }
    }
    if (access === 'user') return
    if (access === 'instance-admin') {
      if (!auth.isInstanceAdmin) throw hostCodes.HST_ERR_FORBIDDEN('instance admins', 'install, update, enable, disable, configure or uninstall plugins and read server metrics')
      return
    }
    if (!auth.company) throw hostCodes.HST_ERR_COMPANY_REQUIRED()
    if (access === 'admin' && !COMPANY_ROLES_THAT_MANAGE.has(auth.company.role))
      throw hostCodes.HST_ERR_FORBIDDEN("the company's owners and admins", 'create, change or delete apps, folders, tables and columns')
  })
  return authenticator
}
