import { describe, expect, it } from 'vitest'
import { actionOf, compareVersions, filterCatalog, installableVersion, isImageIcon, neededKernel } from './catalog.ts'
import type { CatalogEntry, CatalogVersion } from './plugin-admin-api.ts'
import { i18n } from '@docpal/plugin-sdk/client'

const setLocale = (code: string) => ((i18n.global.locale as unknown as { value: string }).value = code)

const v = (version: string, compatible: boolean, kernel = '^1.0.0'): CatalogVersion => ({ version, kernel, compatible, downloadUrl: `x-${version}.tgz`, sha256: '0'.repeat(64) })
function entry(id: string, over: Partial<CatalogEntry> = {}): CatalogEntry {
  return { id, name: id, description: '', category: 'field', icon: '⭐', latest: '1.0.0', versions: [v('1.0.0', true)], installed: null, update: null, ...over }
}

describe('catalog', () => {
  it('compares versions by semver precedence', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBe(1)
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0)
    expect(compareVersions('2.0.0-beta.1', '2.0.0')).toBe(-1)
    expect(compareVersions('2.0.0-rc.10', '2.0.0-rc.9')).toBe(1)
    expect(compareVersions('1.0.0+build.7', '1.0.0+build.8')).toBe(0)
    expect(compareVersions('not-a-version', '1.0.1')).toBe(-1)
  })

  it('installs the newest compatible version; none compatible names the kernel the latest needs', () => {
    const e = entry('field-rating', { latest: '2.0.0', versions: [v('1.2.0', true), v('2.0.0', false, '^2.0.0'), v('1.10.0', true)] })
    expect(installableVersion(e)?.version).toBe('1.10.0')
    const none = entry('x', { latest: '3.0.0', versions: [v('3.0.0', false, '>=3.0.0'), v('2.0.0', false, '^2.0.0')] })
    expect(installableVersion(none)).toBeNull()
    expect(neededKernel(none)).toBe('>=3.0.0')
  })

  it('offers one action per entry', () => {
    expect(actionOf(entry('a'))).toBe('install')
    expect(actionOf(entry('b', { versions: [v('1.0.0', false)] }))).toBe('incompatible')
    expect(actionOf(entry('c', { installed: { version: '1.0.0', state: 'enabled', source: 'installed' } }))).toBe('open')
    expect(actionOf(entry('d', { installed: { version: '1.0.0', state: 'disabled', source: 'installed' }, update: '1.1.0' }))).toBe('update')
  })

  it('searches id, name, description and category (every word), filters by category, sorts by name', () => {
    const list = [
      entry('view-map', { name: 'Map view', category: 'view', description: 'Records on a map' }),
      entry('field-rating', { name: 'Rating', description: 'Star ratings from 1 to N' }),
      entry('field-url', { name: 'URL', description: 'Links' }),
    ]
    const ids = (query: string, category = '') => filterCatalog(list, { query, category }).map((e) => e.id)
    expect(ids('')).toEqual(['view-map', 'field-rating', 'field-url'])
    expect(ids('star')).toEqual(['field-rating'])
    expect(ids('field')).toEqual(['field-rating', 'field-url'])
    expect(ids('records map')).toEqual(['view-map'])
    expect(ids('', 'view')).toEqual(['view-map'])
    expect(ids('rating', 'view')).toEqual([])
  })

  it("finds and sorts entries by the name shown in the reader's language, the English still found", () => {
    const list = [
      entry('view-calendar', { name: 'Calendar view', translations: { 'zh-CN': { name: '日历视图' } } }),
      entry('view-kanban', { name: 'Kanban view', translations: { 'zh-CN': { name: '看板视图', description: '按单选字段分列' } } }),
      entry('view-table', { name: 'Table view', translations: { 'zh-CN': { name: '表格视图' } } }),
    ]
    const ids = (query: string) => filterCatalog(list, { query, category: '' }).map((e) => e.id)
    expect(ids('')).toEqual(['view-calendar', 'view-kanban', 'view-table'])
    setLocale('zh-CN')
    try {
      expect(ids('看板')).toEqual(['view-kanban'])
      expect(ids('单选')).toEqual(['view-kanban'])
      expect(ids('kanban')).toEqual(['view-kanban'])
      // Pinyin order (biao, kan, ri), not code points (日 U+65E5 would come first).
      expect(ids('')).toEqual(['view-table', 'view-kanban', 'view-calendar'])
    } finally {
      setLocale('en')
    }
  })

  it('tells an image icon from an emoji', () => {
    expect(isImageIcon('https://example.com/i.png')).toBe(true)
    expect(isImageIcon('/catalog/icons/x.svg')).toBe(true)
    expect(isImageIcon('⭐')).toBe(false)
  })
})
