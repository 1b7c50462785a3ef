import { stat } from 'node:fs/promises'
import { build } from 'esbuild'
import type { FastifyInstance } from 'fastify'
import type { Kernel, PluginEntry } from '@docpal/kernel'
import { codes } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'

/**
 * What a plugin's client half may import from the page rather than bundle: one Vue, one Element
 * Plus and one SDK client for the whole page, resolved by the host page's import map.
 */
export const SHARED_CLIENT_MODULES = ['vue', 'vue/jsx-runtime', 'element-plus', '@docpal/plugin-sdk/client'] as const

interface Built { readonly key: string; readonly code: string }

/** Bundles a client entry (TypeScript or TSX) into one ES module with the shared modules external. */
export async function bundleClient(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'vue',
    external: [...SHARED_CLIENT_MODULES],
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  return out.outputFiles[0]?.text ?? ''
}

export function clientUrl(e: PluginEntry): string | null {
  return e.clientEntry ? `/plugins/${encodeURIComponent(e.id)}/client.js?v=${encodeURIComponent(e.manifest?.version ?? '0')}` : null
}

/**
 * `GET /plugins/:id/client.js`: an enabled plugin's client half, built on first request and kept
 * until its entry file changes, so a plugin enabled at runtime reaches the browser with no rebuild
 * of host-web and no restart.
 */
export function pluginClientRoutes(app: FastifyInstance, k: Kernel): void {
  const cache = new Map<string, Built>()
  app.get('/plugins/:id/client.js', { schema: { hide: true } }, async (req, reply) => {
    const { id } = req.params as { id: string }
    if (!k.plugins.isEnabled(id)) throw codes.KRN_ERR_PLUGIN_NOT_FOUND(id)
    const entry = k.plugins.get(id).clientEntry
    if (!entry) throw hostCodes.HST_ERR_PLUGIN_NO_CLIENT(id)
    const key = `${entry}:${(await stat(entry)).mtimeMs}`
    let built = cache.get(id)
    if (built?.key !== key) {
      try {
        built = { key, code: await bundleClient(entry) }
      } catch (err) {
        throw hostCodes.HST_ERR_PLUGIN_CLIENT_BUILD(id, err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err))
      }
      cache.set(id, built)
    }
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(built.code)
  })
}
