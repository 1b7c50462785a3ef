import closeWithGrace from 'close-with-grace'
import { preparePglite } from '@docpal/kernel/pglite-prepare'
import { listenAddress } from './listen-address.ts'
import { shellFiles } from './http/shell-files.ts'
import { StartingServer } from './http/starting-server.ts'
import { WEB_DIST } from './routes/web-page.ts'

// Issue 13: listen and serve the web shell first. This file's part of the bundle is small; the
// rest (zod and the configuration's checks, Fastify, the kernel) loads and the database opens
// while the shell is served, and API requests wait for it (http/starting-server.ts).
let starting: StartingServer | undefined
try {
  // On the embedded database, PGlite's WebAssembly compiles on background threads while the
  // server's modules load below; a failure is raised where the database opens, not here.
  if (!process.env['DATABASE_URL']) preparePglite().catch(() => undefined)
  const address = listenAddress(process.env)
  let url: string | undefined
  if (address) {
    starting = new StartingServer(shellFiles(WEB_DIST))
    url = await starting.listen(address.port, address.host)
  }
  const { loadConfig } = await import('./config.ts')
  const config = loadConfig()
  const { startServer } = await import('./start.ts')
  const server = await startServer(config, starting && url ? { listening: { starting, url } } : {})
  process.stderr.write(`DocPal listening on ${server.url} (${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`})\n`)
  // Graceful shutdown (SIGTERM/SIGINT): not ready for DOCPAL_DRAIN_DELAY_MS (a balancer takes this
  // process out), stop taking connections, finish the requests in flight (8 s of close-with-grace's
  // 10 beyond the delay), close the database, unlock.
  const delayMs = config.drainDelayMs ?? 0
  closeWithGrace({ delay: 10_000 + delayMs }, async ({ err }) => {
    if (err) process.stderr.write(`shutting down after error: ${String(err)}\n`)
    await server.drain(err ? 0 : 8_000, err ? 0 : delayMs)
  })
} catch (err) {
  process.stderr.write(`DocPal could not start: ${err instanceof Error ? err.message : String(err)}\n`)
  await starting?.close()
  process.exit(1)
}
