import { defineComponent, h, type PropType } from 'vue'
import { registry } from '../registry.ts'
import type { ColumnInfo } from '../types.ts'
import { rawText } from './format.ts'

/**
 * A value shown by its field type's display, for view types and other plugins that show records;
 * a type whose plugin is off shows the raw text.
 */
export const FieldValue = defineComponent({
  props: {
    // eslint-disable-next-line vue/require-default-prop -- a value of any type is absent as undefined; a `default` would make Vue type the prop as that default only
    value: { type: null as unknown as PropType<unknown> },
    column: { type: Object as PropType<ColumnInfo>, required: true },
  },
  setup: (p) => () => {
    const display = registry.fieldType(p.column.type)?.display
    if (display) return h(display, { value: p.value, column: p.column })
    return h('span', rawText(p.value))
  },
})
