import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPostgres, type Database } from '@docpal/kernel'
import { startServer, WORKSPACE_PLUGINS } from '@docpal/host-server'

/**
 * The database without LISTEN/NOTIFY: a server process on it neither hears of nor announces
 * changes. It is every process in the moment between another's commit and the arrival of the
 * notification, made to last (issue 19 tests).
 */
export function deaf(db: Database): Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'listen' || prop === 'notify') return undefined
      const v: unknown = Reflect.get(target, prop, target)
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v
    },
  })
}

/** A second server process on the PostgreSQL database at `databaseUrl` that never hears the others (`deaf`), with a data dir of its own. */
export async function startStaleServer(databaseUrl: string, opts: { pluginDirs?: string[] } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'docpal-stale-'))
  const database = deaf(openPostgres(databaseUrl, { max: 4, statementTimeoutMs: 30_000 }))
  const server = await startServer(
    { port: 0, host: '127.0.0.1', databaseUrl: undefined, dataDir, poolSize: 4, logLevel: 'silent' },
    { database, ...(opts.pluginDirs ? { pluginDirs: [WORKSPACE_PLUGINS, ...opts.pluginDirs] } : {}) },
  )
  return {
    url: server.url,
    close: async () => {
      await server.close()
      await database.close().catch(() => undefined)
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
