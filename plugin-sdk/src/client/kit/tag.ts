import { defineComponent, h, type PropType } from 'vue'
import { tagStyle } from './colors.ts'

const TAG_STYLE = {
  display: 'inline-block',
  maxWidth: '100%',
  padding: '0 8px',
  borderRadius: '10px',
  fontSize: '12px',
  lineHeight: '20px',
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  verticalAlign: 'middle',
}

/** One colored chip: a select option, a linked record, a looked-up value. */
export const Tag = defineComponent({
  name: 'DpTag',
  props: {
    label: { type: String, required: true },
    color: { type: String as PropType<string | null>, default: null },
    /**
     * Wraps as its container does instead of never: a select's chosen value, which the app lets
     * wrap on a phone rather than cutting it with "…" (elsewhere the container does not wrap).
     */
    wrap: { type: Boolean, default: false },
  },
  setup: (p) => () =>
    h('span', { class: 'dp-tag', title: p.label, style: { ...TAG_STYLE, ...(p.wrap ? { whiteSpace: 'inherit', overflowWrap: 'anywhere' } : {}), ...tagStyle(p.color) } }, p.label),
})
