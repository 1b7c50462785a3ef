import { z } from 'zod'
import { sql } from 'drizzle-orm'
import type { Database, Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'

/** `PATCH /api/audit/settings`: days an entry is kept (null: forever). */
export const AuditSettingsInput = z.object({ retentionDays: z.number().int().min(1).max(36_500).nullable() })
export type AuditSettings = z.output<typeof AuditSettingsInput>

/** Entries deleted per statement by the purge: a big backlog is worked off without one long lock. */
const PURGE_BATCH = 10_000

export async function retentionOf(ex: Executor, companyId: string): Promise<AuditSettings> {
  const row = await ex.one<{ days: number | null }>(sql`select audit_retention_days as days from companies where id = ${companyId}::uuid`)
  if (!row) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
  return { retentionDays: row.days }
}

/** Sets the retention; answers the previous value (for the setting's own audit entry). */
export async function setRetention(ex: Executor, companyId: string, days: number | null): Promise<number | null> {
  const row = await ex.one<{ old: number | null }>(sql`
    update companies c set audit_retention_days = ${days}::int
    from (select id, audit_retention_days as old from companies where id = ${companyId}::uuid for update) p
    where c.id = p.id returning p.old`)
  if (!row) throw codes.KRN_ERR_NOT_FOUND('Company', companyId)
  return row.old
}

/**
 * Deletes entries older than their company's retention: the only statement that deletes audit
 * entries. Answers how many went.
 */
export async function purgeExpired(db: Database): Promise<number> {
  let total = 0
  for (;;) {
    const rows = await db.query<{ n: number }>(sql`
      with gone as (
        delete from audit_logs where id in (
          select a.id from audit_logs a join companies c on c.id = a.company_id
          where c.audit_retention_days is not null and a.created_at < now() - make_interval(days => c.audit_retention_days)
          limit ${PURGE_BATCH}
        ) returning 1
      ) select count(*)::int as n from gone`)
    const n = rows[0]?.n ?? 0
    total += n
    if (n < PURGE_BATCH) return total
  }
}
