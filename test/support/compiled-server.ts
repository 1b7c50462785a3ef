import { fileURLToPath } from 'node:url'
import { buildServer } from '../../host-server/scripts/build-server.mjs'
import { NODE_FLAGS, bundleServer } from '../../host-server/scripts/bundle-server.mjs'

/** The compiled and bundled server's entry, as `pnpm start` runs it. */
export const COMPILED_MAIN = fileURLToPath(new URL('../../host-server/dist/main.bundle.js', import.meta.url))

/** Node's arguments to run it: each package's `compiled` export condition (plugins and the SDK load from their dist/), source-mapped stack traces. */
export const COMPILED_ARGS: readonly string[] = [...NODE_FLAGS, '--enable-source-maps', COMPILED_MAIN]

/** Compiles the server packages whose sources changed since their last build, then bundles the server if any did (a few seconds). */
export async function ensureServerBuilt(): Promise<void> {
  buildServer({ ifChanged: true })
  await bundleServer({ ifChanged: true })
}
