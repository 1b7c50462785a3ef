/* eslint-disable vue/one-component-per-file, vue/require-default-prop -- small test editors, each a few lines, side by side */
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import type { FieldTypeClient } from '../types.ts'
import { expectCellEditorContract, type EditorCase } from './editor-contract.ts'

const column = { id: 'c1', name: 'F', type: 't', config: {}, required: false, order: 0 }
const display = defineComponent({ setup: () => () => null })

/** A text box that reports its value on every keystroke (`onInput`) or only on `change`. */
const textBox = (event: 'onInput' | 'onChange') =>
  defineComponent({
    props: { modelValue: { type: null }, column: { type: Object } },
    emits: ['update:modelValue'],
    setup:
      (p, { emit }) =>
      () =>
        h('input', { value: p.modelValue, [event]: (e: Event) => emit('update:modelValue', (e.target as HTMLInputElement).value) }),
  })
/** A switch that toggles on click, and says so with `commit` or not. */
const toggle = (commits: boolean) =>
  defineComponent({
    props: { modelValue: { type: null }, column: { type: Object } },
    emits: ['update:modelValue', 'commit'],
    setup:
      (p, { emit }) =>
      () =>
        h('button', {
          class: 'toggle',
          onClick: () => {
            emit('update:modelValue', !p.modelValue)
            if (commits) emit('commit')
          },
        }),
  })
const typeCase: EditorCase = { column, from: 'old', to: 'new', edit: (d) => d.type('new') }
const pickCase: EditorCase = { column, from: false, to: true, picks: true, edit: (d) => d.click('.toggle') }
const def = (editor: FieldTypeClient['editor']): FieldTypeClient => ({ type: 't', display, editor })

describe('expectCellEditorContract', () => {
  it('passes an editor that reports every change and commits its picks', async () => {
    await expectCellEditorContract(def(textBox('onInput')), [typeCase])
    await expectCellEditorContract(def(toggle(true)), [pickCase])
  })
  it('fails an editor that reports its value only on change: Enter or a click away would save the old value', async () => {
    await expect(expectCellEditorContract(def(textBox('onChange')), [typeCase])).rejects.toThrow(/enter: committed "old", want "new"/)
  })
  it('fails a picker whose pick does not end the edit', async () => {
    await expect(expectCellEditorContract(def(toggle(false)), [pickCase])).rejects.toThrow(/should have ended by itself/)
  })
})
