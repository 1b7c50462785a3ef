import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { COMPILED_ARGS, ensureServerBuilt } from '../../support/compiled-server.ts'
import { ownerSession } from '../../support/sessions.ts'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** A DocPal server in a process of its own, started the way `pnpm start` starts it (the compiled server on plain Node). */
export interface ChildServer {
  readonly url: string
  readonly pid: number
  /** The owner's session (signed up on a fresh database, logged in after a restart). */
  readonly headers: Readonly<Record<string, string>>
  /** SIGKILL: no shutdown hook runs, nothing is flushed. Resolves once the process is gone. */
  kill(): Promise<void>
  /** SIGTERM: the server drains (DOCPAL_DRAIN_DELAY_MS, requests in flight) and exits. Resolves with its exit code once it is gone. */
  terminate(): Promise<number | null>
}

export interface StartReport {
  readonly server: ChildServer
  /** Starts refused because a lock on the data dir was still held (by the killed process). */
  readonly lockRefusals: number
}

/** The server's environment: PostgreSQL when `databaseUrl` is set, embedded PGlite in `dataDir` otherwise. */
export interface ServerPlace {
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  /** More of the server's environment (e.g. DOCPAL_DRAIN_DELAY_MS). */
  readonly env?: Readonly<Record<string, string>>
}

function once(place: ServerPlace): Promise<{ server: Omit<ChildServer, 'headers'> } | { refused: string }> {
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: place.databaseUrl ?? '',
    DOCPAL_DATA_DIR: place.dataDir,
    LOG_LEVEL: 'error',
    DOCPAL_WORKFLOW_LEASE_MS: '1500',
    ...place.env,
  }
  const child: ChildProcess = spawn(process.execPath, COMPILED_ARGS, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let err = ''
    child.stderr!.setEncoding('utf8')
    child.stderr!.on('data', (chunk: string) => {
      err += chunk
      const m = /DocPal listening on (http:\/\/\S+)/.exec(err)
      if (m) {
        const server: Omit<ChildServer, 'headers'> = {
          url: m[1]!,
          pid: child.pid!,
          async kill() {
            child.kill('SIGKILL')
            await exited
          },
          terminate() {
            child.kill('SIGTERM')
            return exited
          },
        }
        resolve({ server })
      }
    })
    child.once('exit', (code, signal) => {
      if (/Another DocPal process is using the data directory/.test(err)) resolve({ refused: err })
      else reject(new Error(`the server exited (${code ?? signal}) before listening: ${err.slice(0, 2000)}`))
    })
  })
}

// Once per process: a kill -9 trial restarts the server hundreds of times, and each check walks every server package's sources.
let built: Promise<void> | undefined

/**
 * Starts a server; a start refused for a held data-dir lock is retried (for up to a minute) and
 * counted, so a stale lock shows as a figure instead of ending the trial. Builds the server first if its sources
 * changed (checked once per process).
 */
export async function startChild(place: ServerPlace): Promise<StartReport> {
  // Vitest's global setup has built it already; the soak script runs outside vitest (a fresh clone has no dist/).
  built ??= ensureServerBuilt()
  await built
  const until = Date.now() + 60_000
  for (let lockRefusals = 0; ; lockRefusals++) {
    const r = await once(place)
    if ('server' in r) return { server: { ...r.server, headers: (await ownerSession(r.server.url)).headers }, lockRefusals }
    if (Date.now() > until) throw new Error(`the data dir stayed locked for a minute: ${r.refused}`)
    await new Promise((res) => setTimeout(res, 1000))
  }
}
