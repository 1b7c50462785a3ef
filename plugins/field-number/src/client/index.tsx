import { defineComponent, ref, watch } from 'vue'
import { ElFormItem, ElInput, ElInputNumber } from 'element-plus'
import {
  configEditorProps,
  configValue,
  defineClientPlugin,
  displayProps,
  editorProps,
  formatNumber,
  NumberFilterInput,
  parseNumberText,
  rawText,
  t,
} from '@docpal/plugin-sdk/client'
import { fitsPrecision } from '../shared/precision.ts'

const m = (key: string) => t(`field-number.${key}`)
// Unset: the column keeps any number of decimals, and shows what it holds.
const precisionOf = (config: Record<string, unknown>) => configValue<number | undefined>(config, 'precision', undefined)

/** Formatted with the column's precision and the page's locale (1,234.50). */
const NumberDisplay = defineComponent({
  name: 'NumberDisplay',
  props: displayProps,
  setup: (p) => () => (
    <span class="dp-number" style={{ fontVariantNumeric: 'tabular-nums' }}>
      {formatNumber(p.value, shownPrecision(p.value, precisionOf(p.column.config)))}
    </span>
  ),
})

/**
 * The column's precision, unless the value has more decimals: one the server has not taken (a
 * draft in the new-record row, 1234.567 in a 2-place column) is shown whole, not rounded to what
 * the server would then refuse to store.
 */
function shownPrecision(value: unknown, precision: number | undefined): number | undefined {
  return precision !== undefined && typeof value === 'number' && !fitsPrecision(value, precision) ? undefined : precision
}

/**
 * A text box: every keystroke reports the number typed (or, when the text is no number, the text,
 * which the server refuses with a message at the cell), so a commit at any moment saves what is
 * shown. Nothing is rounded or clamped here: more decimals than the column keeps, or a value out
 * of min..max, is the server's 400, never a silent change of what the person typed.
 */
const NumberEditor = defineComponent({
  name: 'NumberEditor',
  props: editorProps,
  emits: ['update:modelValue'],
  setup(p, { emit }) {
    const text = ref(rawText(p.modelValue))
    // A value set from outside (the form reset, say) replaces the text unless it is what was typed.
    watch(
      () => p.modelValue,
      (v) => {
        if (v !== parseNumberText(text.value)) text.value = rawText(v)
      },
    )
    // More decimals than the column keeps: said while typing, not only when the server refuses
    // the save (it never rounds a value a person gave).
    const tooPrecise = () => {
      const v = parseNumberText(text.value)
      const precision = precisionOf(p.column.config)
      return typeof v === 'number' && precision !== undefined && !fitsPrecision(v, precision) ? precision : undefined
    }
    return () => {
      const keeps = tooPrecise()
      const hint = keeps === undefined ? undefined : keeps === 0 ? m('wholeOnly') : t('field-number.atMost', { n: keeps })
      return (
        <div
          style={{
            position: 'relative',
            width: '100%',
            ...(hint ? { '--el-input-border-color': 'var(--el-color-danger)', '--el-input-focus-border-color': 'var(--el-color-danger)' } : {}),
          }}
        >
          <ElInput
            modelValue={text.value}
            inputmode="decimal"
            style={{ width: '100%' }}
            data-test="field-input"
            aria-invalid={hint ? 'true' : undefined}
            onUpdate:modelValue={(v: string) => {
              text.value = v
              emit('update:modelValue', parseNumberText(v))
            }}
          />
          {hint ? (
            <div
              data-test="field-number-hint"
              style={{
                position: 'absolute',
                top: '100%',
                left: 0,
                zIndex: 10,
                marginTop: '2px',
                padding: '2px 6px',
                fontSize: '12px',
                lineHeight: 1.4,
                whiteSpace: 'nowrap',
                color: 'var(--el-color-danger)',
                background: 'var(--el-bg-color-overlay)',
                border: '1px solid var(--el-border-color-light)',
                borderRadius: '4px',
              }}
            >
              {hint}
            </div>
          ) : null}
        </div>
      )
    }
  },
})

/** precision 0..10 or none (any decimals kept), optional min and max (clearing one removes it), as the server's schema has them. */
const NumberConfigEditor = defineComponent({
  name: 'NumberConfigEditor',
  props: configEditorProps,
  emits: ['update:modelValue'],
  setup(p, { emit }) {
    const set = (key: string, v: number | null | undefined) => {
      // A cleared bound is left out of the config, not stored as null.
      const { [key]: _cleared, ...rest } = p.modelValue
      emit('update:modelValue', v == null ? rest : { ...p.modelValue, [key]: v })
    }
    const bound = (key: 'min' | 'max') => (
      <ElFormItem label={m(key)}>
        <ElInputNumber
          modelValue={typeof p.modelValue[key] === 'number' ? p.modelValue[key] : undefined}
          valueOnClear={null}
          controls={false}
          placeholder={m('none')}
          data-test={`config-${key}`}
          onUpdate:modelValue={(v: number | null | undefined) => set(key, v)}
        />
      </ElFormItem>
    )
    return () => (
      <div class="dp-number-config">
        <ElFormItem label={m('precision')}>
          <ElInputNumber
            modelValue={precisionOf(p.modelValue)}
            min={0}
            max={10}
            precision={0}
            valueOnClear={null}
            placeholder={m('any')}
            // Wide enough for the placeholder ('Any (kept as entered)'), which the default width cut.
            style={{ width: '250px' }}
            data-test="config-precision"
            onUpdate:modelValue={(v: number | null | undefined) => set('precision', v)}
          />
          <span class="dp-muted" style={{ marginLeft: '12px', color: 'var(--el-text-color-secondary)' }} data-test="config-preview">
            {formatNumber(1234.5678, precisionOf(p.modelValue))}
          </span>
        </ElFormItem>
        {bound('min')}
        {bound('max')}
      </div>
    )
  },
})

export default defineClientPlugin({
  id: 'field-number',
  fieldTypes: [
    {
      type: 'number',
      icon: '#',
      editsText: true,
      parseText: (text) => parseNumberText(text),
      toText: (v) => rawText(v),
      display: NumberDisplay,
      editor: NumberEditor,
      configEditor: NumberConfigEditor,
      filterInput: NumberFilterInput,
      defaultConfig: () => ({}),
    },
  ],
  messages: {
    en: {
      label: 'Number',
      precision: 'Decimal places',
      min: 'Minimum',
      max: 'Maximum',
      none: 'None',
      any: 'Any (kept as entered)',
      atMost: 'At most {n} decimal places: round it, or raise the column’s precision',
      wholeOnly: 'A whole number: this column keeps no decimals',
    },
    'zh-CN': {
      label: '数字',
      precision: '小数位数',
      min: '最小值',
      max: '最大值',
      none: '无',
      any: '不限（按输入保存）',
      atMost: '最多 {n} 位小数：请四舍五入，或提高该列的精度',
      wholeOnly: '请输入整数：该列不保留小数',
    },
  },
})
