import { defineComponent } from 'vue'
import { ElButton, ElFormItem, ElInput } from 'element-plus'
import { configEditorProps, configValue, defineClientPlugin, displayProps, orderedColumns, t, TextFilterInput, ValueDisplay } from '@docpal/plugin-sdk/client'

const m = (key: string) => t(`field-formula.${key}`)
// Outside the messages: vue-i18n would read the braces as placeholders.
const EXAMPLE = "IF({Done}, 'yes', 'no') & ' ' & {Price} * 2"

/** The server's limit (src/shared/config.ts). */
const MAX_FORMULA_LENGTH = 20_000

/** A field reference as formulas write it: `{Name}`, with `}` and `\` escaped. */
export const fieldRef = (name: string): string => `{${name.replace(/[\\}]/g, (c) => `\\${c}`)}}`

/** The result as its type reads: numbers formatted, booleans as a tick, lists as chips. */
const FormulaDisplay = defineComponent({
  props: displayProps,
  setup: (p) => () => <ValueDisplay value={p.value} />,
})

/**
 * The formula source, with the table's fields one click away. The server checks it on save
 * (syntax, field names, function types) and the builder shows its message at this field.
 */
const FormulaConfigEditor = defineComponent({
  props: configEditorProps,
  emits: ['update:modelValue'],
  setup(p, { emit }) {
    const formula = () => configValue(p.modelValue, 'formula', '')
    const set = (v: string) => emit('update:modelValue', { ...p.modelValue, formula: v })
    const insert = (name: string) => {
      const f = formula()
      set(`${f}${f === '' || /\s$/.test(f) ? '' : ' '}${fieldRef(name)}`)
    }
    return () => {
      const fields = p.table ? orderedColumns(p.table).filter((c) => c.id) : []
      return (
        <ElFormItem label={m('formula')}>
          <ElInput
            type="textarea"
            modelValue={formula()}
            autosize={{ minRows: 3, maxRows: 12 }}
            maxlength={MAX_FORMULA_LENGTH}
            placeholder="{Price} * {Quantity}"
            inputStyle={{ fontFamily: 'var(--el-font-family-mono, ui-monospace, monospace)' }}
            data-test="config-formula"
            onUpdate:modelValue={set}
          />
          <div class="dp-formula-help" style={{ width: '100%', marginTop: '6px', fontSize: '12px', color: 'var(--el-text-color-secondary)' }}>
            <div>{t('field-formula.help', { example: EXAMPLE })}</div>
            {fields.length ? (
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px', marginTop: '4px' }}>
                {fields.map((c) => (
                  <ElButton key={c.id} size="small" style={{ marginLeft: 0 }} data-test="formula-field" onClick={() => insert(c.name)}>
                    {c.name}
                  </ElButton>
                ))}
              </div>
            ) : null}
          </div>
        </ElFormItem>
      )
    }
  },
})

export default defineClientPlugin({
  id: 'field-formula',
  fieldTypes: [
    {
      type: 'formula',
      icon: 'ƒ',
      display: FormulaDisplay,
      configEditor: FormulaConfigEditor,
      settingLabel: (key: string) => (key === 'formula' ? m('formula') : undefined),
      filterInput: TextFilterInput,
      defaultConfig: () => ({ formula: '' }),
    },
  ],
  messages: {
    en: { label: 'Formula', formula: 'Formula', help: 'Refer to a field by its name in braces, for example: {example}. Click a field below to insert it.' },
    'zh-CN': { label: '公式', formula: '公式', help: '用花括号括住字段名来引用字段，例如：{example}。点击下方字段即可插入。' },
  },
})
