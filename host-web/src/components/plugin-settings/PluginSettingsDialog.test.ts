import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages } from '../../i18n/install.ts'
import type { AdminPlugin } from '../admin/plugin-admin-api.ts'
import { stubFetch, type Call } from '../admin/test-fetch.ts'
import PluginSettingsDialog from './PluginSettingsDialog.vue'

installMessages()
const plugin: AdminPlugin = {
  id: 'fixture-settings',
  state: 'enabled',
  reason: null,
  client: null,
  source: 'builtin',
  sha256: null,
  manifest: { id: 'fixture-settings', name: 'Fixture with settings', version: '1.0.0', kernel: '^1.0.0', category: 'other', dependsOn: [], capabilities: ['routes'] },
  contributes: { routes: ['GET /greet'] },
}
// As the server sends it for test/fixtures/settings-plugins/fixture-settings.
const schema = {
  type: 'object',
  properties: {
    greeting: { default: 'Hello', type: 'string', minLength: 1, maxLength: 40 },
    times: { default: 1, type: 'integer', minimum: 1, maximum: 5 },
    loud: { type: 'boolean', description: 'Shout it' },
    mode: { type: 'string', enum: ['plain', 'fancy'], default: 'plain' },
    names: { type: 'array', items: { type: 'string' }, default: ['Ada'] },
    extra: { type: 'object', additionalProperties: { type: 'number' } },
    server: { type: 'object', properties: { host: { type: 'string' } } },
  },
}

let w: VueWrapper | undefined
afterEach(() => {
  w?.unmount()
  vi.unstubAllGlobals()
})
const $ = (sel: string) => document.body.querySelector<HTMLElement>(sel)
const field = (key: string) => $(`[data-test=settings-field][data-key="${key}"]`)!
// Element Plus renders a form item's error a moment after it is set.
const errorAt = (key: string) => vi.waitFor(() => field(key).querySelector('.el-form-item__error')!.textContent.trim())

