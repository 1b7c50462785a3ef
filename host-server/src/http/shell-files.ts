import { createReadStream, existsSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { cspDirectives, pageCsp, policy } from './csp.ts'
import { UNBUILT, pageFor, webPage, type WebPage } from '../routes/web-page.ts'

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
}

/** What every early answer carries: the API's policy (no framing, own scripts only) and no sniffing. */
const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
}
const FILE_CSP = policy(cspDirectives())

/**
 * The web shell served while the kernel starts (database, migrations, plugins): the page and the
 * built files, straight from host-web's build with Node's own HTTP, so a browser has the app
 * before the database is open. The page has no plugin list yet: the app asks `/api/plugins`,
 * which waits for the kernel. Answers false for what it does not serve (API, plugins, non-GET).
 */
export function shellFiles(dist: string): (req: IncomingMessage, res: ServerResponse) => boolean {
  let page: (() => WebPage) | undefined
  const root = normalize(dist + sep)
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path.startsWith('/api/') || path === '/api' || path.startsWith('/plugins/')) return false
    if (!existsSync(join(dist, 'index.html'))) {
      if (path !== '/') return false
      send(res, req, 200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': pageCsp(UNBUILT) }, UNBUILT)
      return true
    }
    if (/\.[a-z0-9]+$/i.test(path)) return sendFile(req, res, root, path)
    page ??= webPage(dist)
    const now = page()
    send(res, req, 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': now.csp }, pageFor(now, path))
    return true
  }
}

function send(res: ServerResponse, req: IncomingMessage, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...BASE_HEADERS, ...headers, 'content-length': String(Buffer.byteLength(body)) })
  res.end(req.method === 'HEAD' ? undefined : body)
}

/** A built file (its `.br` / `.gz` when the client takes it); anything else is left to the app. */
function sendFile(req: IncomingMessage, res: ServerResponse, root: string, path: string): boolean {
  let rel: string
  try {
    rel = decodeURIComponent(path.slice(1))
  } catch {
    return false
  }
  const file = normalize(join(root, rel))
  // `..` or an odd spelling leaving the build: the app answers it (a 404) once started.
  if (!file.startsWith(root)) return false
  const type = TYPES[extname(file).toLowerCase()]
  const stat = statSync(file, { throwIfNoEntry: false })
  if (!type || !stat?.isFile()) return false
  const accept = req.headers['accept-encoding'] ?? ''
  const encoding = ['br', 'gzip'].find((e) => accept.includes(e) && existsSync(file + (e === 'br' ? '.br' : '.gz')))
  const served = encoding ? file + (encoding === 'br' ? '.br' : '.gz') : file
  const size = encoding ? (statSync(served, { throwIfNoEntry: false })?.size ?? 0) : stat.size
  res.writeHead(200, {
    ...BASE_HEADERS,
    'content-security-policy': FILE_CSP,
    'content-type': type,
    'content-length': String(size),
    vary: 'accept-encoding',
    // Hashed assets never change; vendor modules are revalidated (as the app serves them).
    'cache-control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(encoding ? { 'content-encoding': encoding } : {}),
  })
  if (req.method === 'HEAD') res.end()
  else createReadStream(served).pipe(res)
  return true
}
