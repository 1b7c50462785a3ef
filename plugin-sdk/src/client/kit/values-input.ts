import { defineComponent, h, type PropType } from 'vue'
import { ElSelect } from 'element-plus'
import { kt } from './messages.ts'

/** Free values typed as tags (Enter adds one): the value of `in` and `has_any` on free text. */
export const ValuesInput = defineComponent({
  name: 'DpValuesInput',
  props: {
    // eslint-disable-next-line vue/require-default-prop -- a value of any type is absent as undefined; a `default` would make Vue type the prop as that default only
    modelValue: { type: null as unknown as PropType<unknown> },
    placeholder: { type: String, default: undefined },
  },
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
