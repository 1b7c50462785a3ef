import { describe, expect, it } from 'vitest'

type Tree = { [key: string]: string | Tree }
const files = import.meta.glob<{ default: Record<string, Tree> }>('./messages/*.ts', { eager: true })

/** Dotted paths of every string in a message tree. */
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)))
}

function lookup(tree: Tree, path: string): unknown {
  return path.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Tree)[k] : undefined), tree)
}

// The types of defineMessages already demand this; the test also catches a file that bypasses them.
describe('shell messages', () => {
  it('finds the message files', () => {
    expect(Object.keys(files)).toContain('./messages/shell.ts')
  })

  for (const [file, mod] of Object.entries(files)) {
    it(`${file}: every English string has a Simplified Chinese translation, with the same placeholders`, () => {
      const en = mod.default['en']
      const zh = mod.default['zh-CN']
      expect(en, 'en messages').toBeDefined()
      expect(zh, 'zh-CN messages').toBeDefined()
      const missing: string[] = []
      const placeholders: string[] = []
      for (const key of keys(en!)) {
        const translated = lookup(zh!, key)
        if (typeof translated !== 'string' || translated.trim() === '') missing.push(key)
        else if (names(String(lookup(en!, key))) !== names(translated)) placeholders.push(key)
      }
      expect(missing, 'keys without a translation').toEqual([])
      expect(placeholders, 'keys whose {placeholders} differ').toEqual([])
      expect(
        keys(zh!).filter((k) => typeof lookup(en!, k) !== 'string'),
        'zh-CN keys unknown in en',
      ).toEqual([])
    })
  }
})

/** The set of placeholders: plural forms repeat them, and Chinese has one form where English has three. */
function names(message: string): string {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort().join(',')
}

describe('counted messages', () => {
  it('say one and many in English, through the plural count the callers pass', async () => {
    const { i18n } = await import('@docpal/plugin-sdk/client')
    const { installMessages, setLocale } = await import('./install.ts')
    installMessages()
    setLocale('en')
    const t = i18n.global.t as (key: string, args: Record<string, unknown>, count: number) => string
    expect(t('grid.deleteConfirm', { n: 1 }, 1)).toMatch(/^Delete 1 record\? /)
    expect(t('grid.deleteConfirm', { n: 3 }, 3)).toMatch(/^Delete 3 records\? /)
    expect(t('grid.deleted', { n: 1 }, 1)).toBe('1 record deleted')
    expect(t('import.state.done', { written: 1, rejected: 1 }, 1)).toBe('1 row imported, 1 rejected.')
    expect(t('import.state.done', { written: 2, rejected: 0 }, 2)).toBe('2 rows imported, 0 rejected.')
    expect(t('grid.pasteRefused', { n: 1 }, 1)).toBe('1 pasted cell was not saved')
  })
})
