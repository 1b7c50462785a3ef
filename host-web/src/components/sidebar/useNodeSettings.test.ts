import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { TreeNode } from './folder-tree.ts'

const state = vi.hoisted(() => ({ manages: false, table: [] as string[], view: [] as string[] }))
vi.mock('../../services/session.ts', () => ({ managesCompany: () => state.manages }))
vi.mock('../../composables/useTableAccess.ts', () => ({ tableAccessOf: () => Promise.resolve({ actions: state.table }) }))
vi.mock('../../services/permissions-api.ts', () => ({ permissionsApi: { viewAccess: () => Promise.resolve({ actions: state.view }) } }))
const { useNodeSettings } = await import('./useNodeSettings.ts')

const node = (kind: TreeNode['kind'], id: string): TreeNode => ({ key: `${kind}:${id}`, kind, id, label: id, icon: '', order: 0, folderId: null })

describe('useNodeSettings', () => {
  beforeEach(() => Object.assign(state, { manages: false, table: [], view: [] }))

  it("offers a member a table's or a view's settings only with manage on it", async () => {
    state.table = ['view', 'create', 'edit']
    state.view = ['view']
    const s = useNodeSettings()
    const table = node('table', 't1')
    const view = node('view', 'v1')
    expect(s.mayOpenSettings(table)).toBe(false) // not asked yet: not offered
    await s.check(table)
    await s.check(view)
    expect(s.mayOpenSettings(table)).toBe(false)
    expect(s.mayOpenSettings(view)).toBe(false)
    state.view = ['view', 'manage']
    await s.check(view)
    expect(s.mayOpenSettings(view)).toBe(true)
    expect(s.mayOpenSettings(node('folder', 'f1'))).toBe(true)
  })

  it('offers owners and admins every settings page', () => {
    state.manages = true
    expect(useNodeSettings().mayOpenSettings(node('view', 'v1'))).toBe(true)
  })
})
