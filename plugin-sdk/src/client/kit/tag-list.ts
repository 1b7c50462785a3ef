import { defineComponent, h, type PropType } from 'vue'
import { Tag } from './tag.ts'

export interface TagItem {
  readonly key: string
  readonly label: string
  readonly color?: string | null
}

/** Chips in a row that wraps; a grid cell clips the overflow. */
export const TagList = defineComponent({
  name: 'DpTagList',
  props: { items: { type: Array as PropType<ReadonlyArray<TagItem>>, required: true } },
  setup: (p) => () =>
    h(
      'span',
      { class: 'dp-tag-list', style: { display: 'inline-flex', flexWrap: 'wrap', gap: '4px', maxWidth: '100%' } },
      p.items.map((i) => h(Tag, { key: i.key, label: i.label, color: i.color ?? null })),
    ),
})
