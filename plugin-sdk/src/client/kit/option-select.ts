import { defineComponent, h, type PropType } from 'vue'
import { ElOption, ElSelect } from 'element-plus'
import { Tag } from './tag.ts'

/** A select option as field configs store it (`config.options`). */
export interface SelectOption {
  readonly id: string
  readonly label: string
  readonly color?: string
}

/** The options of a select column's config; anything malformed is left out. */
export function optionsOf(config: Record<string, unknown>): SelectOption[] {
  const raw = config['options']
  if (!Array.isArray(raw)) return []
  return raw.filter((o): o is SelectOption => !!o && typeof o === 'object' && typeof (o as SelectOption).id === 'string' && typeof (o as SelectOption).label === 'string')
}

/**
 * Picks option ids (one, or a list when `multiple`) from colored options. Values are always
 * option ids, which is what select fields store and their filters compare.
 */
export const OptionSelect = defineComponent({
  name: 'DpOptionSelect',
  props: {
    modelValue: { type: null as unknown as PropType<string | string[] | null | undefined>, default: undefined },
    options: { type: Array as PropType<ReadonlyArray<SelectOption>>, required: true },
    multiple: { type: Boolean, default: false },
    placeholder: { type: String, default: undefined },
    /** Folds picked options into "+ n" (narrow places such as a filter row). */
    collapse: { type: Boolean, default: false },
  },
  emits: { 'update:modelValue': (_v: string | string[] | null) => true },
  setup(p, { emit, attrs }) {
    const colorOf = (id: unknown) => p.options.find((o) => o.id === id)?.color ?? null
    return () =>
      h(
        ElSelect,
        {
          ...attrs,
          modelValue: p.multiple ? (Array.isArray(p.modelValue) ? p.modelValue : []) : typeof p.modelValue === 'string' ? p.modelValue : undefined,
          multiple: p.multiple,
          filterable: true,
          clearable: true,
          collapseTags: p.multiple && p.collapse,
          collapseTagsTooltip: p.multiple && p.collapse,
          placeholder: p.placeholder,
          'onUpdate:modelValue': (v: string | string[] | undefined) =>
            emit('update:modelValue', p.multiple ? (Array.isArray(v) ? v : []) : typeof v === 'string' && v !== '' ? v : null),
        },
        {
          default: () => p.options.map((o) => h(ElOption, { key: o.id, value: o.id, label: o.label }, () => h(Tag, { label: o.label, color: o.color ?? null }))),
          // A single value shows as its colored chip; a list keeps Element Plus's closable tags.
          ...(p.multiple ? {} : { label: ({ label, value }: { label: string; value: unknown }) => h(Tag, { label, color: colorOf(value), wrap: true }) }),
        },
      )
  },
})
