import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
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

/**
 * Security headers on every answer (helmet): CSP, nosniff, frame-ancestors and X-Frame-Options,
 * Referrer-Policy; HSTS only when PUBLIC_URL is https (a plain-http install would lock browsers
 * out). CORS is off unless DOCPAL_CORS_ORIGINS names origins; preflights are answered either way.
 */
export async function installSecurityHeaders(app: FastifyInstance, s: HttpSettings): Promise<void> {
  const https = s.publicUrl?.startsWith('https://') ?? false
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives() },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    // The web app loads its own cross-origin-isolated nothing; these two would only block
    // plugin client halves' images and popups for no gain here.
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  })
  const any = s.corsOrigins.includes('*')
  await app.register(cors, {
    // An empty list (the default) grants no origin, yet preflights still get their 204.
    origin: any ? true : [...s.corsOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    strictPreflight: false,
    maxAge: 600,
  })
}
