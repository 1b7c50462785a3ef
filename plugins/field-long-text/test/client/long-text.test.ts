import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { longTextConfigSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const column = { id: 'c1', name: 'Notes', type: 'long_text', config: { maxLength: 100 }, required: false, order: 0 }

describe('field-long-text client half', () => {
  it('displays text with its line breaks, clamped', () => {
    const w = mount(def.display, { props: { value: 'one\ntwo', column } })
    expect(w.text()).toBe('one\ntwo')
    expect(w.find('.dp-long-text').attributes('style')).toContain('pre-wrap')
  })

  it('edits in a textarea, empty meaning null', async () => {
    const editor = mount(def.editor!, { props: { modelValue: 'old', column } })
    const area = editor.find('textarea')
    expect(area.attributes('maxlength')).toBe('100')
    await area.setValue('a\nb')
    await area.setValue('')
    expect(editor.emitted('update:modelValue')).toEqual([['a\nb'], [null]])
  })

  it('has a valid default config', () => {
    expect(def.type).toBe('long_text')
    expect(longTextConfigSchema.safeParse(def.defaultConfig!()).success).toBe(true)
  })
})
