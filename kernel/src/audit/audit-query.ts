import { z } from 'zod'
import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import { parseOrThrow } from '../validation.ts'
import { visibleTo, type AuditViewer } from './audit-visibility.ts'
import { batchColumn, expandBatched, narrowBatched, resourceFilter, withoutKeys } from './batched-entry.ts'

export const MAX_AUDIT_LIMIT = 200

/** `GET /api/audit/logs` parameters (API.md "Audit log"; `tableId`: a table's history, its records included). */
export const AuditQuery = z.object({
  resourceType: z.string().min(1).max(50).optional(),
  resourceId: z.uuid().optional(),
  tableId: z.uuid().optional(),
  userId: z.uuid().optional(),
  action: z.string().min(1).max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_LIMIT).default(50),
  cursor: z.string().max(200).optional(),
})
export type AuditQuery = z.output<typeof AuditQuery>

export interface AuditLogEntry {
  id: string
  action: string
  resourceType: string
  resourceId: string | null
  resourceName: string | null
  tableId: string | null
  userId: string | null
  userName: string | null
  metadata: Record<string, unknown>
  ipAddress: string | null
  userAgent: string | null
  requestId: string | null
  createdAt: string
}

/** The cursor is the last entry's position: its `created_at` as PostgreSQL prints it (microseconds kept) and id. */
function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    if (typeof at === 'string' && typeof id === 'string' && z.uuid().safeParse(id).success && !Number.isNaN(Date.parse(at))) return { at, id }
  } catch {
    // Not base64url JSON: answered below as the same refusal.
  }
  throw codes.KRN_ERR_VALIDATION('cursor: not a cursor this endpoint answered; start again without it.', { path: ['cursor'] })
}

const encodeCursor = (at: string, id: string): string => Buffer.from(JSON.stringify([at, id])).toString('base64url')

/**
 * A page of a company's log, newest first, as the viewer may see it; keyset paging on
 * `(created_at, id)`, so entries written meanwhile neither repeat nor go missing.
 */
export async function listAudit(ex: Executor, viewer: AuditViewer, raw: unknown): Promise<{ entries: AuditLogEntry[]; nextCursor?: string }> {
  const q = parseOrThrow(AuditQuery, raw)
  const where: SQL[] = [sql`a.company_id = ${viewer.companyId}::uuid`, visibleTo(viewer)]
  if (q.resourceId) where.push(resourceFilter(q.resourceId, q.resourceType))
  else if (q.resourceType) where.push(sql`a.resource_type = ${q.resourceType}`)
  if (q.tableId) where.push(sql`a.table_id = ${q.tableId}::uuid`)
  if (q.userId) where.push(sql`a.user_id = ${q.userId}::uuid`)
  if (q.action) where.push(q.action.endsWith('.*') ? sql`starts_with(a.action, ${q.action.slice(0, -1)})` : sql`a.action = ${q.action}`)
  if (q.from) where.push(sql`a.created_at >= ${q.from}::timestamptz`)
  if (q.to) where.push(sql`a.created_at < ${q.to}::timestamptz`)
  if (q.cursor) {
    const c = decodeCursor(q.cursor)
    where.push(sql`(a.created_at, a.id) < (${c.at}::timestamptz, ${c.id}::uuid)`)
  }
  // A delete's `restore` copy (records/record-restore.ts) holds hidden columns' values: never answered.
  const rows = await ex.query<AuditLogEntry & { at: string; batch: string | null }>(sql`
    select a.id, a.action, a.resource_type as "resourceType", a.resource_id as "resourceId", a.resource_name as "resourceName",
      a.table_id as "tableId", a.user_id as "userId", u.name as "userName", a.metadata - 'restore' as metadata, ${batchColumn(q.resourceId)} as batch, host(a.ip_address) as "ipAddress",
      a.user_agent as "userAgent", a.request_id as "requestId",
      to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt", a.created_at::text as at
    from audit_logs a left join users u on u.id = a.user_id
    where ${sql.join(where, sql` and `)}
    order by a.created_at desc, a.id desc
    limit ${q.limit + 1}`)
  const more = rows.length > q.limit
  const page = more ? rows.slice(0, q.limit) : rows
  const last = page[page.length - 1]
  const entries = await narrowBatched(
    ex,
    viewer,
    page.map(({ at: _at, batch, ...e }) => withoutHidden(expandBatched(e, batch), viewer)),
  )
  return more && last ? { entries, nextCursor: encodeCursor(last.at, last.id) } : { entries }
}

/** An entry without the values of columns hidden from the viewer (record values and changes are keyed by column name; batched entries: narrowBatched). */
function withoutHidden(e: AuditLogEntry, viewer: AuditViewer): AuditLogEntry {
  const hidden = e.tableId ? viewer.tables?.find((t) => t.id === e.tableId)?.hidden : undefined
  if (!hidden?.length) return e
  const metadata: Record<string, unknown> = { ...e.metadata }
  for (const key of ['values', 'changes']) {
    const part = metadata[key]
    if (part === null || typeof part !== 'object') continue
    metadata[key] = withoutKeys(part as Record<string, unknown>, hidden)
  }
  return { ...e, metadata }
}
