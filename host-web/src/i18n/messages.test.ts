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
