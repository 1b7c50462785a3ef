import { describe, expect, it } from 'vitest'
import type { PluginInfo } from '../../services/endpoints.ts'
import { contributions, filterPlugins, groupPlugins } from './plugin-list.ts'

function plugin(id: string, name: string, category: string, contributes: Record<string, string[]> = {}, state: PluginInfo['state'] = 'enabled'): PluginInfo {
  return { id, state, reason: null, client: null, manifest: { id, name, version: '1.0.0', kernel: '^1.0.0', category, description: `${name} plugin`, dependsOn: [] }, contributes }
}

const list = [
  plugin('formula-math', 'Math functions', 'other', { formulaFunctions: ['ROUND'] }),
  plugin('view-kanban', 'Kanban view', 'view', { viewTypes: ['kanban'] }),
  plugin('field-url', 'URL', 'field', { fieldTypes: ['url'], viewTypes: [] }, 'disabled'),
  plugin('field-email', 'Email', 'field', { fieldTypes: ['email'] }),
  plugin('acme-map', 'Map', 'maps'),
]

describe('plugin list', () => {
  it('groups known categories first, then unknown ones, names sorted within a group', () => {
    expect(groupPlugins(list).map((g) => [g.category, g.plugins.map((p) => p.id)])).toEqual([
      ['field', ['field-email', 'field-url']],
      ['view', ['view-kanban']],
      ['other', ['formula-math']],
      ['maps', ['acme-map']],
    ])
  })

  it('searches name, id, description and contributed types; every word must match', () => {
    const ids = (query: string) => filterPlugins(list, { query, category: '', state: '' }).map((p) => p.id)
    expect(ids('kanban')).toEqual(['view-kanban'])
    expect(ids('ROUND')).toEqual(['formula-math'])
    expect(ids('field url')).toEqual(['field-url'])
    expect(ids('  ')).toHaveLength(list.length)
  })

  it('filters by category and state', () => {
    expect(filterPlugins(list, { query: '', category: 'field', state: undefined }).map((p) => p.id)).toEqual(['field-url', 'field-email'])
    expect(filterPlugins(list, { query: '', category: '', state: 'disabled' }).map((p) => p.id)).toEqual(['field-url'])
  })

  it('lists only the contribution kinds with entries', () => {
    expect(contributions(list[2]!)).toEqual([['fieldTypes', ['url']]])
  })
})
