import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { ApiError, i18n } from '@docpal/plugin-sdk/client'
import { nextTick } from 'vue'
import { installMessages, setLocale } from '../../i18n/install.ts'
import PluginCard from './PluginCard.vue'
import PluginRefusalDialog from './PluginRefusalDialog.vue'
import type { AdminPlugin } from './plugin-admin-api.ts'
import { canForceDisable, readRefusal } from './refusal.ts'

installMessages()
const plugin = (over: Partial<AdminPlugin> = {}): AdminPlugin => ({
  id: 'field-rating',
  state: 'enabled',
  reason: null,
  client: null,
  source: 'installed',
  sha256: null,
  manifest: { id: 'field-rating', name: 'Rating', version: '1.2.0', kernel: '^1.0.0', category: 'field', dependsOn: [], capabilities: ['routes', 'network'] },
  contributes: { fieldTypes: ['rating'] },
  ...over,
})
let w: VueWrapper | undefined
afterEach(() => {
  w?.unmount()
  setLocale('en')
})

describe('PluginCard', () => {
  it('shows source, version, contributions and capabilities in words; an installed plugin can be uninstalled', async () => {
    w = mount(PluginCard, { props: { plugin: plugin(), busy: false }, global: { plugins: [ElementPlus, i18n] } })
    expect(w.get('[data-test=plugin-source]').text()).toBe('Installed')
    expect(w.get('.version').text()).toBe('v1.2.0')
    expect(w.get('[data-test=plugin-contributes]').text()).toContain('rating')
    expect(w.findAll('[data-test=plugin-capability]').map((c) => c.text())).toEqual(['HTTP routes', 'outbound network'])
    await w.get('[data-test=plugin-uninstall]').trigger('click')
    expect(w.emitted('uninstall')).toHaveLength(1)
  })

  it('offers no uninstall for a built-in plugin, and says when it asks for nothing special', () => {
    w = mount(PluginCard, {
      props: { plugin: plugin({ source: 'builtin', manifest: { ...plugin().manifest!, capabilities: [] } }), busy: false },
      global: { plugins: [ElementPlus, i18n] },
    })
    expect(w.get('[data-test=plugin-source]').text()).toBe('Built-in')
    expect(w.find('[data-test=plugin-uninstall]').exists()).toBe(false)
    expect(w.get('[data-test=plugin-capabilities]').text()).toBe('No special access')
  })

  it("shows the manifest's name and description in the reader's language, following a change of it", async () => {
    const manifest = { ...plugin().manifest!, description: 'Stars.', translations: { 'zh-CN': { name: '评分', description: '星级评分。' } } }
    w = mount(PluginCard, { props: { plugin: plugin({ manifest }), busy: false }, global: { plugins: [ElementPlus, i18n] } })
    expect([w.get('[data-test=plugin-name]').text(), w.get('[data-test=plugin-description]').text()]).toEqual(['Rating', 'Stars.'])
    setLocale('zh-CN')
    await nextTick()
    expect([w.get('[data-test=plugin-name]').text(), w.get('[data-test=plugin-description]').text()]).toEqual(['评分', '星级评分。'])
  })
})

describe('PluginCard settings', () => {
  it('offers settings on an enabled plugin unless the page knows it has none', async () => {
    w = mount(PluginCard, { props: { plugin: plugin(), busy: false, settings: true }, global: { plugins: [ElementPlus, i18n] } })
    await w.get('[data-test=plugin-settings]').trigger('click')
    expect(w.emitted('settings')).toHaveLength(1)
    await w.setProps({ settings: false })
    expect(w.find('[data-test=plugin-settings]').exists()).toBe(false)
  })

  it('offers no settings on a disabled plugin: the server reads them only while enabled', () => {
    w = mount(PluginCard, { props: { plugin: plugin({ state: 'disabled' }), busy: false, settings: true }, global: { plugins: [ElementPlus, i18n] } })
    expect(w.find('[data-test=plugin-settings]').exists()).toBe(false)
  })
})

describe('PluginRefusalDialog', () => {
  const inUse = readRefusal(
    new ApiError(409, 'KRN_ERR_PLUGIN_IN_USE', "Plugin 'field-rating' is in use", [], {
      usage: [{ kind: 'column', table: 'Films', name: 'Stars', text: "column 'Stars' of table 'Films'" }],
      dependents: [],
    }),
  )

  it('lists the usage of a refused disable and offers to disable anyway, explaining what happens', async () => {
    w = mount(PluginRefusalDialog, {
      props: { shown: { id: 'field-rating', name: 'Rating', action: 'disable', refusal: inUse, forceable: canForceDisable(inUse) } },
      global: { plugins: [ElementPlus, i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    const $ = (sel: string) => document.body.querySelector<HTMLElement>(sel)
    expect($('[data-test=plugin-refusal-item]')!.textContent).toBe('Column “Stars” in table “Films”')
    expect($('[data-test=plugin-refusal-force-explain]')!.textContent).toContain('become unavailable')
    $('[data-test=plugin-refusal-force]')!.click()
    expect(w.emitted('force')).toHaveLength(1)
  })

  it('shows a refused uninstall without a force button', async () => {
    w = mount(PluginRefusalDialog, {
      props: { shown: { id: 'field-rating', name: 'Rating', action: 'uninstall', refusal: inUse, forceable: false } },
      global: { plugins: [ElementPlus, i18n] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(document.body.querySelector('.el-dialog__title')!.textContent).toBe('“Rating” could not be uninstalled')
    expect(document.body.querySelector('[data-test=plugin-refusal-message]')!.textContent).toContain("Plugin 'field-rating' is in use")
    expect(document.body.querySelector('[data-test=plugin-refusal-force]')).toBeNull()
  })
})
