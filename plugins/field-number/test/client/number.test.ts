import { describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { numberConfigSchema } from '../../src/shared/config.ts'
import { registry } from '@docpal/plugin-sdk/client'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const column = (config: Record<string, unknown>) => ({ id: 'c1', name: 'Price', type: 'number', config, required: false, order: 0 })
/** Element Plus number inputs emit on input and again on change: compare distinct values in order. */
const values = (w: VueWrapper) => (w.emitted('update:modelValue') ?? []).map((e) => e[0]).filter((v, i, all) => i === 0 || JSON.stringify(v) !== JSON.stringify(all[i - 1]))
const input = (w: VueWrapper, test: string) => w.find(`[data-test="${test}"] input`)

describe('field-number client half', () => {
  it('displays values with the configured decimal places', () => {
    expect(mount(def.display, { props: { value: 1234.5, column: column({ precision: 2 }) } }).text()).toBe('1,234.50')
    expect(mount(def.display, { props: { value: 3, column: column({}) } }).text()).toBe('3')
    // Without a precision the column keeps what it was given, and shows it.
    expect(mount(def.display, { props: { value: 250.5, column: column({}) } }).text()).toBe('250.5')
    expect(mount(def.display, { props: { value: null, column: column({}) } }).text()).toBe('')
    // More decimals than the column keeps (a draft the server has not taken): shown whole, never rounded out of sight.
    expect(mount(def.display, { props: { value: 1234.567, column: column({ precision: 2 }) } }).text()).toBe('1,234.567')
    expect(mount(def.display, { props: { value: 0.5, column: column({ precision: 0 }) } }).text()).toBe('0.5')
  })

  it('edits a number as typed, never rounded (the server refuses more decimals than the column keeps), clearing it to null', async () => {
    const editor = mount(def.editor!, { props: { modelValue: 1, column: column({ precision: 1 }) } })
    await editor.find('input').setValue('12.34')
    await editor.find('input').setValue('1,234')
    await editor.find('input').setValue('12 apples')
    await editor.find('input').setValue('')
    // Text that is no number goes to the server as it is, which answers with a message at the cell.
    expect(values(editor)).toEqual([12.34, 1234, '12 apples', null])
  })

  it('says while typing when a number has more decimals than the column keeps, and stops once it fits', async () => {
    // Its words come from the plugin's messages, merged when the plugin is registered.
    registry.register(plugin)
    const editor = mount(def.editor!, { props: { modelValue: null, column: column({ precision: 2 }) } })
    await editor.find('input').setValue('1234.567')
    expect(editor.get('[data-test=field-number-hint]').text()).toContain('At most 2 decimal places')
    expect(editor.find('input').attributes('aria-invalid')).toBe('true')
    // Still sent as typed: the server, not the editor, refuses it (never rounded).
    expect(values(editor).at(-1)).toBe(1234.567)
    await editor.find('input').setValue('1234.56')
    expect(editor.find('[data-test=field-number-hint]').exists()).toBe(false)
    const whole = mount(def.editor!, { props: { modelValue: null, column: column({ precision: 0 }) } })
    await whole.find('input').setValue('2.5')
    expect(whole.get('[data-test=field-number-hint]').text()).toContain('A whole number')
    // No precision set: any decimals are kept.
    const any = mount(def.editor!, { props: { modelValue: null, column: column({}) } })
    await any.find('input').setValue('2.12345')
    expect(any.find('[data-test=field-number-hint]').exists()).toBe(false)
  })

  it('reads pasted and typed text as numbers', () => {
    expect(['42', ' -7.5 ', '1,234,567.25', '1e3', '', 'abc'].map((t) => def.parseText!(t, column({})))).toEqual([42, -7.5, 1234567.25, 1000, null, 'abc'])
  })

  it('config editor emits configs the server schema accepts, dropping a cleared bound', async () => {
    expect(numberConfigSchema.safeParse(def.defaultConfig!()).success).toBe(true)
    const cfg = mount(def.configEditor!, { props: { modelValue: { precision: 0, min: 1 } } })
    await input(cfg, 'config-precision').setValue('3')
    await input(cfg, 'config-min').setValue('')
    const emitted = values(cfg)
    expect(emitted).toEqual([{ precision: 3, min: 1 }, { precision: 0 }])
    for (const c of emitted) expect(numberConfigSchema.safeParse(c).success).toBe(true)
    expect(cfg.find('[data-test="config-preview"]').text()).toBe('1,235')
  })

  it('a cleared precision leaves it out: the column then keeps any decimals', async () => {
    expect(def.defaultConfig!()).toEqual({})
    const cfg = mount(def.configEditor!, { props: { modelValue: { precision: 2 } } })
    await input(cfg, 'config-precision').setValue('')
    expect(values(cfg)).toEqual([{}])
    await cfg.setProps({ modelValue: {} })
    expect(cfg.find('[data-test="config-preview"]').text()).toBe('1,234.5678')
  })

  it('filters take one number, or a list for in', async () => {
    const one = mount(def.filterInput!, { props: { modelValue: null, column: column({}), op: 'gt' } })
    await one.find('input').setValue('5')
    expect(values(one)).toEqual([5])
    const list = mount(def.filterInput!, { props: { modelValue: [1, 2], column: column({}), op: 'in' } })
    const select = list.findComponent(ElSelect)
    expect(select.props('modelValue')).toEqual(['1', '2'])
    select.vm.$emit('update:modelValue', ['1', 'x', '3'])
    expect(values(list)).toEqual([[1, 3]])
  })
})
