import { sql } from '@docpal/plugin-sdk'
import type { AuditTable, AuditViewer } from '../audit/audit-visibility.ts'
import type { Actor, KernelContext } from '../context.ts'
import { rowRule } from '../query/compile.ts'
import { limits } from '../records/row-rules.ts'
import { granteeOf } from '../records/write-support.ts'

/**
 * Who reads the audit log, as their permissions shape it: owners and admins everything; members
 * of a company with no rules the entries of every table (as before rules existed); otherwise
 * only tables they may read, record entries of records they can read now, without the values
 * of columns hidden from them.
 */
export async function auditViewerOf(k: KernelContext, actor: Actor, manages: boolean): Promise<AuditViewer> {
  const base = { userId: actor.userId, companyId: actor.companyId, manages }
  const who = granteeOf(actor)
  if (manages || !who || (await k.permissions.rules(actor.companyId)).size === 0) return base
  const ids = await k.db.query<{ id: string }>(sql`select id from data_tables where company_id = ${actor.companyId}`)
  const tables: AuditTable[] = []
  for (const { id } of ids) {
    const full = await k.tables.get(actor.companyId, id)
    if (!(await k.permissions.tableAccess(who, full.meta)).actions.has('view')) continue
    const rt = await k.permissions.restrict(who, full, 'view')
    const visible = new Set(rt.columns)
    const readable = limits(rt, 'read') ? sql`select t.id from ${rt.physical} t${rt.storedJoin} where ${rowRule(rt, 'read', actor.userId)}` : undefined
    tables.push({ id, readable, hidden: full.meta.columns.filter((c) => !visible.has(c)).map((c) => c.name) })
  }
  return { ...base, tables }
}
