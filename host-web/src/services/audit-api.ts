import { api } from '@docpal/plugin-sdk/client'

/** One audit entry as GET /api/audit/logs answers it (API.md "Audit log"). */
export interface AuditEntry {
  id: string
  action: string
  resourceType: string
  resourceId: string | null
  resourceName: string | null
  tableId: string | null
  userId: string | null
  userName: string | null
  metadata: AuditMetadata
  ipAddress: string | null
  userAgent: string | null
  requestId: string | null
  createdAt: string
}

/** What the entries of the kernel carry; other actions add their own keys. */
export interface AuditMetadata {
  changes?: Record<string, { old?: unknown; new?: unknown }>
  values?: Record<string, unknown>
  steps?: Array<{ kind: string; column: string; from?: unknown; to?: unknown }>
  via?: string
  [key: string]: unknown
}

export interface AuditFilter {
  resourceType?: string | undefined
  resourceId?: string | undefined
  tableId?: string | undefined
  userId?: string | undefined
  action?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

export const auditApi = {
  list: (filter: AuditFilter, cursor?: string, limit = 50) => api.get<{ entries: AuditEntry[]; nextCursor?: string }>('/api/audit/logs', { ...filter, limit, cursor }),
  settings: () => api.get<{ retentionDays: number | null }>('/api/audit/settings'),
  setRetention: (retentionDays: number | null) => api.patch<{ retentionDays: number | null }>('/api/audit/settings', { retentionDays }),
}
