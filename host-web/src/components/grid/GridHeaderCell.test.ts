import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, type ColumnInfo } from '@docpal/plugin-sdk/client'
import { installMessages } from '../../i18n/install.ts'
import GridHeaderCell from './GridHeaderCell.vue'

installMessages()
const col = (required: boolean) => ({ id: 'c1', name: 'Title', type: 'text', config: {}, required, order: 0 }) as ColumnInfo
const global = { plugins: [ElementPlus, i18n] }
let w: VueWrapper | undefined
afterEach(() => {
  w?.unmount()
  i18n.global.locale.value = 'en'
})

describe('grid column header', () => {
  it('marks a required field with an asterisk after its name, labelled Required', () => {
    w = mount(GridHeaderCell, { props: { column: col(true), width: 160 }, global })
    const mark = w.get('[data-test=grid-required-Title]')
    expect(mark.text()).toBe('*')
    expect(mark.attributes('aria-label')).toBe('Required')
    expect(mark.attributes('title')).toBe('Required')
    expect(mark.element.previousElementSibling?.textContent).toBe('Title')
  })

  it('says it in Chinese too', () => {
    i18n.global.locale.value = 'zh-CN'
    w = mount(GridHeaderCell, { props: { column: col(true), width: 160 }, global })
    expect(w.get('[data-test=grid-required-Title]').attributes('aria-label')).toBe('必填')
  })

  it('marks nothing on an optional field', () => {
    w = mount(GridHeaderCell, { props: { column: col(false), width: 160 }, global })
    expect(w.find('[data-test=grid-required-Title]').exists()).toBe(false)
  })
})
