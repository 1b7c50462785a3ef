import closeWithGrace from 'close-with-grace'
import { preparePglite } from '@docpal/kernel/pglite-prepare'
import { loadConfig } from './config.ts'

try {
  const config = loadConfig()
  // On the embedded database, PGlite's WebAssembly compiles on background threads while the
  // server's modules load below; a failure is raised where the database opens, not here.
  if (!config.databaseUrl) preparePglite().catch(() => undefined)
  const { startServer } = await import('./start.ts')
  const server = await startServer(config)
  process.stderr.write(`DocPal listening on ${server.url} (${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`})\n`)
  // Graceful shutdown: stop taking requests, finish the ones in flight, close the database, unlock.
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) process.stderr.write(`shutting down after error: ${String(err)}\n`)
    await server.close()
  })
} catch (err) {
  process.stderr.write(`DocPal could not start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
}
