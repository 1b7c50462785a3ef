import type { FastifyInstance } from 'fastify'

/** Until the web issue lands host-web, `/` says what is running and where the API lives. */
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>DocPal</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}a{color:#2563eb}</style></head>
<body><h1>DocPal is running</h1><p>The REST API is served under <code>/api</code>.</p>
<ul><li><a href="/api/docs">API documentation</a> (OpenAPI UI)</li><li><a href="/api/openapi.json">OpenAPI document</a></li>
<li><a href="/api/plugins">Installed plugins</a></li><li><a href="/api/health">Health</a></li></ul></body></html>`

export function webRoutes(app: FastifyInstance): void {
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE))
}
