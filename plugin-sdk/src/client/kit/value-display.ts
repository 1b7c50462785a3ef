import { defineComponent, h, type PropType } from 'vue'
import { CheckMark } from './check.ts'
import { formatNumber, plainText } from './format.ts'
import { TagList } from './tag-list.ts'

/**
 * A computed value whose type the column does not state (lookup, formula, aggregation): lists as
 * chips, booleans as a tick, numbers formatted, everything else as text.
 */
export const ValueDisplay = defineComponent({
  name: 'DpValueDisplay',
  props: {
    // eslint-disable-next-line vue/require-default-prop -- a value of any type is absent as undefined; a `default` would make Vue type the prop as that default only
    value: { type: null as unknown as PropType<unknown> },
    precision: { type: Number, default: undefined },
  },
  setup: (p) => () => {
    const v = p.value
    if (v == null || v === '') return h('span', { class: 'dp-value dp-empty' })
    if (Array.isArray(v)) {
      const items = v.map((x, i) => ({ key: String(i), label: plainText(x) })).filter((x) => x.label !== '')
      return h(TagList, { items })
    }
    if (typeof v === 'boolean') return v ? h(CheckMark) : h('span', { class: 'dp-value dp-empty' })
    if (typeof v === 'number') return h('span', { class: 'dp-value dp-number', style: { fontVariantNumeric: 'tabular-nums' } }, formatNumber(v, p.precision))
    return h('span', { class: 'dp-value' }, plainText(v))
  },
})
