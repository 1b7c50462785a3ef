import { describe, expect, it } from 'vitest'
import type { FolderInfo, TableMeta, ViewInfo } from '../../services/endpoints.ts'
import { buildTree, descendantIds, folderOptions, type TreeNode } from './folder-tree.ts'
import { planDrop } from './drop-plan.ts'

const table = (id: string): TableMeta => ({ id, appId: 'a', name: `T ${id}`, columns: [] })
const view = (id: string, tableId: string): ViewInfo => ({ id, name: `V ${id}`, type: 'kanban', dataTableId: tableId, queryConfig: {}, config: {} })
const folder = (id: string, parentId: string | null, order: number, items: FolderInfo['items'] = []): FolderInfo => ({
  id,
  appId: 'a',
  parentId,
  name: `F ${id}`,
  description: null,
  order,
  items,
})
const keys = (nodes: TreeNode[]): unknown[] => nodes.map((n) => (n.children ? { [n.key]: keys(n.children) } : n.key))

describe('buildTree', () => {
  const folders = [
    folder('f2', null, 1),
    folder('f1', null, 0, [
      { id: 'i2', itemType: 'view', itemId: 'v1', order: 1 },
      { id: 'i1', itemType: 'table', itemId: 't2', order: 0 },
    ]),
    folder('f3', 'f1', 0, [{ id: 'i3', itemType: 'table', itemId: 'gone', order: 0 }]),
  ]
  const tree = buildTree(folders, [table('t1'), table('t2')], [view('v1', 't1'), view('v2', 't1')], () => '▦')

  it('nests folders by parent and order, subfolders before items, loose items at the root', () => {
    expect(keys(tree)).toEqual([{ 'folder:f1': [{ 'folder:f3': [] }, 'table:t2', 'view:v1'] }, { 'folder:f2': [] }, 'table:t1', 'view:v2'])
  })

  it('records where each node sits and takes view icons from the caller', () => {
    const f1 = tree[0]!
    expect(f1.children![1]).toMatchObject({ kind: 'table', folderId: 'f1', folderItemId: 'i1', order: 0 })
    expect(f1.children![2]).toMatchObject({ kind: 'view', icon: '▦', tableId: 't1' })
    expect(tree[2]).toMatchObject({ kind: 'table', folderId: null })
    expect(tree[2]).not.toHaveProperty('folderItemId')
  })

  it('lists a folder whose parent is missing at the root', () => {
    expect(keys(buildTree([folder('x', 'missing', 0)], [], [], () => ''))).toEqual([{ 'folder:x': [] }])
  })

  it('finds a folder with its subfolders', () => {
    expect([...descendantIds(folders, 'f1')].sort()).toEqual(['f1', 'f3'])
  })

  it('offers folders depth-first for pickers, without the excluded one and its subfolders', () => {
    expect(folderOptions(folders).map((o) => [o.folder.id, o.depth])).toEqual([
      ['f1', 0],
      ['f3', 1],
      ['f2', 0],
    ])
    expect(folderOptions(folders, 'f1').map((o) => o.folder.id)).toEqual(['f2'])
  })
})

describe('planDrop', () => {
  const node = (kind: TreeNode['kind'], id: string, folderId: string | null, order = 0, folderItemId?: string): TreeNode => ({
    key: `${kind}:${id}`,
    kind,
    id,
    label: id,
    icon: '',
    order,
    folderId,
    ...(folderItemId ? { folderItemId } : {}),
  })

  it('moves an item into another folder, then renumbers the items there', () => {
    const moved = node('table', 't1', null)
    const siblings = [node('folder', 'sub', 'f', 0), node('view', 'v1', 'f', 0, 'i1'), moved, node('table', 't2', 'f', 1, 'i2')]
    expect(planDrop(moved, 'f', siblings)).toEqual([
      { op: 'addItem', folderId: 'f', itemType: 'table', itemId: 't1', order: 1 },
      {
        op: 'reorderItems',
        folderId: 'f',
        items: [
          { id: 'i1', order: 0 },
          { id: 'i2', order: 2 },
        ],
      },
    ])
  })

  it('reorders items inside their folder', () => {
    const a = node('table', 'a', 'f', 0, 'ia')
    const b = node('table', 'b', 'f', 1, 'ib')
    expect(planDrop(b, 'f', [b, a])).toEqual([
      {
        op: 'reorderItems',
        folderId: 'f',
        items: [
          { id: 'ib', order: 0 },
          { id: 'ia', order: 1 },
        ],
      },
    ])
    expect(planDrop(a, 'f', [a, b])).toEqual([])
  })

  it('takes an item out of its folder when it lands at the root', () => {
    expect(planDrop(node('view', 'v', 'f', 0, 'iv'), null, [])).toEqual([{ op: 'removeItem', folderId: 'f', folderItemId: 'iv' }])
    expect(planDrop(node('view', 'v', null), null, [])).toEqual([])
  })

  it('moves a folder under a new parent first, then renumbers its new siblings', () => {
    const moved = node('folder', 'm', null, 3)
    const siblings = [node('folder', 'x', 'p', 0), moved, node('folder', 'y', 'p', 1), node('table', 't', 'p', 0, 'i')]
    expect(planDrop(moved, 'p', siblings)).toEqual([
      { op: 'moveFolder', id: 'm', parentId: 'p', order: 1 },
      { op: 'orderFolder', id: 'y', order: 2 },
    ])
  })
})
