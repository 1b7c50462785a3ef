import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import helmet, { type HelmetOptions } from 'helmet'
import type { HttpSettings } from '../config.ts'
import { cspDirectives } from './csp.ts'

export { cspDirectives, pageCsp } from './csp.ts'

/** The headers helmet sets with these options, computed once (helmet parses its options per call). */
export function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const req = new IncomingMessage(new Socket())
  const res = new ServerResponse(req)
  helmet(options)(req, res, () => undefined)
  return Object.fromEntries(Object.entries(res.getHeaders()).map(([k, v]) => [k, String(v)]))
}

/**
 * Security headers on every answer (helmet's): nosniff, frame-ancestors and X-Frame-Options,
 * Referrer-Policy, Cross-Origin-Resource-Policy; HSTS only when PUBLIC_URL is https (a plain-http
 * install would lock browsers out). Pages and assets get the app's full CSP; API answers (JSON,
 * never rendered) get the short `default-src 'none'` and none of the document-only headers, as
 * each header costs every one of thousands of requests a second. Computed once at start. CORS is
 * off unless DOCPAL_CORS_ORIGINS names origins (then @fastify/cors answers); preflights get a 204
 * either way. Hooks are callback-style: a promise per hook per request was measurable.
 */
export async function installSecurityHeaders(app: FastifyInstance, s: HttpSettings): Promise<void> {
  const https = s.publicUrl?.startsWith('https://') ?? false
  const common = {
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // The web app loads its own cross-origin-isolated nothing: COEP would only block plugin
    // client halves' images.
    crossOriginEmbedderPolicy: false,
  } as const
  const documents = helmetHeaders({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives() },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
  })
  const api = helmetHeaders({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  })
  app.addHook('onRequest', (req, reply, done) => {
    void reply.headers(req.url.startsWith('/api/') ? api : documents)
    done()
  })
  if (s.corsOrigins.length === 0) {
    // CORS off: preflights get their 204 with no grant, and no request pays for a CORS hook.
    app.options('*', { schema: { hide: true } }, (_req, reply) => reply.code(204).send())
    return
  }
  const any = s.corsOrigins.includes('*')
  await app.register(cors, {
    origin: any ? true : [...s.corsOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    strictPreflight: false,
    maxAge: 600,
  })
}
