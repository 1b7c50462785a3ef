import type { FastifyInstance } from 'fastify'
import FindMyWay from 'find-my-way'
import { z } from 'zod'
import { jsonSchema } from './types.ts'
import { type Kernel, type PluginEntry, type PluginRoute } from '@docpal/kernel'
import { codes, parseOrThrow } from '@docpal/kernel'
import { hostCodes } from '../errors/codes.ts'
import { QueryBool, requestActor, route } from './define.ts'
import { auditPlugin } from './plugin-audit.ts'
import { clientUrl } from './plugin-client.ts'
import { onPluginsChanged } from '../plugins-changed.ts'
import { PluginOut } from './plugin-responses.ts'

/** A plugin as `GET /api/plugins` answers it (the web page embeds the same list). */
export function describePlugin(k: Kernel, e: PluginEntry): z.output<typeof PluginOut> {
  return {
    id: e.id,
    manifest: e.manifest ?? null,
    source: e.source,
    sha256: e.sha256 ?? null,
    settings: k.plugins.hasSettings(e.id),
    /** Settings kept per company (`settingsScope: 'company'`): company owners and admins edit them. */
    companySettings: k.plugins.hasCompanySettings(e.id),
    state: e.status,
    reason: e.reason ?? null,
    contributes: k.plugins.contributions(e.id),
    client: e.status === 'enabled' ? clientUrl(e) : null,
  }
}

/**
 * Plugin admin endpoints, and one catch-all that dispatches to the enabled plugins' own routes:
 * Fastify cannot add routes once listening, so plugin routes live in a router rebuilt on change.
 */
export function pluginRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'plugins'
  route(app, k, {
    method: 'GET',
    url: '/api/plugins',
    tag,
    summary: 'Installed plugins with manifest, state and contributions',
    response: z.array(PluginOut),
    handler: () => k.plugins.list().map((e) => describePlugin(k, e)),
  })
  route(app, k, { method: 'GET', url: '/api/plugins/:id', tag, summary: 'One plugin', response: PluginOut, handler: (c) => describePlugin(k, k.plugins.get(c.params.id)) })
  route(app, k, {
    method: 'POST',
    access: 'instance-admin',
    url: '/api/plugins/:id/enable',
    tag,
    summary: 'Enable a plugin now, without a restart',
    response: PluginOut,
    handler: async (c) => {
      const entry = await k.plugins.enable(c.params.id)
      await auditPlugin(k, c, 'plugin.enable', entry.id, entry)
      return describePlugin(k, entry)
    },
  })
  route(app, k, {
    method: 'POST',
    access: 'instance-admin',
    url: '/api/plugins/:id/disable',
    tag,
    summary: 'Disable a plugin now (refused while in use unless ?force=true: its columns then stay, unavailable)',
    response: PluginOut,
    query: z.object({ force: QueryBool }),
    handler: async (c) => {
      const entry = await k.plugins.disable(c.params.id, { force: c.query.force })
      await auditPlugin(k, c, 'plugin.disable', entry.id, entry)
      return describePlugin(k, entry)
    },
  })

  const settings = (id: string) => {
    const s = k.plugins.settingsOf(id)
    return { schema: s ? jsonSchema(s.schema) : null, value: s?.value ?? null }
  }
  route(app, k, {
    method: 'GET',
    access: 'instance-admin',
    url: '/api/plugins/:id/settings',
    tag,
    summary: "An enabled plugin's settings: JSON Schema (for a form) and current value",
    handler: (c) => settings(c.params.id),
  })
  route(app, k, {
    method: 'PUT',
    access: 'instance-admin',
    url: '/api/plugins/:id/settings',
    tag,
    summary: "Save a plugin's settings (validated by its schema; the plugin is told at once)",
    handler: async (c) => {
      await k.plugins.saveSettings(c.params.id, c.body)
      // Settings may hold secrets (API keys): the entry says they changed, not to what.
      await auditPlugin(k, c, 'plugin.settings.update', c.params.id)
      return settings(c.params.id)
    },
  })

  // One router per plugin, built on its first request and dropped when the plugin set changes.
  const routers = new Map<string, ReturnType<typeof FindMyWay>>()
  onPluginsChanged(k, () => routers.clear())
  const routerOf = (id: string) => {
    let router = routers.get(id)
    if (!router) {
      router = FindMyWay()
      for (const r of k.plugins.registries.routes.byPlugin(id)) router.on(r.method, r.url, () => undefined, { route: r })
      routers.set(id, router)
    }
    return router
  }
  app.all('/api/plugins/:id/*', { schema: { hide: true } }, async (req, reply) => {
    const { id } = req.params as { id: string }
    if (!k.plugins.isEnabled(id)) throw codes.KRN_ERR_PLUGIN_NOT_FOUND(id)
    const path = req.url.slice(`/api/plugins/${id}`.length).split('?')[0] ?? '/'
    const found = routerOf(id).find(req.method as 'GET', path || '/')
    if (!found) throw hostCodes.HST_ERR_ROUTE_NOT_FOUND(req.method, req.url.split('?')[0] ?? '')
    const def = (found.store as { route: PluginRoute }).route
    const body = def.body ? parseOrThrow(def.body, req.body) : req.body
    const query = def.query ? parseOrThrow(def.query, req.query, ['query']) : req.query
    const result = await def.handler({ params: found.params as Record<string, string>, query, body, ...requestActor(req) })
    return reply.send(result ?? null)
  })
}
