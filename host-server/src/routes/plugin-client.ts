import { readdir, readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { bundleClient, type ElementPlusExports } from '@docpal/plugin-sdk/build'
import type { FastifyInstance } from 'fastify'
import type { Kernel, PluginEntry } from '@docpal/kernel'
import { codes } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'

export { bundleClient } from '@docpal/plugin-sdk/build'

interface Built { readonly key: string; readonly code: string }

/** The newest change under the client entry's folder: a rebuilt half is served at once. */
async function newestChange(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  const times = await Promise.all(entries.filter((e) => e.isFile()).map((e) => stat(join(e.parentPath, e.name)).then((s) => s.mtimeMs)))
  return Math.max(0, ...times)
}

/** esbuild's first error, as its message says only how many there were. */
function buildError(err: unknown): string {
  const first = (err as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors?.[0]
  if (first) return first.location ? `${first.text} (${first.location.file}:${first.location.line})` : first.text
  return err instanceof Error ? err.message : String(err)
}

export function clientUrl(e: PluginEntry): string | null {
  return e.clientEntry ? `/plugins/${encodeURIComponent(e.id)}/client.js?v=${encodeURIComponent(e.manifest?.version ?? '0')}` : null
}

/**
 * `GET /plugins/:id/client.js`: an enabled plugin's client half, built on first request and kept
 * until its entry file changes, so a plugin enabled at runtime reaches the browser with no rebuild
 * of host-web and no restart.
 */
export function pluginClientRoutes(app: FastifyInstance, k: Kernel, webDist: string): void {
  const cache = new Map<string, Built>()
  // The built page's Element Plus split; without a built page, halves import the whole library.
  const elementPlusExports = readFile(join(webDist, 'vendor', 'ep', 'exports.json'), 'utf8')
    .then((t) => JSON.parse(t) as ElementPlusExports)
    .catch(() => undefined)
  app.get('/plugins/:id/client.js', { schema: { hide: true } }, async (req, reply) => {
    const { id } = req.params as { id: string }
    if (!k.plugins.isEnabled(id)) throw codes.KRN_ERR_PLUGIN_NOT_FOUND(id)
    const entry = k.plugins.get(id).clientEntry
    if (!entry) throw hostCodes.HST_ERR_PLUGIN_NO_CLIENT(id)
    const key = `${entry}:${await newestChange(dirname(entry))}`
    let built = cache.get(id)
    if (built?.key !== key) {
      try {
        const map = await elementPlusExports
        built = { key, code: await bundleClient(entry, map ? { elementPlusExports: map } : {}) }
      } catch (err) {
        throw hostCodes.HST_ERR_PLUGIN_CLIENT_BUILD(id, buildError(err))
      }
      cache.set(id, built)
    }
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(built.code)
  })
}
