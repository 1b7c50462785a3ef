import { defineComponent, type PropType } from 'vue'
import { ElDatePicker, ElFormItem, ElOption, ElSelect, ElSwitch } from 'element-plus'
import { configEditorProps, configValue, defineClientPlugin, displayProps, editorProps, filterInputProps, formatDate, formatHasTime, kt, t } from '@docpal/plugin-sdk/client'

const m = (key: string) => t(`field-date.${key}`)

/** The server's defaults (src/shared/config.ts). */
const DEFAULT_FORMAT = 'YYYY-MM-DD'
const FORMATS = ['YYYY-MM-DD', 'YYYY/MM/DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'D MMM YYYY', 'MMM D, YYYY', 'YYYY年M月D日']
const PLAIN = 'YYYY-MM-DD'

interface DateConfig {
  includeTime: boolean
  format: string
}

function dateConfig(config: Record<string, unknown>): DateConfig {
  return { includeTime: configValue(config, 'includeTime', false), format: configValue(config, 'format', DEFAULT_FORMAT) }
}

/** The format a value is shown in: a date-time column adds the time unless its format has one. */
function shownFormat(c: DateConfig): string {
  return c.includeTime && !formatHasTime(c.format) ? `${c.format} HH:mm` : c.format
}

const DateDisplay = defineComponent({
  name: 'DateDisplay',
  props: displayProps,
  setup: (p) => () => <span class="dp-date">{formatDate(p.value, shownFormat(dateConfig(p.column.config)))}</span>,
})

/**
 * One picker for both kinds: plain dates travel as `YYYY-MM-DD` (no time zone can shift them);
 * date-times are picked in local time and sent as ISO 8601 in UTC, the form the API answers.
 */
const DateInput = defineComponent({
  name: 'DateInput',
  props: {
    modelValue: { type: null as unknown as PropType<unknown> },
    includeTime: { type: Boolean, default: false },
    format: { type: String, default: DEFAULT_FORMAT },
  },
  emits: ['update:modelValue'],
  setup:
    (p, { emit, attrs }) =>
    () =>
      p.includeTime ? (
        <ElDatePicker
          {...attrs}
          type="datetime"
          modelValue={typeof p.modelValue === 'string' && p.modelValue !== '' ? new Date(p.modelValue) : undefined}
          format={p.format}
          placeholder={kt('pickDate')}
          onUpdate:modelValue={(v: Date | null | undefined) => emit('update:modelValue', v instanceof Date ? v.toISOString() : null)}
        />
      ) : (
        <ElDatePicker
          {...attrs}
          type="date"
          modelValue={typeof p.modelValue === 'string' ? p.modelValue.slice(0, 10) : undefined}
          valueFormat={PLAIN}
          format={p.format}
          placeholder={kt('pickDate')}
          onUpdate:modelValue={(v: string | null | undefined) => emit('update:modelValue', v || null)}
        />
      ),
})

/** A picked day (or a typed date confirmed with Enter) ends the edit: the picker says so with `change`. */
const DateEditor = defineComponent({
  name: 'DateEditor',
  props: editorProps,
  emits: ['update:modelValue', 'commit'],
  setup(p, { emit }) {
    return () => {
      const c = dateConfig(p.column.config)
      return (
        <DateInput
          modelValue={p.modelValue}
          includeTime={c.includeTime}
          format={shownFormat(c)}
          data-test="field-date"
          onUpdate:modelValue={(v: string | null) => emit('update:modelValue', v)}
          // ElDatePicker's `change`, passed through DateInput's attributes.
          {...{ onChange: () => emit('commit') }}
        />
      )
    }
  },
})

/** Display format (presets, or any dayjs format typed in) and whether the field holds a time. */
const DateConfigEditor = defineComponent({
  name: 'DateConfigEditor',
  props: configEditorProps,
  emits: ['update:modelValue'],
  setup(p, { emit }) {
    const set = (patch: Partial<DateConfig>) => emit('update:modelValue', { ...p.modelValue, ...dateConfig(p.modelValue), ...patch })
    return () => {
      const c = dateConfig(p.modelValue)
      const sample = new Date().toISOString()
      return (
        <div class="dp-date-config">
          <ElFormItem label={m('includeTime')}>
            <ElSwitch modelValue={c.includeTime} data-test="config-includeTime" onUpdate:modelValue={(v: string | number | boolean) => set({ includeTime: v === true })} />
          </ElFormItem>
          <ElFormItem label={m('format')}>
            <ElSelect
              modelValue={c.format}
              filterable
              allowCreate
              defaultFirstOption
              data-test="config-format"
              style={{ width: '220px' }}
              onUpdate:modelValue={(v: string) => set({ format: v.trim().slice(0, 64) || DEFAULT_FORMAT })}
            >
              {FORMATS.map((f) => (
                <ElOption key={f} value={f} label={f}>
                  {f} <span style={{ float: 'right', marginLeft: '16px', color: 'var(--el-text-color-secondary)' }}>{formatDate(sample.slice(0, 10), f)}</span>
                </ElOption>
              ))}
            </ElSelect>
            <span class="dp-muted" style={{ marginLeft: '12px', color: 'var(--el-text-color-secondary)' }} data-test="config-preview">
              {formatDate(c.includeTime ? sample : sample.slice(0, 10), shownFormat(c))}
            </span>
          </ElFormItem>
        </div>
      )
    }
  },
})

/**
 * `between` takes a [from, to] range of days, `on` one day, `in` / `not_in` several days; the
 * comparisons take a date, or a date-time on a field with time.
 */
const DateFilterInput = defineComponent({
  name: 'DateFilterInput',
  props: filterInputProps,
  emits: ['update:modelValue'],
  setup(p, { emit }) {
    const update = (v: unknown) => emit('update:modelValue', v ?? null)
    return () => {
      const c = dateConfig(p.column.config)
      if (p.op === 'between') {
        return (
          <ElDatePicker
            type="daterange"
            modelValue={Array.isArray(p.modelValue) ? (p.modelValue as string[]).map((d) => d.slice(0, 10)) : undefined}
            valueFormat={PLAIN}
            format={c.format}
            startPlaceholder={kt('from')}
            endPlaceholder={kt('to')}
            data-test="filter-value"
            onUpdate:modelValue={update}
          />
        )
      }
      if (p.op === 'in' || p.op === 'not_in') {
        return (
          <ElDatePicker
            type="dates"
            modelValue={Array.isArray(p.modelValue) ? p.modelValue : undefined}
            valueFormat={PLAIN}
            format={c.format}
            placeholder={kt('pickDate')}
            data-test="filter-value"
            onUpdate:modelValue={update}
          />
        )
      }
      const withTime = c.includeTime && p.op !== 'on'
      return <DateInput modelValue={p.modelValue} includeTime={withTime} format={withTime ? shownFormat(c) : c.format} data-test="filter-value" onUpdate:modelValue={update} />
    }
  },
})

export default defineClientPlugin({
  id: 'field-date',
  fieldTypes: [
    {
      type: 'date',
      icon: '📅',
      display: DateDisplay,
      editor: DateEditor,
      configEditor: DateConfigEditor,
      filterInput: DateFilterInput,
      defaultConfig: () => ({ includeTime: false, format: DEFAULT_FORMAT }),
    },
  ],
  messages: {
    en: { label: 'Date', includeTime: 'Include time', format: 'Date format' },
    'zh-CN': { label: '日期', includeTime: '包含时间', format: '日期格式' },
  },
})
