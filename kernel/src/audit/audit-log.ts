import { isIP } from 'node:net'
import { sql, type SQL } from 'drizzle-orm'
import type { Database, Executor } from '../db/executor.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import { listAudit, type AuditLogEntry } from './audit-query.ts'
import { AuditSettingsInput, purgeExpired, retentionOf, setRetention, type AuditSettings } from './audit-retention.ts'
import type { AuditViewer } from './audit-visibility.ts'
import type { AuditEntry, AuditWho } from './audit-entry.ts'

/** Longer user agents are cut: the header is the client's to fill. */
const MAX_USER_AGENT = 512

/** The request's address when it is one (inet refuses anything else, and would fail the write). */
function ipOf(who: AuditWho): string | null {
  const ip = who.origin?.ip
  return ip && isIP(ip) ? ip : null
}

/** Who and where, in the order `AuditSlots` takes them: company, user, ip, user agent, request id. */
export function whoValues(who: AuditWho): [string, string | null, string | null, string | null, string | null] {
  const o = who.origin
  // Work the server does on its own names a pseudo user ('auto-index'): no person, no user id.
  const user = who.userId !== null && isUuid(who.userId) ? who.userId : null
  return [who.companyId, user, ipOf(who), o?.userAgent ? o.userAgent.slice(0, MAX_USER_AGENT) : null, o?.requestId ?? null]
}

const AUDIT_COLUMNS = sql`company_id, user_id, ip_address, user_agent, request_id, action, resource_type, resource_id, resource_name, table_id, metadata`

/** `insert into audit_logs (<columns>)`: every writer names the same columns in this order. */
export const AUDIT_INSERT = sql`insert into audit_logs (${AUDIT_COLUMNS})`

/** The same, then a batched entry's `record_ids`, `record_span` and `batch` (batched-entry.ts). */
export const AUDIT_BATCH_INSERT = sql`insert into audit_logs (${AUDIT_COLUMNS}, record_ids, record_span, batch)`

/**
 * Writes audit entries in the caller's statement or transaction, so an entry exists exactly when
 * its change committed. `enabled: false` exists for the benchmark's baseline only.
 */
export class AuditLog {
  constructor(
    private readonly db: Database,
    readonly enabled = true,
  ) {}

  /** One entry, on `ex` (a transaction handle: the entry commits or rolls back with the change). */
  async write(ex: Executor, who: AuditWho, entry: AuditEntry): Promise<void> {
    if (!this.enabled) return
    await ex.query(sql`${AUDIT_INSERT} values (${entryValues(who, entry)})`)
  }

  /**
   * One entry about something else (a workflow run) that also concerns record `recordId`: listed
   * like a batched entry's records, so the record's history shows it.
   */
  async writeAbout(ex: Executor, who: AuditWho, entry: AuditEntry, recordId: string): Promise<void> {
    if (!this.enabled) return
    await ex.query(sql`${AUDIT_BATCH_INSERT} values (${entryValues(who, entry)}, array[${recordId}::uuid], audit_id_span(${recordId}::uuid, ${recordId}::uuid, '[]'), null)`)
  }

  /** Several entries in one statement. */
  async writeMany(ex: Executor, who: AuditWho, entries: ReadonlyArray<AuditEntry>): Promise<void> {
    if (!this.enabled || !entries.length) return
    const rows = entries.map((e) => sql`(${entryValues(who, e)})`)
    await ex.query(sql`${AUDIT_INSERT} values ${sql.join(rows, sql`, `)}`)
  }

  /** A page of the company's log as `viewer` may read it (GET /api/audit/logs). */
  list(viewer: AuditViewer, query: unknown): Promise<{ entries: AuditLogEntry[]; nextCursor?: string }> {
    return listAudit(this.db, viewer, query)
  }

  settings(companyId: string): Promise<AuditSettings> {
    return retentionOf(this.db, companyId)
  }

  /** Changes the company's retention, logged as `audit.settings.update` in the same transaction. */
  async updateSettings(actor: AuditWho, body: unknown): Promise<AuditSettings> {
    const input = parseOrThrow(AuditSettingsInput, body)
    return this.db.transaction(async (tx) => {
      const old = await setRetention(tx, actor.companyId, input.retentionDays)
      // Written even while disabled for the benchmark: a settings change is never a hot path.
      const changes = old === input.retentionDays ? {} : { retentionDays: { old, new: input.retentionDays } }
      await tx.query(
        sql`${AUDIT_INSERT} values (${entryValues(actor, { action: 'audit.settings.update', resourceType: 'company', resourceId: actor.companyId, metadata: { changes } })})`,
      )
      return { retentionDays: input.retentionDays }
    })
  }

  /** Deletes entries past their company's retention (the host's periodic job). */
  purge(): Promise<number> {
    return purgeExpired(this.db)
  }
}

function entryValues(who: AuditWho, e: AuditEntry): SQL {
  const [company, user, ip, ua, req] = whoValues(who)
  return sql.join(
    [
      sql`${company}::uuid`,
      sql`${user}::uuid`,
      sql`${ip}::inet`,
      sql`${ua}`,
      sql`${req}`,
      sql`${e.action}`,
      sql`${e.resourceType}`,
      sql`${e.resourceId ?? null}::uuid`,
      sql`${e.resourceName ?? null}`,
      sql`${e.tableId ?? null}::uuid`,
      sql`${JSON.stringify(e.metadata ?? {})}::jsonb`,
    ],
    sql`, `,
  )
}
