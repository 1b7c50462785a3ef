import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { mkdir } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createKernel, createLogger, type Database, type Kernel } from '@docpal/kernel'
import type { FastifyInstance } from 'fastify'
import { httpSettings, type ServerConfig } from './config.ts'
import { lockDataDir } from './data-dir-lock.ts'
import { buildServer } from './server.ts'
import { shellFiles } from './http/shell-files.ts'
import { StartingServer } from './http/starting-server.ts'
import { WEB_DIST } from './routes/web-page.ts'

export const WORKSPACE_PLUGINS = fileURLToPath(new URL('../../plugins/', import.meta.url))

export interface RunningServer {
  readonly app: FastifyInstance
  readonly kernel: Kernel
  readonly url: string
  close(): Promise<void>
  /**
   * SIGTERM: for `delayMs`, 503 on /api/ready while still serving; then new connections refused
   * while the requests in flight finish (up to `graceMs`); then `close`.
   */
  drain(graceMs: number, delayMs?: number): Promise<void>
}

/**
 * Boots kernel and HTTP server; `database` lets tests hand in a prepared one. The server listens
 * first and serves the web shell while the kernel starts (issue 13: the database's open is most of
 * a start); API requests made meanwhile wait for it (see StartingServer). Resolves once the API
 * serves; rejects, with the port closed, if the kernel cannot start.
 */
export async function startServer(
  config: ServerConfig,
  opts: {
    database?: Database
    pgliteInMemory?: boolean
    pluginDirs?: string[]
    webDist?: string
    /** Already listening (main.ts listens before this module's part of the bundle has loaded); closed on failure. */
    listening?: { starting: StartingServer; url: string }
    startWaitMs?: number
  } = {},
): Promise<RunningServer> {
  const logger = createLogger(config.logLevel)
  let unlock: (() => Promise<void>) | undefined
  const embedded = !config.databaseUrl && !opts.database && !opts.pgliteInMemory
  const starting = opts.listening?.starting ?? new StartingServer(shellFiles(opts.webDist ?? WEB_DIST), opts.startWaitMs)
  try {
    if (embedded) unlock = await lockDataDir(config.dataDir)
    const url = opts.listening?.url ?? (await starting.listen(config.port, config.host))
    if (embedded) await mkdir(join(config.dataDir, 'pglite'), { recursive: true })
    // With TEMPORAL_ADDRESS, runs go to Temporal (loaded only then: its worker brings a native bridge).
    const temporal = config.temporal && config.workflows !== false ? await (await import('./temporal/temporal-runner.ts')).connectTemporal(config.temporal) : undefined
    const workflows = temporal && config.workflows ? { ...config.workflows, handOff: temporal.handOff } : config.workflows
    const kernel = await createKernel({
      databaseUrl: config.databaseUrl,
      pgliteDir: embedded ? join(config.dataDir, 'pglite') : undefined,
      database: opts.database,
      pluginDirs: opts.pluginDirs ?? [WORKSPACE_PLUGINS],
      installDir: join(config.dataDir, 'plugins'),
      archiveLimits: config.pluginArchive,
      logger,
      poolSize: config.poolSize,
      ...(config.statementTimeoutMs !== undefined ? { statementTimeoutMs: config.statementTimeoutMs } : {}),
      ...(config.autoIndex !== undefined ? { autoIndex: config.autoIndex } : {}),
      ...(config.audit !== undefined ? { audit: config.audit } : {}),
      ...(workflows !== undefined ? { workflows } : {}),
      ...(config.slowQueryMs !== undefined ? { slowQueryMs: config.slowQueryMs } : {}),
      ...(config.pgliteSharedBuffers !== undefined ? { pgliteSharedBuffers: config.pgliteSharedBuffers } : {}),
    })
    let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined
    const app = await buildServer(kernel, opts.webDist, {
      catalog: config.pluginCatalog,
      http: httpSettings(config),
      auth: config.auth,
      mail: config.mail,
      redis: config.redisUrl ? { url: config.redisUrl, prefix: config.redisPrefix ?? 'docpal:' } : undefined,
      serverFactory: (h) => {
        handler = h
        return starting.server
      },
    }).catch(async (err: unknown) => {
      await kernel.close()
      throw err
    })
    await app.ready()
    const stopWorker = temporal ? await temporal.attach(kernel) : undefined
    if (!handler) throw new Error('the app was not handed the HTTP server')
    starting.open(handler)
    let closed = false
    const close = async (): Promise<void> => {
      if (closed) return
      closed = true
      // No new connections, the open ones closed (as Fastify's forceCloseConnections did), then the app's own hooks.
      await starting.close()
      await app.close()
      await stopWorker?.()
      await kernel.close()
      await unlock?.()
    }
    return {
      app,
      kernel,
      url,
      close,
      async drain(graceMs: number, delayMs = 0) {
        await starting.drain(graceMs, delayMs)
        await close()
      },
    }
  } catch (err) {
    await starting.close()
    await unlock?.()
    throw err
  }
}