async function open(companyId?: string) {
  w = mount(PluginSettingsDialog, { props: { modelValue: false, plugin, ...(companyId ? { companyId } : {}) }, global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
  await w.setProps({ modelValue: true })
  await flushPromises()
  return w
}
async function type(input: HTMLInputElement | HTMLTextAreaElement, text: string) {
  input.value = text
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

describe('PluginSettingsDialog', () => {
  it('reads the settings on opening and shows a widget per shape, defaults filled, limits stated', async () => {
    stubFetch({ 'GET /api/plugins/fixture-settings/settings': () => ({ status: 200, body: { schema, value: { greeting: 'Hello', times: 1 } } }) })
    await open()
    expect($('.el-dialog__title')!.textContent).toBe('Fixture with settings: settings')
    expect((field('greeting').querySelector('input') as HTMLInputElement).value).toBe('Hello')
    expect(field('greeting').querySelector('[data-test=settings-hint]')!.textContent).toBe('1 to 40 characters')
    expect((field('times').querySelector('.el-input-number input') as HTMLInputElement).value).toBe('1')
    expect(field('times').querySelector('[data-test=settings-hint]')!.textContent).toBe('From 1 to 5')
    expect(field('loud').querySelector('.el-switch')).not.toBeNull()
    expect(field('loud').textContent).toContain('Shout it')
    expect(field('mode').querySelector('.el-select')).not.toBeNull()
    expect(field('names').querySelector('.el-input-tag')!.textContent).toContain('Ada')
    expect(field('extra').querySelector('textarea')).not.toBeNull() // no widget for a map: JSON
    expect($('[data-test=settings-group][data-key=server] legend')!.textContent).toBe('Server')
    expect(field('server.host').querySelector('input')).not.toBeNull()
  })

  it('saves with PUT and shows a refusal at the field the server names', async () => {
    let answer: (c: Call) => { status: number; body: unknown } = () => ({
      status: 400,
      body: { error: { code: 'KRN_ERR_VALIDATION', message: 'settings.times: Too big: expected number to be <=5', path: ['settings', 'times'] } },
    })
    const calls = stubFetch({
      'GET /api/plugins/fixture-settings/settings': () => ({ status: 200, body: { schema, value: { greeting: 'Hello', times: 1 } } }),
      'PUT /api/plugins/fixture-settings/settings': (c) => answer(c),
    })
    const d = await open()
    await type(field('times').querySelector('input') as HTMLInputElement, '9')
    $('[data-test=plugin-settings-save]')!.click()
    await flushPromises()
    const put = calls.find((c) => c.method === 'PUT')!
    expect(put.body).toMatchObject({ greeting: 'Hello', times: 9, loud: false, mode: 'plain', names: ['Ada'] })
    expect(await errorAt('times')).toBe('Too big: expected number to be <=5')
    expect($('[data-test=plugin-settings-error]')).toBeNull()

    // Editing the field clears its error; a good value saves and closes.
    answer = (c) => ({ status: 200, body: { schema, value: c.body } })
    await type(field('times').querySelector('input') as HTMLInputElement, '3')
    await vi.waitFor(() => expect(field('times').querySelector('.el-form-item__error')).toBeNull())
    $('[data-test=plugin-settings-save]')!.click()
    await flushPromises()
    expect(calls.filter((c) => c.method === 'PUT').at(-1)!.body).toMatchObject({ times: 3 })
    expect(d.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it("with a company, reads and saves that company's settings (settingsScope 'company')", async () => {
    const url = '/api/companies/c0ffee00-0000-4000-8000-000000000001/plugins/fixture-settings/settings'
    const calls = stubFetch({
      [`GET ${url}`]: () => ({ status: 200, body: { schema, value: { greeting: 'Hi from A', times: 2 } } }),
      [`PUT ${url}`]: (c) => ({ status: 200, body: { schema, value: c.body } }),
    })
    const d = await open('c0ffee00-0000-4000-8000-000000000001')
    expect((field('greeting').querySelector('input') as HTMLInputElement).value).toBe('Hi from A')
    await type(field('greeting').querySelector('input') as HTMLInputElement, 'Hi again')
    $('[data-test=plugin-settings-save]')!.click()
    await flushPromises()
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${url}`, `PUT ${url}`])
    expect(calls[1]!.body).toMatchObject({ greeting: 'Hi again', times: 2 })
    expect(d.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('does not send JSON that does not parse; says so at its field', async () => {
    const calls = stubFetch({ 'GET /api/plugins/fixture-settings/settings': () => ({ status: 200, body: { schema, value: {} } }) })
    await open()
    await type(field('extra').querySelector('textarea')!, '{ "a": ')
    $('[data-test=plugin-settings-save]')!.click()
    await flushPromises()
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
    expect(await errorAt('extra')).toMatch(/^Not valid JSON: /)
  })

  it('Enter in a text field saves; a refusal naming no field shows above the buttons', async () => {
    const calls = stubFetch({
      'GET /api/plugins/fixture-settings/settings': () => ({ status: 200, body: { schema, value: {} } }),
      'PUT /api/plugins/fixture-settings/settings': () => ({ status: 400, body: { error: { code: 'KRN_ERR_VALIDATION', message: 'Settings are wrong', path: ['settings'] } } }),
    })
    await open()
    const input = field('greeting').querySelector('input')!
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1)
    expect($('[data-test=plugin-settings-error]')!.textContent).toContain('Settings are wrong')
  })

  it('a plugin without settings says so and tells the page', async () => {
    stubFetch({ 'GET /api/plugins/fixture-settings/settings': () => ({ status: 200, body: { schema: null, value: null } }) })
    const d = await open()
    expect($('[data-test=plugin-settings-none]')!.textContent).toContain('This plugin has no settings.')
    expect($('[data-test=plugin-settings-save]')).toBeNull()
    expect(d.emitted('none')).toHaveLength(1)
  })

  it('shows why the settings could not be read', async () => {
    stubFetch({
      'GET /api/plugins/fixture-settings/settings': () => ({
        status: 409,
        body: { error: { code: 'KRN_ERR_PLUGIN_NOT_ENABLED', message: "Plugin 'fixture-settings' is not enabled" } },
      }),
    })
    await open()
    expect($('[data-test=plugin-settings-load-error]')!.textContent).toContain('is not enabled')
  })
})
