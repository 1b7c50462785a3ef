import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const column = { id: 'c1', name: 'Done', type: 'switch', config: {}, required: false, order: 0 }

describe('field-switch client half', () => {
  it('shows a tick only when on', () => {
    expect(
      mount(def.display, { props: { value: true, column } })
        .find('.dp-check')
        .exists(),
    ).toBe(true)
    expect(
      mount(def.display, { props: { value: false, column } })
        .find('.dp-check')
        .exists(),
    ).toBe(false)
    expect(
      mount(def.display, { props: { value: null, column } })
        .find('.dp-check')
        .exists(),
    ).toBe(false)
  })

  it('toggles to a boolean, an empty switch counting as off', async () => {
    const editor = mount(def.editor!, { props: { modelValue: null, column } })
    await editor.find('.el-switch').trigger('click')
    expect(editor.emitted('update:modelValue')).toEqual([[true]])
  })

  it('filters by yes or no', () => {
    const f = mount(def.filterInput!, { props: { modelValue: undefined, column, op: 'eq' } })
    f.findComponent(ElSelect).vm.$emit('update:modelValue', false)
    expect(f.emitted('update:modelValue')).toEqual([[false]])
  })
})
