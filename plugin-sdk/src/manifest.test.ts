import { describe, expect, it } from 'vitest'
import { MAX_MANIFEST_LOCALES, PluginManifestSchema } from './manifest.ts'

const base = { id: 'view-kanban', name: 'Kanban view', version: '1.0.0', kernel: '^1.0.0', category: 'view', description: 'Cards in columns.' }
const problems = (manifest: unknown) => {
  const r = PluginManifestSchema.safeParse(manifest)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('manifest translations', () => {
  it('are optional', () => {
    const r = PluginManifestSchema.parse(base)
    expect(r.translations).toBeUndefined()
  })

  it('take a name and a description per locale, either alone', () => {
    const translations = { 'zh-CN': { name: '看板视图', description: '按单选字段将卡片分组到各列。' }, fr: { name: 'Vue kanban' }, 'pt-BR': { description: 'Cartões em colunas.' } }
    expect(PluginManifestSchema.parse({ ...base, translations }).translations).toEqual(translations)
  })

  it('keep the English limits: a name of 1 to 100 characters, a description of at most 500', () => {
    expect(problems({ ...base, translations: { 'zh-CN': { name: '看'.repeat(100), description: '述'.repeat(500) } } })).toEqual([])
    expect(problems({ ...base, translations: { 'zh-CN': { name: '看'.repeat(101) } } })).toEqual([expect.stringMatching(/^translations\.zh-CN\.name: /)])
    expect(problems({ ...base, translations: { 'zh-CN': { name: '' } } })).toEqual([expect.stringMatching(/^translations\.zh-CN\.name: /)])
    expect(problems({ ...base, translations: { 'zh-CN': { description: '述'.repeat(501) } } })).toEqual([expect.stringMatching(/^translations\.zh-CN\.description: /)])
  })

  it(`refuse more than ${MAX_MANIFEST_LOCALES} locales`, () => {
    const locales = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${String.fromCharCode(97 + i)}`, { name: `Name ${i}` }]))
    expect(problems({ ...base, translations: locales(MAX_MANIFEST_LOCALES) })).toEqual([])
    expect(problems({ ...base, translations: locales(MAX_MANIFEST_LOCALES + 1) })).toEqual([`translations: at most ${MAX_MANIFEST_LOCALES} locales`])
  })

  it('refuse a locale code that is not one: empty, too long, or not a language tag', () => {
    for (const code of ['', 'zh-CN-' + 'x'.repeat(15), 'zh CN', '中文']) expect(problems({ ...base, translations: { [code]: { name: 'X' } } }), code).not.toEqual([])
  })

  it('refuse a name or description that is not a string', () => {
    expect(problems({ ...base, translations: { 'zh-CN': { name: 1 } } })).not.toEqual([])
    expect(problems({ ...base, translations: { 'zh-CN': 'Kanban' } })).not.toEqual([])
  })
})
