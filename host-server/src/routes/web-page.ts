import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pageCsp } from '../http/csp.ts'

// The page of the web app and what it preloads: no framework here, so the server can serve it
// while the rest of it (Fastify, the kernel) still loads and starts.

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

/**
 * Set by the web app while its tab previews the app as a role or member ("View as", host-web
 * services/view-as.ts; same name there). Its reads then carry the preview's header, which a preload
 * cannot: the page preloads no data, or every first read would be made twice.
 */
export const VIEW_AS_COOKIE = 'docpal_view_as'

/**
 * The page for a path, the data and chunks it will ask for preloaded; `html` is the page with
 * anything added to it (the plugin list). `data: false` (a preview) preloads the chunks only.
 */
export function pageFor(page: { html: string; chunks: Map<string, string[]> }, path: string, html = page.html, data = true): string {
  const links = (data ? dataPreloads(path) : []).map((u) => `<link rel="preload" as="fetch" crossorigin="anonymous" href="${u.replace(/&/g, '&amp;')}" />`)
  const files = new Set((ROUTE_PAGES.find(([re]) => re.test(path))?.[1] ?? []).flatMap((name) => page.chunks.get(name) ?? []))
  // Vite's loader links a chunk's stylesheet with `crossorigin`: a preload without it has another
  // credentials mode, so the browser would not use it and download the file again.
  for (const f of files) links.push(f.endsWith('.css') ? `<link rel="preload" as="style" crossorigin href="/assets/${f}" />` : `<link rel="modulepreload" href="/assets/${f}" />`)
  return links.length ? html.replace('</head>', `${links.join('')}</head>`) : html
}
