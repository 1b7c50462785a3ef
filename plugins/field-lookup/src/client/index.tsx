import { defineComponent, h } from 'vue'
import {
  configEditorProps,
  defineClientPlugin,
  displayProps,
  LinkedFieldConfig,
  linkedSettingLabel,
  registry,
  TextFilterInput,
  useLinkedColumn,
  ValueDisplay,
} from '@docpal/plugin-sdk/client'

/**
 * The looked-up values, each shown as the linked table's column shows it (option colors, number
 * precision, date format) once that column is known; until then, or outside a table, as chips.
 */
const LookupDisplay = defineComponent({
  name: 'LookupDisplay',
  props: displayProps,
  setup(p) {
    const linked = useLinkedColumn(() => p.column)
    return () => {
      const values = Array.isArray(p.value) ? (p.value as unknown[]) : []
      const target = linked.value
      const display = target ? registry.fieldType(target.type)?.display : undefined
      if (!target || !display) return <ValueDisplay value={values} />
      return (
        <span class="dp-lookup" style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: '4px' }}>
          {values.map((v, i) => (
            // Commas keep "Ann Lee, Bob" two values however the linked column shows text.
            <span key={i} class="dp-lookup-item">
              {h(display, { value: v, column: target })}
              {i < values.length - 1 ? <span class="dp-lookup-sep">,</span> : null}
            </span>
          ))}
        </span>
      )
    }
  },
})

const LookupConfigEditor = defineComponent({
  name: 'LookupConfigEditor',
  props: configEditorProps,
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => <LinkedFieldConfig modelValue={p.modelValue} table={p.table} onUpdate:modelValue={(v: Record<string, unknown>) => emit('update:modelValue', v)} />,
})

export default defineClientPlugin({
  id: 'field-lookup',
  fieldTypes: [
    {
      type: 'lookup',
      icon: '⇢',
      display: LookupDisplay,
      configEditor: LookupConfigEditor,
      settingLabel: linkedSettingLabel,
      // has_any / has_all / has_none take values typed as tags; contains / not_contains one text.
      filterInput: TextFilterInput,
      defaultConfig: () => ({}),
    },
  ],
  messages: { en: { label: 'Lookup' }, 'zh-CN': { label: '查找引用' } },
})
