import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { ElRate } from 'element-plus'
import plugin from '../src/client.tsx'

const def = plugin.fieldTypes![0]!
const column = { id: 'c1', name: 'Stars', type: 'rating', config: { max: 4 }, required: false, order: 0 }

describe('field-rating client half', () => {
  it('shows the rating read-only out of the configured maximum', () => {
    const rate = mount(def.display, { props: { value: 3, column } }).findComponent(ElRate)
    expect(rate.props()).toMatchObject({ modelValue: 3, max: 4, disabled: true })
  })
  it('writes whole stars, and null when cleared', () => {
    const editor = mount(def.editor!, { props: { modelValue: null, column } })
    editor.findComponent(ElRate).vm.$emit('update:modelValue', 2)
    editor.findComponent(ElRate).vm.$emit('update:modelValue', 0)
    expect(editor.emitted('update:modelValue')!.slice(-2)).toEqual([[2], [null]])
  })
})

describe('field-rating editor and the cell-editor contract', () => {
  it('saves a clicked star by itself, and keyboard changes with Enter, Tab or a click away; Esc drops them', async () => {
    const { expectCellEditorContract } = await import('@docpal/plugin-sdk/client/testing')
    await expectCellEditorContract(def, [
      { name: 'click', column, from: 1, to: 3, picks: true, edit: (d) => d.click('.el-rate__item:nth-child(3)') },
      { name: 'keys', column, from: 1, to: 2, edit: (d) => d.press('ArrowRight') },
    ])
  })
})
