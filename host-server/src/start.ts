import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { mkdir } from 'node:fs/promises'
import { createKernel, createLogger, type Database, type Kernel } from '@docpal/kernel'
import type { FastifyInstance } from 'fastify'
import { httpSettings, type ServerConfig } from './config.ts'
import { lockDataDir } from './data-dir-lock.ts'
import { buildServer } from './server.ts'

export const WORKSPACE_PLUGINS = fileURLToPath(new URL('../../plugins/', import.meta.url))

export interface RunningServer {
  readonly app: FastifyInstance
  readonly kernel: Kernel
  readonly url: string
  close(): Promise<void>
}

/** Boots kernel and HTTP server; `database` lets tests hand in a prepared one. */
export async function startServer(
  config: ServerConfig,
  opts: { database?: Database; pgliteInMemory?: boolean; pluginDirs?: string[]; webDist?: string } = {},
): Promise<RunningServer> {
  const logger = createLogger(config.logLevel)
  let unlock: (() => Promise<void>) | undefined
  const embedded = !config.databaseUrl && !opts.database && !opts.pgliteInMemory
  if (embedded) {
    unlock = await lockDataDir(config.dataDir)
    await mkdir(join(config.dataDir, 'pglite'), { recursive: true })
  }
  try {
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
      ...(config.slowQueryMs !== undefined ? { slowQueryMs: config.slowQueryMs } : {}),
      ...(config.pgliteSharedBuffers !== undefined ? { pgliteSharedBuffers: config.pgliteSharedBuffers } : {}),
    })
    const app = await buildServer(kernel, opts.webDist, { catalog: config.pluginCatalog, http: httpSettings(config), auth: config.auth, mail: config.mail })
    const address = await app.listen({ port: config.port, host: config.host })
    let closed = false
    return {
      app,
      kernel,
      url: address.replace('[::1]', '127.0.0.1'),
      async close() {
        if (closed) return
        closed = true
        await app.close()
        await kernel.close()
        await unlock?.()
      },
    }
  } catch (err) {
    await unlock?.()
    throw err
  }
}
