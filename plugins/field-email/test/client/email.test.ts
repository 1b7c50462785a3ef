import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { emailValueSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const column = { id: 'c1', name: 'Mail', type: 'email', config: {}, required: false, order: 0 }

describe('field-email client half', () => {
  it('displays a mailto link', () => {
    const a = mount(def.display, { props: { value: 'ann@example.com', column } }).find('a')
    expect(a.attributes('href')).toBe('mailto:ann@example.com')
    expect(a.text()).toBe('ann@example.com')
    expect(
      mount(def.display, { props: { value: null, column } })
        .find('a')
        .exists(),
    ).toBe(false)
  })

  it('edits an address, trimmed, empty meaning null', async () => {
    const editor = mount(def.editor!, { props: { modelValue: 'x@y.z', column } })
    await editor.find('input').setValue('ann@example.com ')
    await editor.find('input').setValue('')
    const emitted = editor.emitted('update:modelValue')!.map((e) => e[0])
    expect(emitted).toEqual(['ann@example.com', null])
    expect(emailValueSchema().safeParse(emitted[0]).success).toBe(true)
  })
})
