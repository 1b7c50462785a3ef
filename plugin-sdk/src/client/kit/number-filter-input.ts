import { defineComponent, h } from 'vue'
import { ElInputNumber } from 'element-plus'
import { LIST_OPERATORS } from './list-operators.ts'
import { kt } from './messages.ts'
import { filterInputProps } from './props.ts'
import { ValuesInput } from './values-input.ts'

/** Number operators: a list of numbers for `in` / `not_in`, else one number. */
export const NumberFilterInput = defineComponent({
  name: 'DpNumberFilterInput',
  props: filterInputProps,
  emits: { 'update:modelValue': (_v: number | number[] | null) => true },
  setup:
    (p, { emit }) =>
    () =>
      LIST_OPERATORS.has(p.op)
        ? h(ValuesInput, {
            modelValue: p.modelValue,
            'onUpdate:modelValue': (v: string[]) => emit('update:modelValue', v.map(Number).filter(Number.isFinite)),
          })
        : h(ElInputNumber, {
            modelValue: typeof p.modelValue === 'number' ? p.modelValue : undefined,
            controls: false,
            placeholder: kt('value'),
            'data-test': 'filter-value',
            'onUpdate:modelValue': (v: number | null | undefined) => emit('update:modelValue', v ?? null),
          }),
})
