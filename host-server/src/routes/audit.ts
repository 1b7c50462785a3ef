import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { AuditQuery, AuditSettingsInput, type Kernel } from '@docpal/kernel'
import { COMPANY_ROLES_THAT_MANAGE } from '../auth/request-auth.ts'
import { route, type RouteCtx } from './define.ts'

const AuditEntryOut = z.looseObject({
  id: z.string(),
  action: z.string().describe("'<resource>.<verb>', e.g. record.update, table.schema.update, session.login_failed"),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  resourceName: z.string().nullable(),
  tableId: z.string().nullable().describe('The table a record or schema entry belongs to'),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).describe('record.update: {changes: {<column name>: {old, new}}}; record.create/delete: {values}'),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.string(),
})
const AuditPageOut = z.object({ entries: z.array(AuditEntryOut), nextCursor: z.string().optional() })
const AuditSettingsOut = z.object({ retentionDays: z.number().int().nullable().describe('Days an entry is kept; null: forever') })

/** Who reads: owners and admins read the company's log, members what their permission rules and `visibleTo` let them. */
function viewerOf(k: Kernel, c: RouteCtx) {
  return k.permissionsService.auditViewer(c.actor, COMPANY_ROLES_THAT_MANAGE.has(c.actor.role ?? ''))
}

/** The audit log (API.md "Audit log"): read-only; no route changes or deletes an entry. */
export function auditRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'audit'
  route(app, k, {
    method: 'GET',
    url: '/api/audit/logs',
    tag,
    query: AuditQuery,
    queryPath: ['query'],
    summary: "The company's audit log, newest first, keyset-paged (nextCursor); members see the entries of records and tables they can read",
    response: AuditPageOut,
    handler: async (c) => k.audit.list(await viewerOf(k, c), c.query),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/audit/settings',
    access: 'admin',
    tag,
    summary: "The company's audit retention",
    response: AuditSettingsOut,
    handler: (c) => k.audit.settings(c.actor.companyId),
  })
  route(app, k, {
    method: 'PATCH',
    url: '/api/audit/settings',
    access: 'admin',
    tag,
    body: AuditSettingsInput,
    summary: 'Set how many days entries are kept (null: forever); older entries are purged by a periodic job',
    response: AuditSettingsOut,
    handler: (c) => k.audit.updateSettings(c.actor, c.body),
  })
}
