import { defineComponent, h, type PropType } from 'vue'
import { registry } from '../registry.ts'
import type { ColumnInfo } from '../types.ts'

/**
 * A value shown by its field type's display, for view types and other plugins that show records;
 * a type whose plugin is off shows the raw text.
 */
export const FieldValue = defineComponent({
  props: { value: { type: null as unknown as PropType<unknown> }, column: { type: Object as PropType<ColumnInfo>, required: true } },
  setup: (p) => () => {
    const display = registry.fieldType(p.column.type)?.display
    if (display) return h(display, { value: p.value, column: p.column })
    return h('span', p.value == null ? '' : typeof p.value === 'object' ? JSON.stringify(p.value) : String(p.value))
  },
})
