import { describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { checkSelectConfig, multipleSelectConfigSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const options = [
  { id: 'a', label: 'Red team', color: 'red' },
  { id: 'b', label: 'Blue team', color: 'blue' },
]
const column = { id: 'c1', name: 'Teams', type: 'multiple_select', config: { options }, required: false, order: 0 }
const emitted = (w: VueWrapper) => (w.emitted('update:modelValue') ?? []).map((e) => e[0])

describe('field-multiple-select client half', () => {
  it('displays the picked options as tags, in order', () => {
    const tags = mount(def.display, { props: { value: ['b', 'a', 'gone'], column } }).findAll('.dp-tag')
    expect(tags.map((t) => t.text())).toEqual(['Blue team', 'Red team'])
  })

  it('editor writes a list of option ids', () => {
    const editor = mount(def.editor!, { props: { modelValue: null, column } })
    const select = editor.findComponent(ElSelect)
    expect(select.props()).toMatchObject({ multiple: true, modelValue: [] })
    select.vm.$emit('update:modelValue', ['a', 'b'])
    select.vm.$emit('update:modelValue', [])
    expect(emitted(editor)).toEqual([['a', 'b'], []])
  })

  it('shares the option editor and a valid default config with single select', () => {
    const c = def.defaultConfig!()
    const r = multipleSelectConfigSchema.safeParse(c)
    expect(r.success && checkSelectConfig(r.data)).toEqual([])
    expect(mount(def.configEditor!, { props: { modelValue: c } }).findAll('[data-test="option-row"]')).toHaveLength(2)
  })

  it('every filter operator takes a list', () => {
    for (const op of ['has_any', 'has_all', 'has_none', 'eq']) {
      expect(
        mount(def.filterInput!, { props: { modelValue: null, column, op } })
          .findComponent(ElSelect)
          .props('multiple'),
      ).toBe(true)
    }
  })
})
