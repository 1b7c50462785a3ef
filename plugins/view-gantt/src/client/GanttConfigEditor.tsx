import { defineComponent, type PropType } from 'vue'
import { ElFormItem, ElOption, ElSelect } from 'element-plus'
import { t, type TableMeta } from '@docpal/plugin-sdk/client'
import { dateColumns, ordered, type GanttConfig } from './config.ts'

/** Start and end date fields of the bars, and the field written on them. */
export const GanttConfigEditor = defineComponent({
  props: { modelValue: { type: Object as PropType<Record<string, unknown>>, required: true }, table: { type: Object as PropType<TableMeta>, required: true } },
  emits: ['update:modelValue'],
  setup: (p, { emit }) => {
    const set = (patch: Partial<GanttConfig>) => emit('update:modelValue', { ...p.modelValue, ...patch })
    return () => {
      const cfg = p.modelValue as GanttConfig
      const dates = dateColumns(p.table)
      const placeholder = dates.length ? t('view-gantt.chooseField') : t('view-gantt.noDateField')
      const dateSelect = (key: 'startFieldId' | 'endFieldId', test: string) => (
        <ElSelect modelValue={cfg[key]} placeholder={placeholder} data-test={test} style={{ maxWidth: '320px' }} onUpdate:modelValue={(v: string) => set({ [key]: v })}>
          {dates.map((c) => (
            <ElOption key={c.id} label={c.name} value={c.id} />
          ))}
        </ElSelect>
      )
      return (
        <div style={{ width: '100%' }}>
          <ElFormItem label={t('view-gantt.startField')}>{dateSelect('startFieldId', 'gantt-start-field')}</ElFormItem>
          <ElFormItem label={t('view-gantt.endField')}>{dateSelect('endFieldId', 'gantt-end-field')}</ElFormItem>
          <ElFormItem label={t('view-gantt.labelField')}>
            <ElSelect
              modelValue={cfg.labelFieldId ?? ''}
              data-test="gantt-label-field"
              style={{ maxWidth: '320px' }}
              onUpdate:modelValue={(v: string) => set({ labelFieldId: v || undefined })}
            >
              <ElOption label={t('view-gantt.labelAuto')} value="" />
              {ordered(p.table).map((c) => (
                <ElOption key={c.id} label={c.name} value={c.id} />
              ))}
            </ElSelect>
          </ElFormItem>
        </div>
      )
    }
  },
})
