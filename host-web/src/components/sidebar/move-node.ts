import { endpoints, type FolderInfo } from '../../services/endpoints.ts'
import { folderOptions, type TreeNode } from './folder-tree.ts'

/**
 * Moves a sidebar node into a folder (`to`), or to the top level (null), at the end of it: the
 * writes of "Move to…" (drag and drop has its own plan). Nothing is written when it is there already.
 */
export async function moveNode(folders: FolderInfo[], n: TreeNode, to: string | null): Promise<void> {
  if (n.kind === 'folder') {
    const order = folders.filter((f) => (f.parentId ?? null) === to && f.id !== n.id).reduce((m, f) => Math.max(m, f.order + 1), 0)
    await endpoints.folders.update(n.id, { parentId: to, order })
  } else if (!to) {
    if (n.folderId && n.folderItemId) await endpoints.folders.removeItem(n.folderId, n.folderItemId)
  } else if (to !== n.folderId) {
    const items = folders.find((f) => f.id === to)?.items ?? []
    await endpoints.folders.addItem(to, { itemType: n.kind, itemId: n.id, order: items.reduce((m, i) => Math.max(m, i.order + 1), 0) })
  }
}

/** Whether "Move to…" has anywhere to offer: a folder the node may go in, or the top level it is not at. */
export const hasMoveTarget = (folders: FolderInfo[], n: TreeNode): boolean => n.folderId !== null || folderOptions(folders, n.kind === 'folder' ? n.id : undefined).length > 0
