import { describe, expect, it } from 'vitest'
import { i18n } from '../i18n.ts'
import { registry } from '../registry.ts'
import type { ClientPlugin } from '../types.ts'
import { kt } from './messages.ts'
import aggregationHalf from '../../../../plugins/field-aggregation/src/client/index.tsx'
import dateHalf from '../../../../plugins/field-date/src/client/index.tsx'
import emailHalf from '../../../../plugins/field-email/src/client/index.tsx'
import formulaHalf from '../../../../plugins/field-formula/src/client/index.tsx'
import longTextHalf from '../../../../plugins/field-long-text/src/client/index.tsx'
import lookupHalf from '../../../../plugins/field-lookup/src/client/index.tsx'
import multipleSelectHalf from '../../../../plugins/field-multiple-select/src/client/index.tsx'
import numberHalf from '../../../../plugins/field-number/src/client/index.tsx'
import relationHalf from '../../../../plugins/field-relation/src/client/index.tsx'
import singleSelectHalf from '../../../../plugins/field-single-select/src/client/index.tsx'
import switchHalf from '../../../../plugins/field-switch/src/client/index.tsx'
import textHalf from '../../../../plugins/field-text/src/client/index.tsx'
import urlHalf from '../../../../plugins/field-url/src/client/index.tsx'
import userHalf from '../../../../plugins/field-user/src/client/index.tsx'

// Every field plugin's client half, so a message vue-i18n cannot compile (a stray `{`, `@` or
// `|`) fails here rather than on a page.
const halves: ClientPlugin[] = [
  aggregationHalf,
  dateHalf,
  emailHalf,
  formulaHalf,
  longTextHalf,
  lookupHalf,
  multipleSelectHalf,
  numberHalf,
  relationHalf,
  singleSelectHalf,
  switchHalf,
  textHalf,
  urlHalf,
  userHalf,
]
const LOCALES = ['en', 'zh-CN'] as const

function keys(m: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(m).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('field messages', () => {
  for (const plugin of halves) {
    it(`${plugin.id}: English and Chinese have the same keys, and every message compiles`, () => {
      const en = plugin.messages?.['en'] ?? {}
      expect(keys(plugin.messages?.['zh-CN'] ?? {}).sort()).toEqual(keys(en).sort())
      expect(keys(en)).toContain('label')
      registry.register(plugin)
      for (const locale of LOCALES) {
        i18n.global.locale.value = locale
        for (const k of keys(en)) expect(i18n.global.t(`${plugin.id}.${k}`, { example: 'x' })).not.toBe(`${plugin.id}.${k}`)
      }
      i18n.global.locale.value = 'en'
      registry.unregister(plugin.id)
    })
  }

  it("the kit's own strings exist in both languages", () => {
    expect(kt('addOption')).toBe('Add option')
    i18n.global.locale.value = 'zh-CN'
    expect(kt('addOption')).toBe('添加选项')
    i18n.global.locale.value = 'en'
  })
})
