import { describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { checkSelectConfig, singleSelectConfigSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const options = [
  { id: 'todo', label: 'To do', color: 'blue' },
  { id: 'done', label: 'Done', color: 'green' },
]
const column = { id: 'c1', name: 'Status', type: 'single_select', config: { options }, required: false, order: 0 }
const emitted = (w: VueWrapper) => (w.emitted('update:modelValue') ?? []).map((e) => e[0])
const valid = (c: unknown) => {
  const r = singleSelectConfigSchema.safeParse(c)
  return r.success && checkSelectConfig(r.data).length === 0
}

describe('field-single-select client half', () => {
  it('displays the option label as a colored tag', () => {
    const tag = mount(def.display, { props: { value: 'done', column } }).find('.dp-tag')
    expect(tag.text()).toBe('Done')
    expect(tag.attributes('style')).toContain('background')
    expect(mount(def.display, { props: { value: null, column } }).text()).toBe('')
  })

  it('editor offers the options and writes an option id, or null when cleared', () => {
    const editor = mount(def.editor!, { props: { modelValue: 'todo', column } })
    const select = editor.findComponent(ElSelect)
    expect(select.props('modelValue')).toBe('todo')
    select.vm.$emit('update:modelValue', 'done')
    select.vm.$emit('update:modelValue', '')
    expect(emitted(editor)).toEqual(['done', null])
  })

  it('the default config has two example options the server accepts', () => {
    const c = def.defaultConfig!()
    expect((c['options'] as unknown[]).length).toBe(2)
    expect(valid(c)).toBe(true)
  })

  it('config editor adds, renames, recolors, reorders and removes options', async () => {
    const cfg = mount(def.configEditor!, { props: { modelValue: { options } } })
    const last = () => emitted(cfg).at(-1) as { options: typeof options }
    await cfg.find('[data-test="option-add"]').trigger('click')
    expect(last().options.map((o) => o.label)).toEqual(['To do', 'Done', 'Option 3'])
    expect(valid(last())).toBe(true)
    await cfg.findAll('[data-test="option-label"]')[0]!.setValue('Open')
    expect(last().options[0]).toEqual({ id: 'todo', label: 'Open', color: 'blue' })
    cfg.findAll('.dp-option-row')[0]!.findComponent(ElSelect).vm.$emit('update:modelValue', 'red')
    expect(last().options[0]!.color).toBe('red')
    await cfg.findAll('button[aria-label="Move down"]')[0]!.trigger('click')
    expect(last().options.map((o) => o.id)).toEqual(['done', 'todo'])
    await cfg.findAll('[data-test="option-remove"]')[1]!.trigger('click')
    expect(last().options.map((o) => o.id)).toEqual(['todo'])
    for (const c of emitted(cfg)) expect(valid(c)).toBe(true)
  })

  it('filters by one option, or several for in', () => {
    expect(
      mount(def.filterInput!, { props: { modelValue: null, column, op: 'eq' } })
        .findComponent(ElSelect)
        .props('multiple'),
    ).toBe(false)
    const list = mount(def.filterInput!, { props: { modelValue: ['todo'], column, op: 'not_in' } })
    expect(list.findComponent(ElSelect).props('multiple')).toBe(true)
    list.findComponent(ElSelect).vm.$emit('update:modelValue', ['todo', 'done'])
    expect(emitted(list)).toEqual([['todo', 'done']])
  })
})
