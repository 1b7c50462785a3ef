import type { FastifyInstance } from 'fastify'
import { codes, managesCompany, type Kernel } from '@docpal/kernel'
import { signedIn } from '../auth/signed-in.ts'
import type { RouteCtx } from './define.ts'
import { requestOrigin, route } from './define.ts'
import { jsonSchema } from './types.ts'

/**
 * Settings of plugins that keep them per company (`settingsScope: 'company'`): the company's owner
 * and admins read and save their own company's (issue 16, Tenancy). The company is in the URL; a
 * company the caller is not a member of answers 404, a member without the role 403. Settings may
 * hold secrets (API keys), so members do not read them either.
 */
export function companyPluginSettingsRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'plugins'
  const url = '/api/companies/:id/plugins/:pluginId/settings'

  const managed = async (c: RouteCtx<unknown, Record<string, unknown>, { id: string }>, what: string) => {
    const company = await k.companies.get(signedIn(c).userId, c.params.id)
    if (!managesCompany(company.role)) throw codes.KRN_ERR_COMPANY_FORBIDDEN("the company's owner and admins", what)
    return company.id
  }
  const answer = async (pluginId: string, companyId: string) => {
    if (!k.plugins.hasCompanySettings(pluginId)) {
      // An unknown id is a 404 (get throws), a disabled plugin a 409, as for instance settings.
      if (k.plugins.get(pluginId).status !== 'enabled') throw codes.KRN_ERR_PLUGIN_NOT_ENABLED(pluginId)
      return { schema: null, value: null }
    }
    const s = await k.plugins.companySettingsOf(pluginId, companyId)
    return { schema: jsonSchema(s.schema), value: s.value ?? null }
  }

  route(app, k, {
    method: 'GET',
    url,
    tag,
    access: 'user',
    summary: "A company's settings of a plugin that keeps them per company: JSON Schema and value (owner and admins); {schema: null} for other plugins",
    handler: async (c) => answer(c.params.pluginId, await managed(c, "read its plugins' settings")),
  })

  route(app, k, {
    method: 'PUT',
    url,
    tag,
    access: 'user',
    summary: "Save a company's settings of a plugin that keeps them per company (owner and admins; validated by its schema; the plugin is told at once)",
    handler: async (c) => {
      const companyId = await managed(c, "change its plugins' settings")
      const pluginId = c.params.pluginId
      const who = { userId: signedIn(c).userId, companyId, origin: requestOrigin(c.req) }
      // Logged in the same transaction as the change; the values are not (they may hold secrets).
      await k.plugins.saveCompanySettings(pluginId, companyId, c.body, (tx) =>
        k.audit.write(tx, who, { action: 'plugin.settings.update', resourceType: 'plugin', resourceName: pluginId, metadata: { pluginId, scope: 'company' } }),
      )
      return answer(pluginId, companyId)
    },
  })
}
