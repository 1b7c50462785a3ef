import type { AuditAction, Kernel, PluginEntry } from '@docpal/kernel'
import type { RouteCtx } from './define.ts'
import { requestOrigin } from './define.ts'

/**
 * The audit entry of a plugin action. Plugins are the instance's, not a company's, and installing
 * one changes files and the running server, which no transaction covers: the entry is written
 * once the action succeeded, to the log of the company the instance admin acts in (none chosen:
 * nothing is written).
 */
export async function auditPlugin(k: Kernel, c: RouteCtx, action: AuditAction, id: string, entry?: PluginEntry): Promise<void> {
  const company = c.auth?.company
  if (!c.auth || !company) return
  const metadata = { pluginId: id, ...(entry?.manifest ? { version: entry.manifest.version } : {}), ...(entry?.sha256 ? { sha256: entry.sha256 } : {}) }
  await k.audit.write(k.db, { userId: c.auth.userId, companyId: company.id, origin: requestOrigin(c.req) }, { action, resourceType: 'plugin', resourceName: id, metadata })
}
