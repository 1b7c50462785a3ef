import { describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import type { TableMeta } from '@docpal/plugin-sdk/client'
import { formulaConfigSchema } from '../../src/shared/config.ts'
import plugin, { fieldRef } from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const column = { id: 'f', name: 'Total', type: 'formula', config: { formula: '{Price} * 2' }, required: false, order: 2 }
const table: TableMeta = {
  id: 't',
  appId: 'a',
  name: 'Items',
  columns: [
    { id: 'p', name: 'Price', type: 'number', config: {}, required: false, order: 0 },
    { id: 'n', name: 'Odd {name}', type: 'text', config: {}, required: false, order: 1 },
  ],
}
const emitted = (w: VueWrapper) => (w.emitted('update:modelValue') ?? []).map((e) => e[0])

describe('field-formula client half', () => {
  it('displays results by their type', () => {
    expect(mount(def.display, { props: { value: 2500.5, column } }).text()).toBe('2,500.5')
    expect(mount(def.display, { props: { value: 'yes', column } }).text()).toBe('yes')
    expect(
      mount(def.display, { props: { value: true, column } })
        .find('.dp-check')
        .exists(),
    ).toBe(true)
    expect(mount(def.display, { props: { value: ['a', 'b'], column } }).findAll('.dp-tag')).toHaveLength(2)
  })

  it('config editor edits the source and inserts field references, escaped', async () => {
    expect(fieldRef('Odd {name}')).toBe('{Odd {name\\}}')
    const cfg = mount(def.configEditor!, { props: { modelValue: { formula: '{Price} *' }, table } })
    await cfg.find('textarea').setValue('{Price} * 2')
    const buttons = cfg.findAll('[data-test="formula-field"]')
    expect(buttons.map((b) => b.text())).toEqual(['Price', 'Odd {name}'])
    await buttons[1]!.trigger('click')
    expect(emitted(cfg)).toEqual([{ formula: '{Price} * 2' }, { formula: '{Price} * {Odd {name\\}}' }])
    for (const c of emitted(cfg)) expect(formulaConfigSchema.safeParse(c).success).toBe(true)
  })

  it('has no editor: formulas are computed', () => {
    expect(def.editor).toBeUndefined()
  })
})
