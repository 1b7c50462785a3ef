import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify'
import { z } from 'zod'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { createJsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod'
import { statementCounter, type Kernel } from '@docpal/kernel'
import { DEFAULT_HTTP, type HttpSettings } from './config.ts'
import { DEFAULT_AUTH, type AuthSettings } from './auth/auth-settings.ts'
import { installAuth } from './auth/install-auth.ts'
import { READY_PATH } from './http/starting-server.ts'
import { chooseHitCounter } from './auth/hit-counter.ts'
import { adminUserRoutes } from './routes/admin-users.ts'
import { authRoutes } from './routes/auth.ts'
import { companyRoutes } from './routes/companies.ts'
import { invitationRoutes } from './routes/invitations.ts'
import { devOutboxRoutes } from './routes/dev-outbox.ts'
import { DEFAULT_MAIL, type MailSettings } from './mail/mail-settings.ts'
import { createMailer } from './mail/create-mailer.ts'
import { clientErrorHandler, frameworkErrors, installErrorHandler } from './errors/error-handler.ts'
import { installGuards } from './http/guards.ts'
import { installJsonParser } from './http/json-body.ts'
import { RequestGate } from './http/request-gate.ts'
import { installCompression } from './http/compression.ts'
import { completeDocument, documentOperation } from './http/openapi.ts'
import { installResponseLimit } from './http/response-limit.ts'
import { installSecurityHeaders } from './http/security-headers.ts'
import { zodValidator } from './http/validation.ts'
import { workflowRoutes } from './routes/workflows.ts'
import { workflowHookRoutes } from './routes/workflow-hooks.ts'
import { appRoutes } from './routes/apps.ts'
import { folderRoutes } from './routes/folders.ts'
import { pluginRoutes } from './routes/plugins.ts'
import { pluginInstallRoutes } from './routes/plugin-install.ts'
import { CatalogSource } from './catalog/catalog-source.ts'
import { recordRoutes } from './routes/records.ts'
import { tableOpenApiRoutes } from './routes/table-openapi.ts'
import { tableRoutes } from './routes/tables.ts'
import { viewRoutes } from './routes/views.ts'
import { indexRoutes } from './routes/indexes.ts'
import { permissionRoutes } from './routes/permissions.ts'
import { exportRoutes } from './routes/exports.ts'
import { importRoutes } from './routes/imports.ts'
import { stepRoutes, typeRoutes } from './routes/types.ts'
import { auditRoutes } from './routes/audit.ts'
import { companyPluginSettingsRoutes } from './routes/company-plugin-settings.ts'
import { scheduleHousekeeping } from './housekeeping.ts'
import { userRoutes } from './routes/users.ts'
import { pluginClientRoutes } from './routes/plugin-client.ts'
import { WEB_DIST, webRoutes } from './routes/web.ts'

/** The Fastify app over a booted kernel: API, OpenAPI document and UI, and the web shell. */
export async function buildServer(
  kernel: Kernel,
  webDist?: string,
  opts: {
    catalog?: string | undefined
    http?: HttpSettings
    auth?: Partial<AuthSettings> | undefined
    mail?: Partial<MailSettings> | undefined
    /** Rate limits count in this Redis (REDIS_URL, DOCPAL_REDIS_PREFIX); unset: see chooseHitCounter. */
    redis?: { url: string; prefix: string } | undefined
    /** The HTTP server the app is handed to (already listening while the kernel started). */
    serverFactory?: FastifyServerFactory
  } = {},
): Promise<FastifyInstance> {
  const http = opts.http ?? DEFAULT_HTTP
  const auth = { ...DEFAULT_AUTH, ...opts.auth }
  const mailSettings = { ...DEFAULT_MAIL, ...opts.mail }
  const app = Fastify({
    ...(opts.serverFactory ? { serverFactory: opts.serverFactory } : {}),
    logger: false,
    trustProxy: auth.trustProxy,
    bodyLimit: http.maxBody,
    forceCloseConnections: true,
    frameworkErrors,
    clientErrorHandler,
  })
  // Route schemas are the kernel's zod schemas: Fastify validates with them (errors in the
  // kernel's shape), handlers are typed from them, and the OpenAPI document is made from them.
  app.setValidatorCompiler(zodValidator())
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandler(app, kernel.logger)
  installJsonParser(app, http.maxJsonDepth)
  // text/plain is what a cross-site form or `fetch` sends without a preflight: no parser for it.
  app.removeContentTypeParser('text/plain')
  await installSecurityHeaders(app, http)
  installGuards(app, http)
  installResponseLimit(app, http.maxResponse)
  await installCompression(app)
  const counter = chooseHitCounter(kernel, opts.redis)
  app.addHook('onClose', () => counter.close())
  const authenticator = await installAuth(app, kernel, auth, counter)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'DocPal API',
        version: '1.0.0',
        description: 'Apps, folders, dynamic tables, records, views and plugins. Errors: {"error": {"code", "message", "path", "details"}}.',
      },
    },
    transform: createJsonSchemaTransform({ skipList: [], zodToJsonConfig: { unrepresentable: 'any' } }),
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })
  documentOperation(app, { method: 'GET', url: '/api/health', status: 200, response: z.object({ status: z.literal('ok') }), access: 'public' })
  documentOperation(app, { method: 'GET', url: READY_PATH, status: 200, response: z.object({ status: z.literal('ready') }), access: 'public' })
  documentOperation(app, {
    method: 'GET',
    url: '/api/metrics',
    status: 200,
    access: 'instance-admin',
    response: z.object({ sqlStatements: z.number(), rssBytes: z.number(), bulkInserts: z.object({ running: z.number(), waiting: z.number() }) }),
  })
  app.get('/api/health', { schema: { tags: ['health'], summary: 'Liveness: the process serves (503 only while it starts)' }, config: { access: 'public' } }, () => ({
    status: 'ok',
  }))
  // Answered here only when ready: while starting or draining, http/starting-server.ts answers 503 before the app sees it.
  app.get(
    READY_PATH,
    { schema: { tags: ['health'], summary: 'Readiness for a load balancer: 200 when serving, 503 while starting and while draining after SIGTERM' }, config: { access: 'public' } },
    () => ({ status: 'ready' }),
  )
  const bulkGate = new RequestGate(http.bulkConcurrency, http.bulkQueue)
  app.get(
    '/api/metrics',
    { schema: { tags: ['health'], summary: 'Process counters: SQL statements sent, memory, bulk inserts running and waiting' }, config: { access: 'instance-admin' } },
    () => ({
      sqlStatements: statementCounter.count,
      rssBytes: process.memoryUsage().rss,
      bulkInserts: { running: bulkGate.active, waiting: bulkGate.waiting },
    }),
  )
  let document: Record<string, unknown> | undefined
  const globalDocument = () => (document ??= completeDocument(app, app.swagger() as unknown as Record<string, unknown>, { publicUrl: http.publicUrl }))
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, globalDocument)
  const { mailer } = createMailer(kernel, mailSettings)
  kernel.mail.useTransport((m, key) => mailer.sendMessage(m, key))
  app.addHook('onClose', () => {
    kernel.mail.useTransport(undefined)
    mailer.close()
  })
  authRoutes(app, kernel, { authenticator, counter, settings: auth, publicUrl: http.publicUrl, mailer, allowedHosts: http.allowedHosts })
  const sessionDeps = { kernel, authenticator, settings: auth, publicUrl: http.publicUrl }
  companyRoutes(app, kernel, sessionDeps)
  invitationRoutes(app, kernel, { ...sessionDeps, mailer, allowedHosts: http.allowedHosts, invitationTtlMs: auth.invitationTtlMs })
  devOutboxRoutes(app, kernel, mailSettings)
  adminUserRoutes(app, kernel)
  appRoutes(app, kernel)
  folderRoutes(app, kernel)
  tableRoutes(app, kernel)
  recordRoutes(app, kernel, { bulkBody: http.maxBulkBody, bulkGate })
  tableOpenApiRoutes(app, kernel, globalDocument)
  viewRoutes(app, kernel)
  indexRoutes(app, kernel)
  permissionRoutes(app, kernel)
  exportRoutes(app, kernel)
  importRoutes(app, kernel, { maxImportBody: http.maxImportBody })
  pluginRoutes(app, kernel)
  companyPluginSettingsRoutes(app, kernel)
  pluginInstallRoutes(app, kernel, new CatalogSource(opts.catalog))
  typeRoutes(app, kernel)
  stepRoutes(app, kernel)
  workflowRoutes(app, kernel)
  workflowHookRoutes(app, kernel)
  userRoutes(app, kernel)
  auditRoutes(app, kernel)
  const stopHousekeeping = scheduleHousekeeping(kernel, mailSettings.outbox)
  app.addHook('onClose', (_app, done) => {
    stopHousekeeping()
    done()
  })
  pluginClientRoutes(app, kernel, webDist ?? WEB_DIST)
  await webRoutes(app, kernel, webDist ?? WEB_DIST)
  return app
}
