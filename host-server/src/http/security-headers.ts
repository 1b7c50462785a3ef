import { createHash } from 'node:crypto'
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import helmet, { type HelmetOptions } from 'helmet'
import type { HttpSettings } from '../config.ts'

/**
 * The Content-Security-Policy of every answer. The web app runs only its own scripts (plus the
 * hashed inline import map of its page, see `pageCsp`); Element Plus positions popups with inline
 * styles, so styles may be inline; images may come from anywhere over https (app icons, URL
 * fields). No page may frame DocPal (clickjacking).
 */
export function cspDirectives(scriptHashes: ReadonlyArray<string> = []): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...scriptHashes],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  }
}

const policy = (d: Record<string, string[]>) =>
  Object.entries(d)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ')

/** The policy for an HTML page: its inline scripts (the import map) allowed by their sha256. */
export function pageCsp(html: string): string {
  const hashes: string[] = []
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/gi)) {
    // Data blocks (`type="application/json"`) are never run, so the policy does not cover them.
    if (/type\s*=\s*["']?application\/json/i.test(m[1] ?? '')) continue
    hashes.push(
      `'sha256-${createHash('sha256')
        .update(m[2] ?? '')
        .digest('base64')}'`,
    )
  }
  return policy(cspDirectives(hashes))
}

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
