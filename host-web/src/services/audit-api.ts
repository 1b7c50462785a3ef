import { api } from '@docpal/plugin-sdk/client'
import type { operations } from '../../../test/fixtures/openapi/docpal-api.d.ts'

// The generated API types (`pnpm openapi:types`), so these follow the kernel's audit-query schemas.
type LogsOperation = operations['getAuditLogs']
type LogsAnswer = LogsOperation['responses'][200]['content']['application/json']
type SettingsAnswer = operations['getAuditSettings']['responses'][200]['content']['application/json']

/** One audit entry as GET /api/audit/logs answers it (API.md "Audit log"), its metadata as the kernel's entries fill it. */
export type AuditEntry = LogsAnswer['entries'][number] & { metadata: AuditMetadata }

/** What the entries of the kernel carry; other actions add their own keys. */
export interface AuditMetadata {
  changes?: Record<string, { old?: unknown; new?: unknown }>
  values?: Record<string, unknown>
  steps?: Array<{ kind: string; column: string; from?: unknown; to?: unknown }>
  via?: string
  /** A batched `record.bulk_create`: every record created (only the one asked for when filtered by a record id). */
  records?: Array<{ id: string; values?: Record<string, unknown> }>
  /** Records in the batch (all of them, also when `records` is narrowed). */
  count?: number
  [key: string]: unknown
}

type LogsQuery = NonNullable<LogsOperation['parameters']['query']>

/** GET /api/audit/logs's filters (its query without the paging); unset ones may be undefined. */
export type AuditFilter = Partial<Record<Exclude<keyof LogsQuery, 'limit' | 'cursor'>, string | undefined>>

export const auditApi = {
  list: (filter: AuditFilter, cursor?: string, limit = 50) => api.get<Omit<LogsAnswer, 'entries'> & { entries: AuditEntry[] }>('/api/audit/logs', { ...filter, limit, cursor }),
  settings: () => api.get<SettingsAnswer>('/api/audit/settings'),
  setRetention: (retentionDays: number | null) => api.patch<SettingsAnswer>('/api/audit/settings', { retentionDays }),
}
