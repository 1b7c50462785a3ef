import { defineComponent } from 'vue'
import {
  defineClientPlugin,
  displayProps,
  editorProps,
  exampleSelectConfig,
  filterInputProps,
  kt,
  LIST_OPERATORS,
  OptionSelect,
  optionsOf,
  SelectConfigEditor,
  Tag,
} from '@docpal/plugin-sdk/client'

/** The option's colored label; an id whose option was removed shows as it is, muted. */
const SingleSelectDisplay = defineComponent({
  name: 'SingleSelectDisplay',
  props: displayProps,
  setup: (p) => () => {
    if (typeof p.value !== 'string' || p.value === '') return <span class="dp-select" />
    const o = optionsOf(p.column.config).find((x) => x.id === p.value)
    return o ? (
      <Tag label={o.label} color={o.color ?? null} />
    ) : (
      <span class="dp-select dp-muted" style={{ color: 'var(--el-text-color-secondary)' }}>
        {p.value}
      </span>
    )
  },
})

/**
 * Writes the option id (renaming an option never touches rows); clearing writes null. The list
 * opens with the editor, and a pick ends the edit (`commit`), as in a spreadsheet.
 */
const SingleSelectEditor = defineComponent({
  name: 'SingleSelectEditor',
  props: editorProps,
  emits: ['update:modelValue', 'commit'],
  setup:
    (p, { emit }) =>
    () => (
      <OptionSelect
        modelValue={typeof p.modelValue === 'string' ? p.modelValue : null}
        options={optionsOf(p.column.config)}
        // Element Plus props, passed through: the list opens as the editor takes focus, and Enter after typing picks the first match.
        {...{ automaticDropdown: true, defaultFirstOption: true }}
        style={{ width: '100%' }}
        data-test="field-select"
        onUpdate:modelValue={(v: string | string[] | null) => {
          emit('update:modelValue', v)
          emit('commit')
        }}
      />
    ),
})

/** `in` / `not_in` pick several options, `eq` / `neq` one. */
const SingleSelectFilterInput = defineComponent({
  name: 'SingleSelectFilterInput',
  props: filterInputProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
      <OptionSelect
        modelValue={p.modelValue as string | string[] | null}
        options={optionsOf(p.column.config)}
        multiple={LIST_OPERATORS.has(p.op)}
        placeholder={kt('value')}
        collapse
        data-test="filter-value"
        onUpdate:modelValue={(v: string | string[] | null) => emit('update:modelValue', v)}
      />
    ),
})

export default defineClientPlugin({
  id: 'field-single-select',
  fieldTypes: [
    {
      type: 'single_select',
      icon: '◉',
      display: SingleSelectDisplay,
      editor: SingleSelectEditor,
      // The label, which the server takes back when it is pasted (an option removed since: its id).
      toText: (v, c) => (typeof v === 'string' ? (optionsOf(c.config).find((o) => o.id === v)?.label ?? v) : ''),
      configEditor: SelectConfigEditor,
      filterInput: SingleSelectFilterInput,
      defaultConfig: exampleSelectConfig,
    },
  ],
  messages: { en: { label: 'Single select' }, 'zh-CN': { label: '单选' } },
})
