import type { FolderInfo, TableMeta, ViewInfo } from '../../services/endpoints.ts'

export type NodeKind = 'folder' | 'table' | 'view'

/** One row of the sidebar tree. `key` is unique across kinds, so el-tree can track expansion. */
export interface TreeNode {
  key: string
  kind: NodeKind
  id: string
  label: string
  icon: string
  /** Folders: their position among sibling folders. */
  order: number
  /** The folder the node sits in (its parent for folders), or null at the root. */
  folderId: string | null
  /** Tables and views inside a folder: the folder item row that puts them there. */
  folderItemId?: string
  /** Views: the table they show. */
  tableId?: string
  children?: TreeNode[]
}

/** A table's icon in the sidebar and on the app's home page; every view type's own icon differs from it. */
export const TABLE_ICON = '▤'

export const nodeKey = (kind: NodeKind, id: string): string => `${kind}:${id}`

const byOrder = <T extends { order: number }>(list: T[]): T[] =>
  list
    .map((x, i) => ({ x, i }))
    .sort((a, b) => a.x.order - b.x.order || a.i - b.i)
    .map(({ x }) => x)

/**
 * The sidebar's tree: each folder lists its subfolders, then its tables and views; the root lists
 * the top folders, then the tables and views in no folder. Items whose table or view is gone are
 * skipped, and a folder whose parent is missing shows at the root, so a stale list never hides data.
 */
export function buildTree(folders: FolderInfo[], tables: readonly TableMeta[], views: readonly ViewInfo[], viewIcon: (type: string) => string): TreeNode[] {
  const tableById = new Map(tables.map((t) => [t.id, t]))
  const viewById = new Map(views.map((v) => [v.id, v]))
  const folderIds = new Set(folders.map((f) => f.id))
  const filed = new Set<string>()

  const folderNode = (f: FolderInfo, parent: string | null): TreeNode => {
    const items: TreeNode[] = []
    for (const it of byOrder(f.items)) {
      const base = { order: it.order, folderId: f.id, folderItemId: it.id }
      const table = it.itemType === 'table' ? tableById.get(it.itemId) : undefined
      const view = it.itemType === 'view' ? viewById.get(it.itemId) : undefined
      if (table) {
        items.push({ ...tableNode(table), ...base })
        filed.add(nodeKey('table', it.itemId))
      } else if (view) {
        items.push({ ...viewNode(view, viewIcon), ...base })
        filed.add(nodeKey('view', it.itemId))
      }
    }
    return { key: nodeKey('folder', f.id), kind: 'folder', id: f.id, label: f.name, icon: '📁', order: f.order, folderId: parent, children: [...childFolders(f.id), ...items] }
  }
  const childFolders = (parent: string | null): TreeNode[] =>
    byOrder(folders.filter((f) => (parent === null ? !f.parentId || !folderIds.has(f.parentId) : f.parentId === parent))).map((f) => folderNode(f, parent))

  const roots = childFolders(null)
  const loose = [...tables.map(tableNode), ...views.map((v) => viewNode(v, viewIcon))].filter((n) => !filed.has(n.key))
  return [...roots, ...loose]
}

function tableNode(t: TableMeta): TreeNode {
  return { key: nodeKey('table', t.id), kind: 'table', id: t.id, label: t.name, icon: TABLE_ICON, order: 0, folderId: null }
}

function viewNode(v: ViewInfo, viewIcon: (type: string) => string): TreeNode {
  return { key: nodeKey('view', v.id), kind: 'view', id: v.id, label: v.name, icon: viewIcon(v.type), order: 0, folderId: null, tableId: v.dataTableId }
}

/** The folder ids under `id` (itself included), which its parent picker must not offer. */
export function descendantIds(folders: FolderInfo[], id: string): Set<string> {
  const out = new Set([id])
  for (let grew = true; grew;) {
    grew = false
    for (const f of folders)
      if (f.parentId && out.has(f.parentId) && !out.has(f.id)) {
        out.add(f.id)
        grew = true
      }
  }
  return out
}

/** The app's folders depth-first with their depth, for pickers; `exclude` drops a folder and its subfolders. */
export function folderOptions(folders: FolderInfo[], exclude?: string): Array<{ folder: FolderInfo; depth: number }> {
  const banned = exclude ? descendantIds(folders, exclude) : new Set<string>()
  const ids = new Set(folders.map((f) => f.id))
  const out: Array<{ folder: FolderInfo; depth: number }> = []
  const walk = (parent: string | null, depth: number) => {
    const children = folders.filter((f) => (parent === null ? !f.parentId || !ids.has(f.parentId) : f.parentId === parent))
    for (const f of byOrder(children)) {
      if (banned.has(f.id)) continue
      out.push({ folder: f, depth })
      walk(f.id, depth + 1)
    }
  }
  walk(null, 0)
  return out
}
