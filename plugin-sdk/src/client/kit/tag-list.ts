import { defineComponent, h, nextTick, onBeforeUnmount, onMounted, ref, watch, type PropType } from 'vue'
import { Tag } from './tag.ts'

export interface TagItem {
  readonly key: string
  readonly label: string
  readonly color?: string | null
}

// Room kept at the right for the "+N" chip.
const MORE_W = 34

/**
 * Chips in a row. They wrap unless the page sets `--dp-tag-list-wrap: nowrap` (a grid cell does):
 * then they stay on one line inside their box, and those that do not fit are counted in a "+N"
 * chip whose title lists them.
 */
export const TagList = defineComponent({
  name: 'DpTagList',
  props: { items: { type: Array as PropType<ReadonlyArray<TagItem>>, required: true } },
  setup(p) {
    const el = ref<HTMLElement>()
    // How many chips fit (all, until measured on one line).
    const fit = ref(Number.POSITIVE_INFINITY)
    function measure() {
      const box = el.value
      if (!box) return
      if (getComputedStyle(box).flexWrap !== 'nowrap') {
        if (fit.value !== Number.POSITIVE_INFINITY) fit.value = Number.POSITIVE_INFINITY
        return
      }
      const chips = [...box.querySelectorAll<HTMLElement>(':scope > .dp-tag')]
      const width = box.parentElement?.clientWidth ?? box.clientWidth
      let n = 0
      for (const [i, c] of chips.entries()) {
        const right = c.offsetLeft - box.offsetLeft + c.offsetWidth
        const room = i === p.items.length - 1 ? width : width - MORE_W
        if (right > room) break
        n++
      }
      const next = n >= p.items.length ? Number.POSITIVE_INFINITY : Math.max(n, 1)
      if (next !== fit.value) fit.value = next
    }
    // New items, or a new width, are measured with every chip shown again.
    const remeasure = () => {
      fit.value = Number.POSITIVE_INFINITY
      void nextTick(measure)
    }
    const resize = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(remeasure)
    onMounted(() => {
      if (el.value?.parentElement) resize?.observe(el.value.parentElement)
      measure()
    })
    watch(() => p.items, remeasure)
    onBeforeUnmount(() => resize?.disconnect())
    return () => {
      const shown = Number.isFinite(fit.value) ? p.items.slice(0, fit.value) : p.items
      const rest = p.items.slice(shown.length)
      return h(
        'span',
        {
          ref: el,
          class: 'dp-tag-list',
          style: { display: 'inline-flex', flexWrap: 'var(--dp-tag-list-wrap, wrap)', gap: '4px', maxWidth: '100%', minWidth: 0, overflow: 'hidden' },
        },
        [
          ...shown.map((i) => h(Tag, { key: i.key, label: i.label, color: i.color ?? null, style: { flex: 'none', maxWidth: '100%' } })),
          rest.length
            ? h(
                'span',
                {
                  class: 'dp-tag dp-tag-more',
                  'data-test': 'tag-more',
                  title: rest.map((r) => r.label).join(', '),
                  style: {
                    flex: 'none',
                    padding: '0 6px',
                    borderRadius: '10px',
                    fontSize: '12px',
                    lineHeight: '20px',
                    background: 'var(--el-fill-color)',
                    color: 'var(--el-text-color-secondary)',
                  },
                },
                `+${rest.length}`,
              )
            : null,
        ],
      )
    }
  },
})
