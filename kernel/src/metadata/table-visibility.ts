import type { Actor, KernelContext } from '../context.ts'
import { granteeOf } from '../records/write-support.ts'
import type { TableMeta } from '../schema/table-model.ts'

/**
 * A table as the caller's permission rules let them see it: undefined without `view`, else its
 * metadata without the columns hidden from them (and what reads those), archived columns only
 * for callers no rule limits.
 */
export async function tableAsSeenBy(k: KernelContext, actor: Actor, meta: TableMeta): Promise<TableMeta | undefined> {
  const who = granteeOf(actor)
  const access = await k.permissions.tableAccess(who, meta)
  if (!access.actions.has('view')) return undefined
  if (!who || access.ruleIds.length === 0) return meta
  const rt = await k.permissions.restrict(who, await k.tables.get(actor.companyId, meta.id), 'view')
  return rt.columns === meta.columns ? meta : { ...meta, columns: rt.columns, archived: [] }
}
