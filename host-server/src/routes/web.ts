import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import { describePlugin } from './plugins.ts'
import { UNBUILT, VIEW_AS_COOKIE, pageFor, webPage, type WebPage } from './web-page.ts'

export { WEB_DIST, dataPreloads, routeChunks } from './web-page.ts'

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
  const page = (req: FastifyRequest, reply: FastifyReply) => {
    const now = current()
    const previewing = req.cookies[VIEW_AS_COOKIE] !== undefined
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', now.csp)
      .send(forPath(now, k, req.url.split('?')[0] ?? '/', !previewing))
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

function forPath(page: WebPage, k: Kernel, path: string, data: boolean): string {
  return pageFor(page, path, withPlugins(page.html, k), data)
}
