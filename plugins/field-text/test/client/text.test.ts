import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { registry } from '@docpal/plugin-sdk/client'
import plugin from '../../src/client/index.tsx'

const column = { id: 'c1', name: 'Title', type: 'text', config: { maxLength: 5 }, required: false, order: 0 }

describe('field-text client half', () => {
  it('registers its field type and unregisters it again', () => {
    registry.register(plugin)
    expect(registry.fieldType('text')?.pluginId).toBe('field-text')
    registry.unregister('field-text')
    expect(registry.fieldType('text')).toBeUndefined()
  })

  it('displays a value and edits it within the maximum length, empty meaning null', async () => {
    const def = plugin.fieldTypes![0]!
    expect(mount(def.display, { props: { value: 'Hello', column } }).text()).toBe('Hello')
    const editor = mount(def.editor!, { props: { modelValue: 'ab', column } })
    const input = editor.find('input')
    expect(input.attributes('maxlength')).toBe('5')
    await input.setValue('abc')
    await input.setValue('')
    expect(editor.emitted('update:modelValue')).toEqual([['abc'], [null]])
  })
})
