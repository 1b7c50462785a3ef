import { defineComponent, type PropType } from 'vue'
import { ElFormItem, ElRadioButton, ElRadioGroup } from 'element-plus'
import { t, type TableMeta } from '@docpal/plugin-sdk/client'
import type { TableViewConfig } from './config.ts'

/** Row height; which fields show is the view's visible-field list, edited by the host. */
export const TableConfigEditor = defineComponent({
  props: { modelValue: { type: Object as PropType<Record<string, unknown>>, required: true }, table: { type: Object as PropType<TableMeta>, default: undefined } },
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
      <ElFormItem label={t('view-table.rowHeight')}>
        <ElRadioGroup
          modelValue={(p.modelValue as TableViewConfig).rowHeight ?? 'short'}
          data-test="table-row-height"
          onUpdate:modelValue={(v: string | number | boolean | undefined) => emit('update:modelValue', { ...p.modelValue, rowHeight: v })}
        >
          {(['short', 'medium', 'tall'] as const).map((h) => (
            <ElRadioButton value={h}>{t(`view-table.${h}`)}</ElRadioButton>
          ))}
        </ElRadioGroup>
      </ElFormItem>
    ),
})
