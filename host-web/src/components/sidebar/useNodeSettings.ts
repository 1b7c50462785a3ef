import { ref } from 'vue'
import { tableAccessOf } from '../../composables/useTableAccess.ts'
import { permissionsApi } from '../../services/permissions-api.ts'
import { managesCompany } from '../../services/session.ts'
import type { TreeNode } from './folder-tree.ts'

/**
 * Whether a sidebar node's menu offers "Settings": a table's settings and a view's editor save
 * only with `manage` (owners and admins, or a member whose rules grant it), so a member is asked
 * about when the menu opens; without it the item is not offered (it led to a 403 or back home).
 */
export function useNodeSettings(): { check(n: TreeNode): Promise<void>; mayOpenSettings(n: TreeNode): boolean } {
  const allowed = ref<Record<string, boolean>>({})
  async function manageOn(n: TreeNode): Promise<boolean> {
    if (n.kind === 'table') return (await tableAccessOf(n.id))?.actions.includes('manage') ?? false
    return permissionsApi.viewAccess(n.id).then(
      (a) => a.actions.includes('manage'),
      (err: unknown) => {
        console.warn('view access not loaded: its settings are not offered', { viewId: n.id, err })
        return false
      },
    )
  }
  async function check(n: TreeNode): Promise<void> {
    if (n.kind === 'folder' || managesCompany()) return
    const ok = await manageOn(n)
    allowed.value = { ...allowed.value, [n.key]: ok }
  }
  const mayOpenSettings = (n: TreeNode) => n.kind === 'folder' || managesCompany() || allowed.value[n.key] === true
  return { check, mayOpenSettings }
}
