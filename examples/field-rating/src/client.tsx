import { defineComponent, type PropType } from 'vue'
import { ElFormItem, ElInputNumber, ElRate } from 'element-plus'
import { defineClientPlugin, type ColumnInfo } from '@docpal/plugin-sdk/client'

const max = (c: ColumnInfo) => Number(c.config['max'] ?? 5)
const column = { type: Object as PropType<ColumnInfo>, required: true } as const
const value = { type: null as unknown as PropType<unknown> }

/**
 * Stars to click. As an editor it follows DocPal's cell-editor contract: every change is reported
 * (`update:modelValue`, the arrow keys included), and a click on a star ends the edit (`commit`).
 */
const Stars = defineComponent({
  props: { modelValue: value, column, readonly: Boolean },
  emits: ['update:modelValue', 'commit'],
  setup:
    (p, { emit }) =>
    () => (
      <ElRate
        modelValue={Number(p.modelValue ?? 0)}
        max={max(p.column)}
        disabled={p.readonly}
        clearable
        data-test="rating"
        onUpdate:modelValue={(v: number) => emit('update:modelValue', v || null)}
        // The click's own update came first (the star's handler runs before the rate's).
        {...{ onClick: () => !p.readonly && emit('commit') }}
      />
    ),
})

const Display = defineComponent({ props: { value, column }, setup: (p) => () => <Stars modelValue={p.value} column={p.column} readonly /> })

const Config = defineComponent({
  props: { modelValue: { type: Object as PropType<Record<string, unknown>>, required: true } },
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () => (
      <ElFormItem label="Stars">
        <ElInputNumber
          modelValue={Number(p.modelValue['max'] ?? 5)}
          min={1}
          max={10}
          onUpdate:modelValue={(v: number | undefined) => emit('update:modelValue', { ...p.modelValue, max: v ?? 5 })}
        />
      </ElFormItem>
    ),
})

export default defineClientPlugin({
  id: 'field-rating',
  fieldTypes: [{ type: 'rating', icon: '★', display: Display, editor: Stars, configEditor: Config, filterInput: Stars, defaultConfig: () => ({ max: 5 }) }],
})
