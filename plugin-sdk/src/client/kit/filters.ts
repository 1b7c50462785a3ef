import { defineComponent, h, type PropType } from 'vue'
import { ElInput, ElInputNumber, ElSelect } from 'element-plus'
import { kt } from './messages.ts'
import { filterInputProps } from './props.ts'

/** Operators whose value is a list rather than one value. */
export const LIST_OPERATORS: ReadonlySet<string> = new Set(['in', 'not_in', 'has_any', 'has_all', 'has_none'])

/** Free values typed as tags (Enter adds one): the value of `in` and `has_any` on free text. */
export const ValuesInput = defineComponent({
  name: 'DpValuesInput',
  props: { modelValue: { type: null as unknown as PropType<unknown> }, placeholder: { type: String, default: undefined } },
  emits: { 'update:modelValue': (_v: string[]) => true },
  setup:
    (p, { emit, attrs }) =>
    () =>
      h(ElSelect, {
        'data-test': 'filter-values',
        ...attrs,
        modelValue: Array.isArray(p.modelValue) ? p.modelValue.map(String) : [],
        multiple: true,
        filterable: true,
        allowCreate: true,
        defaultFirstOption: true,
        reserveKeyword: false,
        placeholder: p.placeholder ?? kt('values'),
        'onUpdate:modelValue': (v: string[]) => emit('update:modelValue', v),
      }),
})

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
