import { defineComponent, type PropType } from 'vue'
import { ElFormItem, ElOption, ElRadioButton, ElRadioGroup, ElSelect } from 'element-plus'
import { t, type TableMeta } from '@docpal/plugin-sdk/client'
import { dateColumns, selectColumns, type CalendarConfig } from './config.ts'

/** The date field that places records, an optional end date for spans, the colour field and the default mode. */
export const CalendarConfigEditor = defineComponent({
  props: { modelValue: { type: Object as PropType<Record<string, unknown>>, required: true }, table: { type: Object as PropType<TableMeta>, required: true } },
  emits: ['update:modelValue'],
  setup: (p, { emit }) => {
    const set = (patch: Partial<CalendarConfig>) => emit('update:modelValue', { ...p.modelValue, ...patch })
    return () => {
      const cfg = p.modelValue as CalendarConfig
      const dates = dateColumns(p.table)
      const placeholder = dates.length ? t('view-calendar.chooseField') : t('view-calendar.noDateField')
      return (
        <div style={{ width: '100%' }}>
          <ElFormItem label={t('view-calendar.dateField')}>
            <ElSelect
              modelValue={cfg.dateFieldId}
              placeholder={placeholder}
              data-test="calendar-date-field"
              style={{ maxWidth: '320px' }}
              onUpdate:modelValue={(v: string) => set({ dateFieldId: v })}
            >
              {dates.map((c) => (
                <ElOption key={c.id} label={c.name} value={c.id} />
              ))}
            </ElSelect>
          </ElFormItem>
          <ElFormItem label={t('view-calendar.endDateField')}>
            <ElSelect
              modelValue={cfg.endDateFieldId ?? ''}
              data-test="calendar-end-field"
              style={{ maxWidth: '320px' }}
              onUpdate:modelValue={(v: string) => set({ endDateFieldId: v || undefined })}
            >
              <ElOption label={t('view-calendar.noEndDate')} value="" />
              {dates
                .filter((c) => c.id !== cfg.dateFieldId)
                .map((c) => (
                  <ElOption key={c.id} label={c.name} value={c.id} data-test={`calendar-end-option-${c.name}`} />
                ))}
            </ElSelect>
          </ElFormItem>
          <ElFormItem label={t('view-calendar.colorField')}>
            <ElSelect
              modelValue={cfg.colorFieldId ?? ''}
              data-test="calendar-color-field"
              style={{ maxWidth: '320px' }}
              onUpdate:modelValue={(v: string) => set({ colorFieldId: v || undefined })}
            >
              <ElOption label={t('view-calendar.noColor')} value="" />
              {selectColumns(p.table).map((c) => (
                <ElOption key={c.id} label={c.name} value={c.id} data-test={`calendar-color-option-${c.name}`} />
              ))}
            </ElSelect>
          </ElFormItem>
          <ElFormItem label={t('view-calendar.defaultMode')}>
            <ElRadioGroup
              modelValue={cfg.mode ?? 'month'}
              data-test="calendar-default-mode"
              onUpdate:modelValue={(v: string | number | boolean | undefined) => set({ mode: v as CalendarConfig['mode'] })}
            >
              <ElRadioButton value="month">{t('view-calendar.month')}</ElRadioButton>
              <ElRadioButton value="week">{t('view-calendar.week')}</ElRadioButton>
            </ElRadioGroup>
          </ElFormItem>
        </div>
      )
    }
  },
})
