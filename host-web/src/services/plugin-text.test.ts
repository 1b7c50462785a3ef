import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '@docpal/plugin-sdk/client'
import { localized, pluginDescription, pluginName } from './plugin-text.ts'

const setLocale = (code: string) => ((i18n.global.locale as unknown as { value: string }).value = code)
afterEach(() => setLocale('en'))

const manifest = { id: 'view-kanban', name: 'Kanban view', version: '1.0.0', kernel: '^1.0.0', category: 'view', description: 'Cards in columns.', dependsOn: [] }
const kanban = { id: 'view-kanban', manifest: { ...manifest, translations: { 'zh-CN': { name: '看板视图', description: '按单选字段将卡片分组到各列。' } } } }

describe('plugin texts', () => {
  it('are the English ones in English, and the translated ones in a locale the manifest translated', () => {
    expect([pluginName(kanban), pluginDescription(kanban)]).toEqual(['Kanban view', 'Cards in columns.'])
    setLocale('zh-CN')
    expect([pluginName(kanban), pluginDescription(kanban)]).toEqual(['看板视图', '按单选字段将卡片分组到各列。'])
  })

  it('fall back to the English field by field, and to the id without a manifest', () => {
    setLocale('zh-CN')
    const nameOnly = { id: 'x', manifest: { ...manifest, translations: { 'zh-CN': { name: '看板视图', description: '' } } } }
    expect([pluginName(nameOnly), pluginDescription(nameOnly)]).toEqual(['看板视图', 'Cards in columns.'])
    expect([pluginName({ id: 'view-kanban', manifest }), pluginDescription({ manifest })]).toEqual(['Kanban view', 'Cards in columns.'])
    expect([pluginName({ id: 'broken', manifest: null }), pluginDescription({ manifest: null })]).toEqual(['broken', ''])
  })

  it("take the language's entry for a locale of it without one", () => {
    const entry = { name: 'Rating', description: 'Stars.', translations: { zh: { name: '评分' }, 'zh-TW': { name: '評分' } } }
    expect(localized(entry, 'name', 'zh-CN')).toBe('评分')
    expect(localized(entry, 'name', 'zh-TW')).toBe('評分')
    expect(localized(entry, 'name', 'fr')).toBe('Rating')
    expect(localized({ name: 'Rating' }, 'description', 'zh-CN')).toBe('')
  })
})
