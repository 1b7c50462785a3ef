import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import { describePlugin } from './plugins.ts'
import { pageCsp } from '../http/security-headers.ts'

/** The built app; `DOCPAL_WEB_DIST` points elsewhere (a copy that a rebuild of host-web leaves alone). */
export const WEB_DIST = process.env['DOCPAL_WEB_DIST'] ?? fileURLToPath(new URL('../../../host-web/dist/', import.meta.url))

export interface WebPage {
  readonly html: string
  readonly chunks: Map<string, string[]>
  readonly csp: string
}

/**
 * The built page, its chunks and its policy, re-read when host-web is rebuilt under a running
 * server: the old page names hashed assets that the new build removed.
 */
export function webPage(dist: string): () => WebPage {
  const index = join(dist, 'index.html')
  let html = readFileSync(index, 'utf8')
  let htmlTime = statSync(index).mtimeMs
  let chunks = routeChunks(dist)
  // The page's inline import map is allowed by its hash, so no other inline script can run.
  let csp = pageCsp(html)
  return () => {
    const t = statSync(index, { throwIfNoEntry: false })?.mtimeMs
    if (t !== undefined && t !== htmlTime) {
      html = readFileSync(index, 'utf8')
      htmlTime = t
      chunks = routeChunks(dist)
      csp = pageCsp(html)
    }
    return { html, chunks, csp }
  }
}

