import { defineComponent, type PropType } from 'vue'
import { ElFormItem, ElOption, ElSelect, ElSwitch } from 'element-plus'
import { t, type TableMeta } from '@docpal/plugin-sdk/client'
import { ordered, selectColumns, type KanbanConfig } from './config.ts'

/** The single-select field whose options are the columns, the fields on the cards, the "No value" column. */
export const KanbanConfigEditor = defineComponent({
  props: { modelValue: { type: Object as PropType<Record<string, unknown>>, required: true }, table: { type: Object as PropType<TableMeta>, required: true } },
  emits: ['update:modelValue'],
  setup: (p, { emit }) => {
    const set = (patch: Partial<KanbanConfig>) => emit('update:modelValue', { ...p.modelValue, ...patch })
    return () => {
      const cfg = p.modelValue as KanbanConfig
      const selects = selectColumns(p.table)
      return (
        <div style={{ width: '100%' }}>
          <ElFormItem label={t('view-kanban.groupField')}>
            <ElSelect
              modelValue={cfg.groupByFieldId}
              placeholder={selects.length ? t('view-kanban.chooseField') : t('view-kanban.noSelectField')}
              data-test="kanban-group-field"
              style={{ maxWidth: '320px' }}
              onUpdate:modelValue={(v: string) => set({ groupByFieldId: v })}
            >
              {selects.map((c) => (
                <ElOption key={c.id} label={c.name} value={c.id} />
              ))}
            </ElSelect>
          </ElFormItem>
          <ElFormItem label={t('view-kanban.cardFields')}>
            <ElSelect
              modelValue={cfg.cardFields ?? []}
              multiple
              clearable
              placeholder={t('view-kanban.cardFieldsAuto')}
              data-test="kanban-card-fields"
              style={{ maxWidth: '480px' }}
              onUpdate:modelValue={(v: string[]) => set({ cardFields: v.length ? v : undefined })}
            >
              {ordered(p.table)
                .filter((c) => c.id !== cfg.groupByFieldId)
                .map((c) => (
                  <ElOption key={c.id} label={c.name} value={c.id} />
                ))}
            </ElSelect>
          </ElFormItem>
          <ElFormItem label={t('view-kanban.hideEmpty')}>
            <ElSwitch
              modelValue={cfg.hideEmptyColumn ?? false}
              data-test="kanban-hide-empty"
              onUpdate:modelValue={(v: string | number | boolean) => set({ hideEmptyColumn: v === true })}
            />
          </ElFormItem>
        </div>
      )
    }
  },
})
