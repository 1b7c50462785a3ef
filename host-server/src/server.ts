import Fastify, { type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { statementCounter, type Kernel } from '@docpal/kernel'
import { installErrorHandler } from './errors/error-handler.ts'
import { appRoutes } from './routes/apps.ts'
import { folderRoutes } from './routes/folders.ts'
import { pluginRoutes } from './routes/plugins.ts'
import { pluginInstallRoutes } from './routes/plugin-install.ts'
import { CatalogSource } from './catalog/catalog-source.ts'
import { recordRoutes } from './routes/records.ts'
import { tableRoutes } from './routes/tables.ts'
import { viewRoutes } from './routes/views.ts'
import { stepRoutes, typeRoutes } from './routes/types.ts'
import { userRoutes } from './routes/users.ts'
import { pluginClientRoutes } from './routes/plugin-client.ts'
import { WEB_DIST, webRoutes } from './routes/web.ts'

/** The Fastify app over a booted kernel: API, OpenAPI document and UI, and the web shell. */
export async function buildServer(kernel: Kernel, webDist?: string, opts: { catalog?: string | undefined } = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024, forceCloseConnections: true })
  // zod validates inside the services (one shape of error, with paths); the JSON Schemas given to
  // routes are for the OpenAPI document, so Fastify's own validator is switched off.
  app.setValidatorCompiler(() => () => true)
  installErrorHandler(app, kernel.logger)
  await app.register(swagger, {
    openapi: {
      info: { title: 'DocPal API', version: '1.0.0', description: 'Apps, folders, dynamic tables, records, views and plugins. Errors: {"error": {"code", "message", "path", "details"}}.' },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })
  app.get('/api/health', { schema: { tags: ['health'], summary: 'Ready to serve' } }, async () => ({ status: 'ok' }))
  app.get('/api/metrics', { schema: { tags: ['health'], summary: 'Process counters: SQL statements sent, memory' } }, async () => ({
    sqlStatements: statementCounter.count,
    rssBytes: process.memoryUsage().rss,
  }))
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  appRoutes(app, kernel)
  folderRoutes(app, kernel)
  tableRoutes(app, kernel)
  recordRoutes(app, kernel)
  viewRoutes(app, kernel)
  pluginRoutes(app, kernel)
  pluginInstallRoutes(app, kernel, new CatalogSource(opts.catalog))
  typeRoutes(app, kernel)
  stepRoutes(app, kernel)
  userRoutes(app, kernel)
  pluginClientRoutes(app, kernel, webDist ?? WEB_DIST)
  await webRoutes(app, kernel, webDist ?? WEB_DIST)
  return app
}
