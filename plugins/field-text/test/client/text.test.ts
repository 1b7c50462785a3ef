import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { registry } from '@docpal/plugin-sdk/client'
import { textConfigSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const column = { id: 'c1', name: 'Title', type: 'text', config: { maxLength: 5 }, required: false, order: 0 }
const def = plugin.fieldTypes![0]!

describe('field-text client half', () => {
  it('registers its field type and unregisters it again', () => {
    registry.register(plugin)
    expect(registry.fieldType('text')?.pluginId).toBe('field-text')
    registry.unregister('field-text')
    expect(registry.fieldType('text')).toBeUndefined()
  })

  it('displays a value and edits it within the maximum length, empty meaning null', async () => {
    expect(mount(def.display, { props: { value: 'Hello', column } }).text()).toBe('Hello')
    const editor = mount(def.editor!, { props: { modelValue: 'ab', column } })
    const input = editor.find('input')
    expect(input.attributes('maxlength')).toBe('5')
    await input.setValue('abc')
    await input.setValue('')
    expect(editor.emitted('update:modelValue')).toEqual([['abc'], [null]])
  })

  it('config editor emits a maximum length the server schema accepts', async () => {
    expect(textConfigSchema.safeParse(def.defaultConfig!()).success).toBe(true)
    const cfg = mount(def.configEditor!, { props: { modelValue: {} } })
    expect(cfg.find('[data-test="config-maxLength"] input').element).toHaveProperty('value', '10000')
    await cfg.find('[data-test="config-maxLength"] input').setValue('80')
    const last = cfg.emitted('update:modelValue')!.at(-1)![0]
    expect(last).toEqual({ maxLength: 80 })
    expect(textConfigSchema.safeParse(last).success).toBe(true)
  })

  it('filters by one text, or a list of values for in', async () => {
    const one = mount(def.filterInput!, { props: { modelValue: '', column, op: 'contains' } })
    await one.find('input').setValue('ab')
    expect(one.emitted('update:modelValue')).toEqual([['ab']])
    const list = mount(def.filterInput!, { props: { modelValue: ['a'], column, op: 'in' } })
    expect(list.find('[data-test="filter-values"]').exists()).toBe(true)
  })
})
