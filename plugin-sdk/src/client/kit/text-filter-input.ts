import { defineComponent, h } from 'vue'
import { ElInput } from 'element-plus'
import { LIST_OPERATORS } from './list-operators.ts'
import { kt } from './messages.ts'
import { filterInputProps } from './props.ts'
import { ValuesInput } from './values-input.ts'

/** Text operators: `in` / `not_in` take a list, every other operator one text. */
export const TextFilterInput = defineComponent({
  name: 'DpTextFilterInput',
  props: filterInputProps,
  emits: { 'update:modelValue': (_v: string | string[]) => true },
  setup:
    (p, { emit }) =>
    () =>
      LIST_OPERATORS.has(p.op)
        ? h(ValuesInput, { modelValue: p.modelValue, 'onUpdate:modelValue': (v: string[]) => emit('update:modelValue', v) })
        : h(ElInput, {
            modelValue: typeof p.modelValue === 'string' ? p.modelValue : '',
            placeholder: kt('value'),
            'data-test': 'filter-value',
            'onUpdate:modelValue': (v: string) => emit('update:modelValue', v),
          }),
})
