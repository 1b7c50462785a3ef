import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import type { Kernel } from '@docpal/kernel'
import { describePlugin } from './plugins.ts'

export const WEB_DIST = fileURLToPath(new URL('../../../host-web/dist/', import.meta.url))

/** Shown when host-web has not been built: says how to build it and where the API is. */
const UNBUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>DocPal</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto"><h1>DocPal is running</h1>
<p>The web app is not built yet: run <code>pnpm --filter @docpal/host-web build</code> (or <code>pnpm start</code>, which builds it when missing).</p>
<p>The REST API is served under <code>/api</code>; see <a href="/api/docs">the API documentation</a>.</p></body></html>`

/**
 * Serves the built web app on the API's port. Unknown GET paths outside `/api` and `/plugins`
 * answer the app's index page, so deep links (`/apps/…/tables/…`) survive a reload.
 */
export async function webRoutes(app: FastifyInstance, k: Kernel, dist: string): Promise<void> {
  const index = join(dist, 'index.html')
  if (!existsSync(index)) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(UNBUILT))
    return
  }
  const html = readFileSync(index, 'utf8')
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    index: false,
    setHeaders(res, path) {
      // Hashed assets never change; vendor modules and the page are revalidated.
      res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  const page = (_req: unknown, reply: { type(t: string): { header(k: string, v: string): { send(b: string): unknown } } }) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(withPlugins(html, k))
  app.get('/', { schema: { hide: true } }, async (req, reply) => page(req, reply))
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split('?')[0] ?? ''
    if (path.startsWith('/api/') || path.startsWith('/plugins/')) {
      return reply.callNotFound()
    }
    if (/\.[a-z0-9]+$/i.test(path)) {
      // A file that is not there: a plain 404, not the page.
      const rel = path.slice(1)
      if (existsSync(join(dist, rel))) return reply.sendFile(rel)
      return reply.callNotFound()
    }
    return page(req, reply)
  })
}

/**
 * The page carries the plugin list and preloads each enabled plugin's client half, so the browser
 * fetches them with the shell's own modules instead of after asking `/api/plugins`.
 */
function withPlugins(html: string, k: Kernel): string {
  const list = k.plugins.list().map((e) => describePlugin(k, e))
  const preload = list.flatMap((p) => (p.client ? [`<link rel="modulepreload" href="${p.client.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" />`] : []))
  // `<` escaped so no manifest text can close the script element.
  const data = `<script type="application/json" id="docpal-plugins">${JSON.stringify(list).replace(/</g, '\\u003c')}</script>`
  return html.replace('</head>', `${preload.join('')}${data}</head>`)
}
