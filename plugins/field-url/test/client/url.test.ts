import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { urlValueSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const column = { id: 'c1', name: 'Site', type: 'url', config: {}, required: false, order: 0 }

describe('field-url client half', () => {
  it('displays a link that opens in a new tab', () => {
    const a = mount(def.display, { props: { value: 'https://example.com/a', column } }).find('a')
    expect(a.attributes()).toMatchObject({ href: 'https://example.com/a', target: '_blank', rel: 'noopener noreferrer' })
    expect(a.text()).toBe('example.com/a')
  })

  it('never links a value with another protocol', () => {
    expect(
      mount(def.display, { props: { value: 'javascript:alert(1)', column } })
        .find('a')
        .exists(),
    ).toBe(false)
  })

  it('edits a URL, trimmed, empty meaning null', async () => {
    const editor = mount(def.editor!, { props: { modelValue: 'https://old.example', column } })
    await editor.find('input').setValue(' https://docpal.dev ')
    await editor.find('input').setValue('')
    const emitted = editor.emitted('update:modelValue')!.map((e) => e[0])
    expect(emitted).toEqual(['https://docpal.dev', null])
    expect(urlValueSchema().safeParse(emitted[0]).success).toBe(true)
  })
})
