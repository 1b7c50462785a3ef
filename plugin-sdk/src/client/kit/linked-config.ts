import { defineComponent, h, shallowRef, watch, type PropType } from 'vue'
import { ElFormItem } from 'element-plus'
import type { ColumnInfo } from '../types.ts'
import { ColumnSelect } from './column-select.ts'
import { kt } from './messages.ts'
import { configEditorProps } from './props.ts'
import { fetchTable, orderedColumns } from './tables.ts'

/** The names `LinkedFieldConfig` labels its two settings with (a field type's `settingLabel`). */
export function linkedSettingLabel(key: string): string | undefined {
  if (key === 'relationFieldId') return kt('relationField')
  if (key === 'targetFieldId') return kt('targetField')
  return undefined
}

/**
 * The two config fields of lookups and aggregations: a saved relation field of this table
 * (`relationFieldId`) and a field of the table it links to (`targetFieldId`). Changing the
 * relation clears the target, which belonged to the other table.
 */
export const LinkedFieldConfig = defineComponent({
  name: 'DpLinkedFieldConfig',
  props: {
    ...configEditorProps,
    /** Hides the target field (an aggregation's count needs none). */
    withTarget: { type: Boolean, default: true },
    /** Which target columns make sense (sum and average need numbers). */
    accepts: { type: Function as PropType<(c: ColumnInfo) => boolean>, default: () => true },
  },
  emits: { 'update:modelValue': (_v: Record<string, unknown>) => true },
  setup(p, { emit }) {
    const targetColumns = shallowRef<ColumnInfo[]>([])
    const loading = shallowRef(false)
    const relations = () => (p.table?.columns ?? []).filter((c) => c.type === 'relation' && c.id)
    const targetTableId = () => relations().find((c) => c.id === p.modelValue['relationFieldId'])?.config['targetTableId']
    watch(
      targetTableId,
      async (id) => {
        targetColumns.value = []
        if (typeof id !== 'string') return
        loading.value = true
        try {
          targetColumns.value = orderedColumns(await fetchTable(id, { fresh: true }))
        } catch {
          // The list stays empty; saving then shows the server's message about the missing field.
        } finally {
          loading.value = false
        }
      },
      { immediate: true },
    )
    const set = (patch: Record<string, unknown>) => {
      // Keys set to undefined are dropped from the stored config.
      const next = Object.fromEntries(Object.entries({ ...p.modelValue, ...patch }).filter(([, v]) => v !== undefined))
      emit('update:modelValue', next)
    }
    return () => [
      h(ElFormItem, { label: kt('relationField') }, () =>
        relations().length
          ? h(ColumnSelect, {
              modelValue: p.modelValue['relationFieldId'] as string | undefined,
              columns: relations(),
              'data-test': 'config-relationField',
              'onUpdate:modelValue': (v: string | undefined) => set({ relationFieldId: v, targetFieldId: undefined }),
            })
          : h('span', { class: 'dp-muted', style: { color: 'var(--el-text-color-secondary)' } }, kt('noRelation')),
      ),
      p.withTarget
        ? h(ElFormItem, { label: kt('targetField') }, () =>
            h(ColumnSelect, {
              modelValue: p.modelValue['targetFieldId'] as string | undefined,
              columns: targetColumns.value.filter(p.accepts),
              loading: loading.value,
              'data-test': 'config-targetField',
              'onUpdate:modelValue': (v: string | undefined) => set({ targetFieldId: v }),
            }),
          )
        : null,
    ]
  },
})