/** Shown when host-web has not been built: says how to build it and where the API is. */
export const UNBUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>DocPal</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto"><h1>DocPal is running</h1>
<p>The web app is not built yet: run <code>pnpm --filter @docpal/host-web build</code> (or <code>pnpm start</code>, which builds it when missing).</p>
<p>The REST API is served under <code>/api</code>; see <a href="/api/docs">the API documentation</a>.</p></body></html>`

/**
 * Serves the built web app on the API's port. Unknown GET paths outside `/api` and `/plugins`
 * answer the app's index page, so deep links (`/apps/…/tables/…`) survive a reload.
 */
export async function webRoutes(app: FastifyInstance, k: Kernel, dist: string): Promise<void> {
  if (!existsSync(join(dist, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(UNBUILT))
    return
  }
  const current = webPage(dist)
  // Files are served from the catch-all route below through `reply.sendFile`: a route per file
  // (`wildcard: false`) globbed the build and added two routes per file at every start (~40 ms).
  await app.register(fastifyStatic, {
    root: dist,
    serve: false,
    index: false,
    // `<file>.br` / `<file>.gz` written by the build, chosen by Accept-Encoding.
    preCompressed: true,
    setHeaders(res, path) {
      // Hashed assets never change; vendor modules and the page are revalidated.
      res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  const page = (req: { url: string }, reply: FastifyReply) => {
    const now = current()
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', now.csp)
      .send(forPath(now, k, req.url.split('?')[0] ?? '/'))
  }
  app.get('/', { schema: { hide: true } }, async (req, reply) => page(req, reply))
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split('?')[0] ?? ''
    if (path.startsWith('/api/') || path.startsWith('/plugins/')) {
      reply.callNotFound()
      return
    }
    if (/\.[a-z0-9]+$/i.test(path)) {
      // A built file, or a plain 404 (not the page). sendFile refuses `..` and odd spellings.
      const rel = decodePath(path.slice(1))
      if (rel !== undefined && existsSync(join(dist, rel))) return reply.sendFile(rel)
      reply.callNotFound()
      return
    }
    return page(req, reply)
  })
}

/** A URL path as a file path; undefined for a malformed escape (answered as not found). */
function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path)
  } catch {
    return undefined
  }
}

/**
 * The page carries the plugin list and preloads each enabled plugin's client half, so the browser
 * fetches them with the shell's own modules instead of after asking `/api/plugins`.
 */
function withPlugins(html: string, k: Kernel): string {
  const list = k.plugins.list().map((e) => describePlugin(k, e))
  const preload = list.flatMap((p) => (p.client ? [`<link rel="modulepreload" href="${p.client.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" />`] : []))
  // Client halves written in TSX import the JSX runtime: found only once a half is parsed, otherwise.
  if (preload.length) preload.unshift('<link rel="modulepreload" href="/vendor/vue-jsx-runtime.js" />')
  // `<` escaped so no manifest text can close the script element.
  const data = `<script type="application/json" id="docpal-plugins">${JSON.stringify(list).replace(/</g, '\\u003c')}</script>`
  return html.replace('</head>', `${preload.join('')}${data}</head>`)
}

// Must equal what host-web asks for (services/endpoints.ts, components/grid/useRecordPages.ts):
// the browser hands a preloaded response only to a request for the same URL.
const FIRST_PAGE = '?limit=100&offset=0&count=estimate'
const ID = /^[A-Za-z0-9_-]{1,64}$/

/**
 * The API reads a page of the app will make first, preloaded from the page itself: a deep link to
 * a table would otherwise wait for the shell's modules, then for the app (its tables, views and
 * folders), then for the table and its first records, one round after another. Unused preloads
 * cost a request each; a wrong guess only warns in the console.
 */
export function dataPreloads(path: string): string[] {
  const [, apps, appId, kind, tableId, ...rest] = path.split('/')
  if (apps !== 'apps' || !appId || !ID.test(appId)) return []
  const urls = [`/api/apps/${appId}`, `/api/apps/${appId}/tables`, `/api/apps/${appId}/views`, `/api/apps/${appId}/folders`]
  if (kind === 'tables' && tableId && ID.test(tableId) && tableId !== 'new' && rest.length === 0) {
    urls.push(`/api/tables/${tableId}`, `/api/tables/${tableId}/records${FIRST_PAGE}`, '/api/field-types', '/api/view-types')
  }
  return urls
}

// The pages a deep link shows, by the name of their lazily loaded chunk (host-web/src/router.ts).
const ROUTE_PAGES: Array<[RegExp, string[]]> = [
  [/^\/apps\/[^/]+\/tables\/(?!new$)[^/]+$/, ['AppLayout', 'TablePage']],
  [/^\/apps\/[^/]+(\/.*)?$/, ['AppLayout']],
]

/**
 * For each page chunk of the build, the files it needs: itself, the chunks it imports statically
 * (not the entry, already loading) and their stylesheets. The router finds these only once the
 * entry has run; the page names them so they download with the shell.
 */
export function routeChunks(dist: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const dir = join(dist, 'assets')
  let files: string[]
  try {
    files = readdirSync(dir)
  } catch {
    return out
  }
  // Chunk files are `<name>-<8-character hash>.<ext>`; a chunk's CSS has the chunk's name.
  const nameOf = (f: string) => f.replace(/-[\w-]{8}\.(js|css)$/, '')
  const deps = (file: string, seen: Set<string>) => {
    if (seen.has(file)) return
    seen.add(file)
    const code = readFileSync(join(dir, file), 'utf8').slice(0, 4000) // static imports come first
    for (const [, dep] of code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) if (dep !== undefined && !dep.startsWith('index-')) deps(dep, seen)
  }
  for (const f of files) {
    if (!f.endsWith('.js') || f.startsWith('index-')) continue
    const seen = new Set<string>()
    deps(f, seen)
    const names = new Set([...seen].map(nameOf))
    const css = files.filter((c) => c.endsWith('.css') && names.has(nameOf(c)))
    out.set(nameOf(f), [...seen, ...css])
  }
  return out
}

/** The page for a path; without a kernel (still starting) it has no plugin list, which the app then asks the API for. */
export function forPath(page: { html: string; chunks: Map<string, string[]> }, k: Kernel | undefined, path: string): string {
  const links = dataPreloads(path).map((u) => `<link rel="preload" as="fetch" crossorigin="anonymous" href="${u.replace(/&/g, '&amp;')}" />`)
  const files = new Set((ROUTE_PAGES.find(([re]) => re.test(path))?.[1] ?? []).flatMap((name) => page.chunks.get(name) ?? []))
  // Vite's loader links a chunk's stylesheet with `crossorigin`: a preload without it has another
  // credentials mode, so the browser would not use it and download the file again.
  for (const f of files) links.push(f.endsWith('.css') ? `<link rel="preload" as="style" crossorigin href="/assets/${f}" />` : `<link rel="modulepreload" href="/assets/${f}" />`)
  const html = k ? withPlugins(page.html, k) : page.html
  return links.length ? html.replace('</head>', `${links.join('')}</head>`) : html
}
