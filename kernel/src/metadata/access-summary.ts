import type { KernelContext } from '../context.ts'
import type { Grantee } from '../permissions/permission-model.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'

/**
 * What `who` may do with a table's records: actions, hidden and read-only column names, which row
 * rules limit them. What `GET /api/tables/:id/access` answers (with `createViews`, below) and what
 * the workflow builder checks an approval's approvers against (workflows/assignee-warnings.ts).
 */
export async function recordAccess(k: KernelContext, who: Grantee | undefined, full: TableRuntime) {
  const access = await k.permissions.tableAccess(who, full.meta)
  const rt = access.actions.has('view') ? await k.permissions.restrict(who, full, 'view') : full
  const visible = new Set(rt.columns.map((c) => c.id))
  // Without `view` every column is hidden, so none is read-only either (a rule granting `edit`
  // alone can name read-only columns: they are no more visible for that).
  const shown = (c: { id: string }) => access.actions.has('view') && visible.has(c.id)
  return {
    actions: [...access.actions],
    hiddenFields: full.meta.columns.filter((c) => !shown(c)).map((c) => c.name),
    readOnlyFields: full.meta.columns.filter((c) => access.readOnly.has(c.id) && shown(c)).map((c) => c.name),
    // Whether a row rule narrows an action the caller has (without the action there is nothing to narrow).
    rowRules: {
      read: access.actions.has('view') && access.rows.read !== undefined,
      edit: access.actions.has('edit') && access.rows.edit !== undefined,
      delete: access.actions.has('delete') && access.rows.delete !== undefined,
    },
  }
}

/** `GET /api/tables/:id/access`: the record access above, and whether the caller may add views. */
export async function accessSummary(k: KernelContext, who: Grantee | undefined, full: TableRuntime) {
  return {
    ...(await recordAccess(k, who, full)),
    // Adding a view of the table is not one of its record actions (members may where no rule
    // speaks, else only with `manage`): said here so the web app offers "+ View" only then.
    createViews: (await k.permissions.viewActions(who, undefined, full.meta)).has('manage'),
  }
}
