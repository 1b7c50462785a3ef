import closeWithGrace from 'close-with-grace'
import { loadConfig } from './config.ts'
import { startServer } from './start.ts'

try {
  const config = loadConfig()
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
