import { defineComponent } from 'vue'
import {
  defineClientPlugin,
  displayProps,
  editorProps,
  exampleSelectConfig,
  filterInputProps,
  kt,
  OptionSelect,
  optionsOf,
  SelectConfigEditor,
  TagList,
} from '@docpal/plugin-sdk/client'

/** Colored chips in the order the values were picked; ids of removed options are left out. */
const MultipleSelectDisplay = defineComponent({
  name: 'MultipleSelectDisplay',
  props: displayProps,
  setup: (p) => () => {
    const options = optionsOf(p.column.config)
    const ids = Array.isArray(p.value) ? (p.value as unknown[]) : []
    const items = ids.flatMap((id) => {
      const o = options.find((x) => x.id === id)
      return o ? [{ key: o.id, label: o.label, color: o.color ?? null }] : []
    })
    return <TagList items={items} />
  },
})

/** Writes the list of option ids; none picked writes an empty list. The list opens with the editor and stays open: picks add up until Enter, Tab or a click outside. */
const MultipleSelectEditor = defineComponent({
  name: 'MultipleSelectEditor',
  props: editorProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
      <OptionSelect
        modelValue={Array.isArray(p.modelValue) ? (p.modelValue as string[]) : []}
        options={optionsOf(p.column.config)}
        multiple
        // Element Plus props, passed through: the list opens as the editor takes focus, and Enter after typing picks the first match.
        {...{ automaticDropdown: true, defaultFirstOption: true }}
        style={{ width: '100%' }}
        data-test="field-select"
        onUpdate:modelValue={(v: string | string[] | null) => emit('update:modelValue', v)}
      />
    ),
})

/** Every value-taking operator (has_any, has_all, has_none, eq) takes a list of options. */
const MultipleSelectFilterInput = defineComponent({
  name: 'MultipleSelectFilterInput',
  props: filterInputProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
      <OptionSelect
        modelValue={Array.isArray(p.modelValue) ? (p.modelValue as string[]) : []}
        options={optionsOf(p.column.config)}
        multiple
        placeholder={kt('values')}
        collapse
        data-test="filter-value"
        onUpdate:modelValue={(v: string | string[] | null) => emit('update:modelValue', v)}
      />
    ),
})

export default defineClientPlugin({
  id: 'field-multiple-select',
  fieldTypes: [
    {
      type: 'multiple_select',
      icon: '☰',
      display: MultipleSelectDisplay,
      editor: MultipleSelectEditor,
      // Labels, comma-separated: the server's parseText reads them back.
      toText: (v, c) => {
        const options = optionsOf(c.config)
        return Array.isArray(v) ? v.map((id) => options.find((o) => o.id === id)?.label ?? String(id)).join(', ') : ''
      },
      configEditor: SelectConfigEditor,
      filterInput: MultipleSelectFilterInput,
      defaultConfig: exampleSelectConfig,
    },
  ],
  messages: { en: { label: 'Multiple select' }, 'zh-CN': { label: '多选' } },
})
