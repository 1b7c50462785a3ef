import { fileURLToPath } from 'node:url'
import { buildServer } from '../../host-server/scripts/build-server.mjs'

/** The compiled server's entry, as `pnpm start` runs it. */
export const COMPILED_MAIN = fileURLToPath(new URL('../../host-server/dist/main.js', import.meta.url))

/** Node's arguments to run the compiled server: each package's `compiled` export condition, source-mapped stack traces. */
export const COMPILED_ARGS: readonly string[] = ['--conditions=compiled', '--enable-source-maps', COMPILED_MAIN]

/** Compiles the server packages whose sources changed since their last build (a few seconds when any did). */
export function ensureServerBuilt(): void {
  buildServer({ ifChanged: true })
}
