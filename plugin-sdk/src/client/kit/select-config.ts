import { defineComponent, h } from 'vue'
import { ElFormItem } from 'element-plus'
import { kt } from './messages.ts'
import { newOptionId, OptionsEditor } from './options-editor.ts'
import { optionsOf, type SelectOption } from './option-select.ts'
import { configEditorProps } from './props.ts'

/** Config editor of both select types: `{ options: [{id, label, color}] }`. */
export const SelectConfigEditor = defineComponent({
  name: 'DpSelectConfigEditor',
  props: configEditorProps,
  emits: { 'update:modelValue': (_v: Record<string, unknown>) => true },
  setup:
    (p, { emit }) =>
    () =>
      h(ElFormItem, { label: kt('options') }, () =>
        h(OptionsEditor, { modelValue: optionsOf(p.modelValue), 'onUpdate:modelValue': (options: SelectOption[]) => emit('update:modelValue', { ...p.modelValue, options }) }),
      ),
})

/** Two example options, so a new select column shows what options look like. */
export const exampleSelectConfig = (): { options: SelectOption[] } => ({
  options: [
    { id: newOptionId(), label: `${kt('option')} 1`, color: 'blue' },
    { id: newOptionId(), label: `${kt('option')} 2`, color: 'green' },
  ],
})
