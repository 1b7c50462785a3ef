import { defineComponent } from 'vue'
import { ElFormItem, ElOption, ElSelect } from 'element-plus'
import {
  configEditorProps,
  configValue,
  defineClientPlugin,
  displayProps,
  formatDate,
  formatNumber,
  LinkedFieldConfig,
  linkedSettingLabel,
  NumberFilterInput,
  t,
  useLinkedColumn,
  type ColumnInfo,
} from '@docpal/plugin-sdk/client'

const m = (key: string) => t(`field-aggregation.${key}`)

/** The server's functions (src/shared/config.ts); count needs no target field. */
const FUNCTIONS = ['count', 'count_non_empty', 'sum', 'avg', 'min', 'max'] as const
const NUMERIC_ONLY = new Set(['sum', 'avg'])
// Types whose values can be numbers; the server has the last word (it knows formula result types).
const NUMBER_TYPES = new Set(['number', 'aggregation', 'formula', 'lookup'])

/**
 * Counts as whole numbers; sums, averages and extremes with the aggregated column's precision
 * (else at most two decimals); min / max of dates as dates in that column's format.
 */
const AggregationDisplay = defineComponent({
  name: 'AggregationDisplay',
  props: displayProps,
  setup(p) {
    const linked = useLinkedColumn(() => p.column)
    return () => {
      const v = p.value
      const target = linked.value
      if (typeof v === 'string' && target?.type === 'date') return <span class="dp-aggregation">{formatDate(v, configValue(target.config, 'format', 'YYYY-MM-DD'))}</span>
      if (typeof v !== 'number') return <span class="dp-aggregation">{v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v)}</span>
      const precision = target?.type === 'number' ? configValue(target.config, 'precision', 0) : Number.isInteger(v) ? 0 : 2
      return (
        <span class="dp-aggregation" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatNumber(v, precision)}
        </span>
      )
    }
  },
})

const AggregationConfigEditor = defineComponent({
  name: 'AggregationConfigEditor',
  props: configEditorProps,
  emits: ['update:modelValue'],
  setup(p, { emit }) {
    const fn = () => configValue(p.modelValue, 'aggregation', 'count')
    const setFunction = (aggregation: string) => {
      const next: Record<string, unknown> = { ...p.modelValue, aggregation }
      if (aggregation === 'count') delete next['targetFieldId']
      emit('update:modelValue', next)
    }
    return () => (
      <div class="dp-aggregation-config">
        <ElFormItem label={m('function')}>
          <ElSelect modelValue={fn()} data-test="config-aggregation" style={{ width: '220px' }} onUpdate:modelValue={setFunction}>
            {FUNCTIONS.map((f) => (
              <ElOption key={f} value={f} label={m(f)} />
            ))}
          </ElSelect>
        </ElFormItem>
        <LinkedFieldConfig
          modelValue={{ ...p.modelValue, aggregation: fn() }}
          table={p.table}
          withTarget={fn() !== 'count'}
          accepts={(c: ColumnInfo) => !NUMERIC_ONLY.has(fn()) || NUMBER_TYPES.has(c.type)}
          onUpdate:modelValue={(v: Record<string, unknown>) => emit('update:modelValue', v)}
        />
      </div>
    )
  },
})

export default defineClientPlugin({
  id: 'field-aggregation',
  fieldTypes: [
    {
      type: 'aggregation',
      icon: 'Σ',
      display: AggregationDisplay,
      configEditor: AggregationConfigEditor,
      settingLabel: (key: string) => (key === 'aggregation' ? m('function') : linkedSettingLabel(key)),
      filterInput: NumberFilterInput,
      defaultConfig: () => ({ aggregation: 'count' }),
    },
  ],
  messages: {
    en: {
      label: 'Aggregation',
      function: 'Function',
      count: 'Count linked records',
      count_non_empty: 'Count non-empty values',
      sum: 'Sum',
      avg: 'Average',
      min: 'Minimum',
      max: 'Maximum',
    },
    'zh-CN': { label: '汇总', function: '汇总方式', count: '关联记录数', count_non_empty: '非空值个数', sum: '求和', avg: '平均值', min: '最小值', max: '最大值' },
  },
})
