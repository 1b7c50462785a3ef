import { defineComponent, type PropType } from 'vue'
import { ElInput, ElInputNumber, ElFormItem, ElSelect } from 'element-plus'
import { defineClientPlugin, type ColumnInfo } from '@docpal/plugin-sdk/client'

const column = { type: Object as PropType<ColumnInfo>, required: true } as const

const TextDisplay = defineComponent({
  props: { value: { type: null as unknown as PropType<unknown> }, column },
  setup: (p) => () => <span class="dp-text-cell">{p.value == null ? '' : String(p.value)}</span>,
})

const TextEditor = defineComponent({
  props: { modelValue: { type: null as unknown as PropType<unknown> }, column },
  emits: ['update:modelValue'],
  setup: (p, { emit }) => () => (
    <ElInput
      modelValue={(p.modelValue as string | null) ?? ''}
      maxlength={(p.column.config['maxLength'] as number | undefined) ?? undefined}
      onUpdate:modelValue={(v: string) => emit('update:modelValue', v === '' ? null : v)}
    />
  ),
})

const TextConfigEditor = defineComponent({
  props: { modelValue: { type: Object as PropType<Record<string, unknown>>, required: true } },
  emits: ['update:modelValue'],
  setup: (p, { emit }) => () => (
    <ElFormItem label="Maximum length">
      <ElInputNumber
        modelValue={(p.modelValue['maxLength'] as number | undefined) ?? undefined}
        min={1}
        max={10_000}
        data-test="config-maxLength"
        onUpdate:modelValue={(v: number | undefined) => emit('update:modelValue', { ...p.modelValue, maxLength: v ?? undefined })}
      />
    </ElFormItem>
  ),
})

/** `in` / `not_in` take a list (typed as tags); every other operator takes one text. */
const TextFilterInput = defineComponent({
  props: { modelValue: { type: null as unknown as PropType<unknown> }, column, op: { type: String, required: true } },
  emits: ['update:modelValue'],
  setup: (p, { emit }) => () =>
    p.op === 'in' || p.op === 'not_in' ? (
      <ElSelect modelValue={(p.modelValue as string[] | null) ?? []} multiple filterable allowCreate defaultFirstOption placeholder="Values" onUpdate:modelValue={(v: string[]) => emit('update:modelValue', v)} />
    ) : (
      <ElInput modelValue={(p.modelValue as string | null) ?? ''} placeholder="Value" onUpdate:modelValue={(v: string) => emit('update:modelValue', v)} />
    ),
})

export default defineClientPlugin({
  id: 'field-text',
  fieldTypes: [{ type: 'text', icon: 'A', display: TextDisplay, editor: TextEditor, configEditor: TextConfigEditor, filterInput: TextFilterInput, defaultConfig: () => ({}) }],
  messages: { en: { label: 'Text' }, 'zh-CN': { label: '文本' } },
})
