import { defineComponent, h, type PropType } from 'vue'
import { ElOption, ElSelect } from 'element-plus'
import type { ColumnInfo } from '../types.ts'
import { registry } from '../registry.ts'
import { kt } from './messages.ts'

/** Picks a column (by id) among `columns`; used by configs that point at fields. */
export const ColumnSelect = defineComponent({
  name: 'DpColumnSelect',
  props: {
    modelValue: { type: String as PropType<string | undefined>, default: undefined },
    columns: { type: Array as PropType<ReadonlyArray<ColumnInfo>>, required: true },
    clearable: { type: Boolean, default: false },
    loading: { type: Boolean, default: false },
    placeholder: { type: String, default: undefined },
  },
  emits: { 'update:modelValue': (_v: string | undefined) => true },
  setup:
    (p, { emit, attrs }) =>
    () =>
      h(
        ElSelect,
        {
          ...attrs,
          modelValue: p.modelValue,
          filterable: true,
          clearable: p.clearable,
          loading: p.loading,
          placeholder: p.placeholder ?? kt('pickColumn'),
          'onUpdate:modelValue': (v: string | undefined) => emit('update:modelValue', v === '' || v == null ? undefined : v),
        },
        () =>
          p.columns.map((c) =>
            h(ElOption, { key: c.id, value: c.id, label: c.name }, () => [
              c.name,
              h('span', { style: { float: 'right', color: 'var(--el-text-color-secondary)', fontSize: '12px', marginLeft: '12px' } }, registry.fieldTypeLabel(c.type)),
            ]),
          ),
      ),
})
