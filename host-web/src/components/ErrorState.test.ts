import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages, setLocale } from '../i18n/install.ts'
import ErrorState from './ErrorState.vue'

installMessages()

describe('ErrorState', () => {
  it('offers to switch to the other company of the reader that holds what the link names', async () => {
    const w = mount(ErrorState, { props: { message: "App 'x' does not exist", status: 404, otherCompany: { id: 'c2', name: 'Acme' } }, global: { plugins: [ElementPlus, i18n] } })
    expect(w.text()).toContain('This is in Acme, another company you belong to.')
    await w.get('[data-test=error-switch-company]').trigger('click')
    expect(w.emitted('switchCompany')).toEqual([['c2']])
    setLocale('zh-CN')
    try {
      await w.vm.$nextTick()
      expect(w.get('[data-test=error-switch-company]').text()).toBe('切换到“Acme”')
    } finally {
      setLocale('en')
    }
    w.unmount()
  })

  it('a plain 404 leads home, with the message', () => {
    const w = mount(ErrorState, { props: { message: "App 'x' does not exist", status: 404 }, global: { plugins: [ElementPlus, i18n] } })
    expect(w.find('[data-test=error-switch-company]').exists()).toBe(false)
    expect(w.text()).toContain("App 'x' does not exist")
    w.unmount()
  })
})
