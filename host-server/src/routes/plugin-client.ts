import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bundleClient, type ElementPlusExports } from '@docpal/plugin-sdk/build'
import type { FastifyInstance } from 'fastify'
import type { Kernel, PluginEntry } from '@docpal/kernel'
import { codes } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import { onPluginsChanged } from '../plugins-changed.ts'

export { bundleClient } from '@docpal/plugin-sdk/build'

interface Built {
  readonly code: string
  readonly etag: string
}
interface Bundle {
  readonly key: string
  readonly built: Promise<Built>
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

/** What identifies a build of a plugin's half: its entry, version and archive (an update changes them). */
const keyOf = (e: PluginEntry) => `${e.clientEntry ?? ''}|${e.manifest?.version ?? ''}|${e.sha256 ?? ''}`

/**
 * Bundles of the enabled plugins' client halves. A plugin enabled, installed or updated while the
 * server runs is bundled at once (when the plugin set changes), the ones present at start on
 * first request; a bundle is kept until its plugin changes, so serving one never touches the disk.
 */
class ClientBundles {
  readonly #bundles = new Map<string, Bundle>()
  /** Plugins enabled at the last change (or at start). */
  #known: Set<string>

  constructor(
    private readonly k: Kernel,
    private readonly elementPlusExports: Promise<ElementPlusExports | undefined>,
  ) {
    this.#known = new Set(this.#enabled().map((e) => e.id))
  }

  #enabled(): PluginEntry[] {
    return this.k.plugins.list().filter((e) => e.status === 'enabled' && e.clientEntry !== undefined)
  }

  #start(e: PluginEntry): Bundle {
    // Callers pass enabled plugins with a client half; the check narrows the entry for the build.
    const clientEntry = e.clientEntry
    if (clientEntry === undefined) throw hostCodes.HST_ERR_PLUGIN_NO_CLIENT(e.id)
    const built = this.elementPlusExports.then(async (map) => {
      try {
        const code = await bundleClient(clientEntry, map ? { elementPlusExports: map } : {})
        return { code, etag: `"${createHash('sha256').update(code).digest('base64url')}"` }
      } catch (err) {
        throw hostCodes.HST_ERR_PLUGIN_CLIENT_BUILD(e.id, buildError(err))
      }
    })
    // Bundled ahead of any request: a failure is logged now and answered when the half is asked for.
    built.catch((err: unknown) =>
      this.k.logger.warn('plugin client half does not build', { plugin: e.id, operation: 'bundle client', err: err instanceof Error ? err.message : String(err) }),
    )
    const b = { key: keyOf(e), built }
    this.#bundles.set(e.id, b)
    return b
  }

  /**
   * After a change of the plugin set: bundles of plugins gone are dropped; a plugin newly enabled
   * or changed (an update) is bundled now; one enabled since start stays lazy.
   */
  changed(): void {
    const enabled = new Map(this.#enabled().map((e) => [e.id, e]))
    for (const id of this.#bundles.keys()) if (!enabled.has(id)) this.#bundles.delete(id)
    for (const [id, e] of enabled) {
      const b = this.#bundles.get(id)
      if (b ? b.key !== keyOf(e) : !this.#known.has(id)) this.#start(e)
    }
    this.#known = new Set(enabled.keys())
  }

  get(e: PluginEntry): Promise<Built> {
    const b = this.#bundles.get(e.id)
    if (b?.key === keyOf(e)) return b.built
    return this.#start(e).built
  }
}

/**
 * `GET /plugins/:id/client.js`: an enabled plugin's client half, so a plugin enabled at runtime
 * reaches the browser with no rebuild of host-web and no restart. The ETag is the bundle's
 * content hash: a browser revalidates and gets a 304 until the plugin changes.
 */
export function pluginClientRoutes(app: FastifyInstance, k: Kernel, webDist: string): void {
  // The built page's Element Plus split; without a built page, halves import the whole library.
  const elementPlusExports = readFile(join(webDist, 'vendor', 'ep', 'exports.json'), 'utf8')
    .then((t) => JSON.parse(t) as ElementPlusExports)
    .catch(() => undefined)
  const bundles = new ClientBundles(k, elementPlusExports)
  onPluginsChanged(k, () => bundles.changed())
  app.get('/plugins/:id/client.js', { schema: { hide: true } }, async (req, reply) => {
    const { id } = req.params as { id: string }
    if (!k.plugins.isEnabled(id)) throw codes.KRN_ERR_PLUGIN_NOT_FOUND(id)
    const entry = k.plugins.get(id)
    if (!entry.clientEntry) throw hostCodes.HST_ERR_PLUGIN_NO_CLIENT(id)
    const built = await bundles.get(entry)
    reply.header('cache-control', 'no-cache').header('etag', built.etag)
    if (req.headers['if-none-match'] === built.etag) return reply.status(304).send()
    return reply.type('text/javascript; charset=utf-8').send(built.code)
  })
}
