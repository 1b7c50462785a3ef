import { defineComponent, h } from 'vue'
import { ElFormItem, ElInputNumber } from 'element-plus'
import { kt } from './messages.ts'
import { configEditorProps, configValue } from './props.ts'

/** The SDK's `maxLengthConfigSchema` bounds, shared by text and long text. */
export const MAX_LENGTH_LIMIT = 1_000_000

/** Config editor of a text type bounded by `maxLength` (default: the server's default). */
export function maxLengthConfigEditor(defaultMaxLength: number) {
  return defineComponent({
    name: 'DpMaxLengthConfig',
    props: configEditorProps,
    emits: { 'update:modelValue': (_v: Record<string, unknown>) => true },
    setup:
      (p, { emit }) =>
      () =>
        h(ElFormItem, { label: kt('maxLength') }, () =>
          h(ElInputNumber, {
            modelValue: configValue(p.modelValue, 'maxLength', defaultMaxLength),
            min: 1,
            max: MAX_LENGTH_LIMIT,
            stepStrictly: false,
            precision: 0,
            'data-test': 'config-maxLength',
            'onUpdate:modelValue': (v: number | null | undefined) => emit('update:modelValue', { ...p.modelValue, maxLength: v ?? defaultMaxLength }),
          }),
        ),
  })
}
