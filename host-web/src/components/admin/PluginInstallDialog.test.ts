import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages } from '../../i18n/install.ts'
import PluginInstallDialog from './PluginInstallDialog.vue'
import type { AdminPlugin } from './plugin-admin-api.ts'
import { stubFetch } from './test-fetch.ts'

installMessages()
const rating: AdminPlugin = {
  id: 'field-rating',
  state: 'disabled',
  reason: null,
  client: null,
  source: 'installed',
  sha256: 'ab'.repeat(32),
  manifest: { id: 'field-rating', name: 'Rating', version: '1.0.0', kernel: '^1.0.0', category: 'field', description: 'Stars', dependsOn: [], capabilities: ['database', 'hooks'] },
  contributes: { fieldTypes: ['rating'] },
}
const list = {
  'GET /api/plugins': () => ({ status: 200, body: [rating] }),
  'GET /api/field-types': () => ({ status: 200, body: [] }),
  'GET /api/view-types': () => ({ status: 200, body: [] }),
}

let w: VueWrapper | undefined
afterEach(() => {
  w?.unmount()
  vi.unstubAllGlobals()
})
const $ = (sel: string) => document.body.querySelector<HTMLElement>(sel)
const $$ = (sel: string) => [...document.body.querySelectorAll<HTMLElement>(sel)]

async function open(installed: AdminPlugin | null = null) {
  w = mount(PluginInstallDialog, { props: { modelValue: false, installed }, global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
  await w.setProps({ modelValue: true })
  await flushPromises()
  return w
}
async function pick(bytes: number[]) {
  const input = $('[data-test=plugin-upload-input] input[type=file]') as HTMLInputElement
  const file = new File([new Uint8Array(bytes)], 'field-rating-1.0.0.tgz', { type: 'application/gzip' })
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

describe('PluginInstallDialog', () => {
  it('uploads the raw bytes with the expected sha256, shows what was installed, then enables it on request', async () => {
    const calls = stubFetch({
      ...list,
      'POST /api/plugins/install': () => ({ status: 201, body: rating }),
      'POST /api/plugins/field-rating/enable': () => ({ status: 200, body: { ...rating, state: 'enabled' } }),
    })
    const d = await open()
    expect(($('[data-test=plugin-upload-install]') as HTMLButtonElement).disabled).toBe(true)
    await pick([31, 139, 8, 0])
    const sha = $('input[data-test=plugin-upload-sha256]') as HTMLInputElement
    sha.value = `  ${'AB'.repeat(32)} `
    sha.dispatchEvent(new Event('input'))
    await flushPromises()
    $('[data-test=plugin-upload-install]')!.click()
    await flushPromises()

    const install = calls.find((c) => c.path === '/api/plugins/install')!
    expect(install.method).toBe('POST')
    expect(install.contentType).toBe('application/gzip')
    expect(install.query.get('sha256')).toBe('ab'.repeat(32))
    expect([...(install.body as Uint8Array)]).toEqual([31, 139, 8, 0])

    // Capabilities are read before anything is enabled.
    expect($('[data-test=plugin-summary-name]')!.textContent).toBe('Rating')
    expect($('[data-test=plugin-summary-version]')!.textContent).toBe('v1.0.0')
    expect($('[data-test=plugin-summary-contributes]')!.textContent).toContain('rating')
    expect($$('[data-test=plugin-summary] [data-test=plugin-capability]').map((e) => e.textContent.trim())).toEqual(['its own database tables', 'hooks into record changes'])
    expect($('[data-test=plugin-enable-question]')!.textContent).toBe('Enable it now?')
    expect(calls.some((c) => c.path.endsWith('/enable'))).toBe(false)

    $('[data-test=plugin-enable-now]')!.click()
    await flushPromises()
    expect(calls.filter((c) => c.path === '/api/plugins/field-rating/enable')).toHaveLength(1)
    expect(d.emitted('update:modelValue')).toEqual([[false]])
  })

  it("shows the server's refusal in the dialog, with a friendlier title for known codes", async () => {
    stubFetch({
      ...list,
      'POST /api/plugins/install': () => ({
        status: 400,
        body: { error: { code: 'KRN_ERR_PLUGIN_CHECKSUM', message: 'The archive sha256 is 12…, not ab…', path: [], details: {} } },
      }),
    })
    await open()
    await pick([1, 2, 3])
    $('[data-test=plugin-upload-install]')!.click()
    await flushPromises()
    const error = $('[data-test=plugin-install-error]')!
    expect(error.dataset['code']).toBe('KRN_ERR_PLUGIN_CHECKSUM')
    expect(error.textContent).toContain('The file does not match the expected SHA-256')
    expect(error.textContent).toContain('The archive sha256 is 12…, not ab…')
    expect($('[data-test=plugin-summary]')).toBeNull()
  })

  it('refuses a malformed sha256 before sending anything', async () => {
    const calls = stubFetch(list)
    await open()
    await pick([1])
    const sha = $('input[data-test=plugin-upload-sha256]') as HTMLInputElement
    sha.value = 'not-a-digest'
    sha.dispatchEvent(new Event('input'))
    await flushPromises()
    // The form item shows its error after a short debounce.
    await vi.waitFor(() => expect($('.el-form-item__error')?.textContent.trim()).toBe('A SHA-256 is 64 hexadecimal digits.'))
    expect(($('[data-test=plugin-upload-install]') as HTMLButtonElement).disabled).toBe(true)
    expect(calls).toEqual([])
  })

  it('opened with a plugin installed from the catalog, starts at the review', async () => {
    stubFetch(list)
    await open(rating)
    expect($('[data-test=plugin-summary]')!.dataset['pluginId']).toBe('field-rating')
    expect($('[data-test=plugin-upload-input]')).toBeNull()
  })
})
