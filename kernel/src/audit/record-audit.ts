import { sql, type SQL } from '@docpal/plugin-sdk'
import type { BoundColumn } from '../schema/table-model.ts'
import { physicalColumn } from '../schema/table-model.ts'
import type { KeyBy, TableRuntime } from '../schema/table-runtime.ts'
import { col as column } from '../sql/ident.ts'
import { AUDIT_INSERT } from './audit-log.ts'

/**
 * Record writes keep one round trip: their audit entry is a data-modifying CTE of the write's own
 * statement (`with t as (<write> returning *), a as (insert into audit_logs ... from t) select ...`),
 * so it commits, or not, with the row. Who and where are five statement parameters (`whoValues`).
 */

/** Parameters of who and where: company, user, ip, user agent, request id. */
export interface AuditSlots {
  readonly company: SQL
  readonly user: SQL
  readonly ip: SQL
  readonly userAgent: SQL
  readonly requestId: SQL
}
export const AUDIT_SLOT_COUNT = 5

/** The five slots of a cached statement shape from `base` on (values: `whoValues(actor)`). */
export function auditSlotsAt(slot: (i: number) => SQL, base: number): AuditSlots {
  return { company: slot(base), user: slot(base + 1), ip: slot(base + 2), userAgent: slot(base + 3), requestId: slot(base + 4) }
}

/** The same as plain parameters (statements that are not cached shapes). */
export function auditParams(values: ReadonlyArray<unknown>): AuditSlots {
  const [company, user, ip, userAgent, requestId] = values
  return { company: sql`${company}`, user: sql`${user}`, ip: sql`${ip}`, userAgent: sql`${userAgent}`, requestId: sql`${requestId}` }
}

/** Stored columns of a row (alias `t`), keyed by column name. */
export function auditableColumns(rt: TableRuntime): BoundColumn[] {
  return [...rt.byId.values()].filter((b) => b.meta.columnName && b.meta.dataType && !b.meta.linkSide)
}

const col = (alias: 't' | 'p', b: BoundColumn): SQL => sql`to_jsonb(${column(physicalColumn(b.meta), alias)})`

/** `{<column name>: <value>}` of row `alias` (jsonb_build_object takes 100 arguments: 50 pairs a call). */
export function valuesJson(cols: ReadonlyArray<BoundColumn>, alias: 't' | 'p' = 't'): SQL {
  if (!cols.length) return sql`'{}'::jsonb`
  const parts: SQL[] = []
  for (let i = 0; i < cols.length; i += 50) {
    const pairs = cols.slice(i, i + 50).flatMap((b) => [sql`${b.meta.name}::text`, col(alias, b)])
    parts.push(sql`jsonb_build_object(${sql.join(pairs, sql`, `)})`)
  }
  return sql.join(parts, sql` || `)
}

/** `{<column name>: {old, new}}` of the columns whose value changed between rows `p` (previous) and `t`. */
export function changesJson(cols: ReadonlyArray<BoundColumn>): SQL {
  if (!cols.length) return sql`'{}'::jsonb`
  const rows = cols.map((b) => sql`(${b.meta.name}::text, ${col('p', b)}, ${col('t', b)})`)
  return sql`(select coalesce(jsonb_object_agg(v.k, jsonb_build_object('old', v.o, 'new', v.n)), '{}'::jsonb) from (values ${sql.join(rows, sql`, `)}) v(k, o, n) where v.o is distinct from v.n)`
}

/** `insert into audit_logs ... select ... from <from>`: one `record.*` entry per row of `from` (alias `t`). */
export function recordAuditInsert(s: AuditSlots, rt: TableRuntime, action: string, metadata: SQL, from: SQL): SQL {
  return sql`${AUDIT_INSERT} select ${s.company}::uuid, ${s.user}::uuid, ${s.ip}::inet, ${s.userAgent}::text, ${s.requestId}::text, ${action}::text, 'record', t.id, ${rt.meta.name}::text, ${rt.meta.id}::uuid, ${metadata} from ${from}`
}

/**
 * A record write and its audit entry as one statement answering the record's JSON: `before` are
 * CTEs ahead of the write (the previous row of an update, as `p`), `write` is the insert/update/delete
 * (target alias `t`, without RETURNING).
 */
export function auditedWrite(rt: TableRuntime, keyBy: KeyBy | undefined, write: SQL, audit: SQL, before?: SQL, where?: SQL): SQL {
  const head = before ? sql`with ${before}, t as (${write} returning t.*)` : sql`with t as (${write} returning t.*)`
  const answer = keyBy ? sql`select (${rt.recordJson(keyBy)})::text as r from t${rt.storedJoin}` : sql`select t.id from t`
  return sql`${head}, a as (${audit}) ${answer}${where ?? sql``}`
}
