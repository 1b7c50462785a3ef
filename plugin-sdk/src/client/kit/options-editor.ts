import { defineComponent, h, type PropType } from 'vue'
import { ElButton, ElInput, ElOption, ElSelect } from 'element-plus'
import { nextColor, PALETTE_COLORS, tagStyle } from './colors.ts'
import { kt } from './messages.ts'
import type { SelectOption } from './option-select.ts'

/** A new option id: stable for the option's life (rows store it), so renaming never touches rows. */
export const newOptionId = (): string => `opt_${Math.random().toString(36).slice(2, 10)}`

/** "Option 3" or the next free number: labels must be unique ignoring case. */
function freeLabel(options: ReadonlyArray<SelectOption>): string {
  const taken = new Set(options.map((o) => o.label.toLowerCase()))
  let n = options.length + 1
  while (taken.has(`${kt('option')} ${n}`.toLowerCase())) n++
  return `${kt('option')} ${n}`
}

export function addOption(options: ReadonlyArray<SelectOption>): SelectOption[] {
  return [...options, { id: newOptionId(), label: freeLabel(options), color: nextColor(options.length - 1) }]
}

const swatch = (color: string) => h('span', { style: { ...tagStyle(color), display: 'inline-block', width: '14px', height: '14px', borderRadius: '50%', verticalAlign: 'middle' } })

/** Edits a select field's option list: label and color per option, add, remove, reorder. */
export const OptionsEditor = defineComponent({
  name: 'DpOptionsEditor',
  props: { modelValue: { type: Array as PropType<ReadonlyArray<SelectOption>>, required: true } },
  emits: { 'update:modelValue': (_v: SelectOption[]) => true },
  setup(p, { emit }) {
    const set = (next: SelectOption[]) => emit('update:modelValue', next)
    const patch = (i: number, change: Partial<SelectOption>) => set(p.modelValue.map((o, j) => (j === i ? { ...o, ...change } : o)))
    const move = (i: number, by: number) => {
      const next = [...p.modelValue]
      const [o] = next.splice(i, 1)
      if (o === undefined) return
      next.splice(i + by, 0, o)
      set(next)
    }
    const row = (o: SelectOption, i: number) =>
      h('div', { key: o.id, class: 'dp-option-row', 'data-test': 'option-row', style: { display: 'flex', gap: '6px', alignItems: 'center' } }, [
        h(
          ElSelect,
          {
            modelValue: o.color ?? 'gray',
            style: { width: '64px', flex: 'none' },
            'aria-label': kt('optionColor'),
            'data-test': 'option-color',
            'onUpdate:modelValue': (color: string) => patch(i, { color }),
          },
          {
            default: () => PALETTE_COLORS.map((c) => h(ElOption, { key: c, value: c, label: c }, () => [swatch(c), ' ', c])),
            label: ({ value }: { value: string }) => swatch(value),
          },
        ),
        h(ElInput, {
          modelValue: o.label,
          maxlength: 255,
          placeholder: kt('optionLabel'),
          'data-test': 'option-label',
          'onUpdate:modelValue': (label: string) => patch(i, { label }),
        }),
        h(ElButton, { text: true, size: 'small', disabled: i === 0, title: kt('moveUp'), 'aria-label': kt('moveUp'), onClick: () => move(i, -1) }, () => '↑'),
        h(
          ElButton,
          { text: true, size: 'small', disabled: i === p.modelValue.length - 1, title: kt('moveDown'), 'aria-label': kt('moveDown'), onClick: () => move(i, 1) },
          () => '↓',
        ),
        h(
          ElButton,
          {
            text: true,
            size: 'small',
            type: 'danger',
            title: kt('remove'),
            'aria-label': kt('remove'),
            'data-test': 'option-remove',
            onClick: () => set(p.modelValue.filter((_, j) => j !== i)),
          },
          () => '×',
        ),
      ])
    return () =>
      h('div', { class: 'dp-options-editor', style: { display: 'flex', flexDirection: 'column', gap: '6px', width: '100%' } }, [
        ...(p.modelValue.length ? p.modelValue.map(row) : [h('div', { class: 'dp-muted', style: { color: 'var(--el-text-color-secondary)' } }, kt('noOptions'))]),
        h('div', [h(ElButton, { size: 'small', 'data-test': 'option-add', onClick: () => set(addOption(p.modelValue)) }, () => `+ ${kt('addOption')}`)]),
      ])
  },
})
