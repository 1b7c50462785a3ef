import type { Actor, KernelContext } from '../context.ts'
import { granteeOf } from '../records/write-support.ts'
import type { TableMeta } from '../schema/table-model.ts'
import { reconcileLayout } from '../layouts/default-layouts.ts'

/**
 * A table as the caller's permission rules let them see it: undefined without `view`, else its
 * metadata without the columns hidden from them (and what reads those), archived columns only
 * for callers no rule limits.
 */
export async function tableAsSeenBy(k: KernelContext, actor: Actor, meta: TableMeta): Promise<TableMeta | undefined> {
  const who = granteeOf(actor)
  const access = await k.permissions.tableAccess(who, meta)
  if (!access.actions.has('view')) return undefined
  if (!who || access.unrestricted) return meta
  const rt = await k.permissions.restrict(who, await k.tables.get(actor.companyId, meta.id), 'view')
  if (rt.columns === meta.columns) return meta
  // Layouts name columns by id: the hidden ones leave them as removed ones do.
  const l = meta.layouts
  const layouts = {
    defaultCardView: reconcileLayout(l.defaultCardView, rt.columns),
    defaultForm: reconcileLayout(l.defaultForm, rt.columns),
    defaultDetailDashboard: reconcileLayout(l.defaultDetailDashboard, rt.columns),
    userCardView: reconcileLayout(l.userCardView, rt.columns),
    form: reconcileLayout(l.form, rt.columns),
    detailView: reconcileLayout(l.detailView, rt.columns),
  }
  return { ...meta, columns: rt.columns, archived: [], layouts }
}
