import { endpoints } from '../../services/endpoints.ts'
import type { TreeNode } from './folder-tree.ts'

/** One API call that a drop in the sidebar tree needs. */
export type DropOp =
  | { op: 'moveFolder'; id: string; parentId: string | null; order: number }
  | { op: 'orderFolder'; id: string; order: number }
  | { op: 'addItem'; folderId: string; itemType: 'table' | 'view'; itemId: string; order: number }
  | { op: 'removeItem'; folderId: string; folderItemId: string }
  | { op: 'reorderItems'; folderId: string; items: Array<{ id: string; order: number }> }

/**
 * The API calls that make the server agree with the tree after a drop.
 * `dragged` is the node as it was before the drop, `parentId` the folder it landed in (null: the
 * root) and `siblings` that folder's children after the drop, the dragged node among them.
 * Folders keep their order among sibling folders; items their order among the folder's items.
 * The root's loose items have no stored order, so landing there only takes the item out of its folder.
 */
export function planDrop(dragged: TreeNode, parentId: string | null, siblings: readonly TreeNode[]): DropOp[] {
  if (dragged.kind === 'folder') {
    const ops: DropOp[] = []
    siblings
      .filter((s) => s.kind === 'folder')
      .forEach((s, order) => {
        // The moved folder goes first: the server refuses a cycle before the others are touched.
        if (s.key === dragged.key) {
          if (parentId !== dragged.folderId || s.order !== order) ops.unshift({ op: 'moveFolder', id: s.id, parentId, order })
        } else if (s.order !== order) ops.push({ op: 'orderFolder', id: s.id, order })
      })
    return ops
  }
  if (parentId === null) return dragged.folderId && dragged.folderItemId ? [{ op: 'removeItem', folderId: dragged.folderId, folderItemId: dragged.folderItemId }] : []

  const items = siblings.filter((s) => s.kind !== 'folder')
  const ops: DropOp[] = []
  // Adding an item to another folder moves it: the server drops its old folder entry.
  if (parentId !== dragged.folderId)
    ops.push({ op: 'addItem', folderId: parentId, itemType: dragged.kind, itemId: dragged.id, order: items.findIndex((s) => s.key === dragged.key) })
  // The items already in this folder (the dragged one too, when it stayed) take their new positions.
  const placed = items.flatMap((s, order) => (s.folderId === parentId && s.folderItemId ? [{ s, id: s.folderItemId, order }] : []))
  if (placed.some(({ s, order }) => s.order !== order)) ops.push({ op: 'reorderItems', folderId: parentId, items: placed.map(({ id, order }) => ({ id, order })) })
  return ops
}

/** Runs the calls in order; the first failure stops the rest (the caller reloads the tree). */
export async function runDropOps(ops: readonly DropOp[]): Promise<void> {
  for (const o of ops) {
    if (o.op === 'moveFolder') await endpoints.folders.update(o.id, { parentId: o.parentId, order: o.order })
    else if (o.op === 'orderFolder') await endpoints.folders.update(o.id, { order: o.order })
    else if (o.op === 'addItem') await endpoints.folders.addItem(o.folderId, { itemType: o.itemType, itemId: o.itemId, order: o.order })
    else if (o.op === 'removeItem') await endpoints.folders.removeItem(o.folderId, o.folderItemId)
    else await endpoints.folders.reorder(o.folderId, { items: o.items })
  }
}
