import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages } from '../../i18n/install.ts'
import PluginCatalog from './PluginCatalog.vue'
import type { Catalog, CatalogEntry } from './plugin-admin-api.ts'
import { stubFetch, type Routes } from './test-fetch.ts'

installMessages()
const version = (v: string, compatible: boolean, kernel = '^1.0.0') => ({ version: v, kernel, compatible, downloadUrl: `${v}.tgz`, sha256: '0'.repeat(64) })
const entry = (e: Partial<CatalogEntry> & Pick<CatalogEntry, 'id' | 'name'>): CatalogEntry => ({
  description: '',
  category: 'field',
  icon: '⭐',
  latest: '1.0.0',
  versions: [version('1.0.0', true)],
  installed: null,
  update: null,
  ...e,
})
const catalog: Catalog = {
  source: '/srv/catalog.json',
  plugins: [
    entry({ id: 'field-rating', name: 'Rating', description: 'Star ratings', latest: '1.1.0', versions: [version('1.0.0', true), version('1.1.0', true)] }),
    entry({ id: 'view-map', name: 'Map', category: 'view', icon: '🗺', latest: '2.0.0', versions: [version('2.0.0', false, '^2.0.0')] }),
    entry({ id: 'field-url', name: 'URL', installed: { version: '1.0.0', state: 'enabled', source: 'builtin' }, latest: '1.2.0', update: '1.2.0' }),
  ],
}
const base: Routes = {
  'GET /api/plugin-catalog': () => ({ status: 200, body: catalog }),
  'GET /api/plugins': () => ({ status: 200, body: [] }),
  'GET /api/field-types': () => ({ status: 200, body: [] }),
  'GET /api/view-types': () => ({ status: 200, body: [] }),
}

let w: VueWrapper | undefined
afterEach(() => {
  w?.unmount()
  vi.unstubAllGlobals()
})
async function mountCatalog() {
  w = mount(PluginCatalog, { global: { plugins: [ElementPlus, i18n] }, attachTo: document.body })
  await flushPromises()
  return w
}
const card = (id: string) => w!.get(`[data-test=catalog-entry][data-plugin-id="${id}"]`)

describe('PluginCatalog', () => {
  it('lists entries with their compatibility, installed state and one action each', async () => {
    stubFetch(base)
    await mountCatalog()
    expect(w!.findAll('[data-test=catalog-entry]').map((e) => e.attributes('data-plugin-id'))).toEqual(['view-map', 'field-rating', 'field-url'])
    expect(card('field-rating').get('[data-test=catalog-install]').text()).toBe('Install 1.1.0')
    expect(card('view-map').get('[data-test=catalog-incompatible]').text()).toBe('Needs kernel ^2.0.0')
    expect(card('view-map').find('[data-test=catalog-install]').exists()).toBe(false)
    expect(card('field-url').get('[data-test=catalog-installed]').text()).toBe('Installed 1.0.0 · Enabled')
    expect(card('field-url').get('[data-test=catalog-update]').text()).toBe('Update to 1.2.0')
    expect(w!.get('[data-test=catalog-source]').text()).toContain('/srv/catalog.json')
  })

  it('searches and filters by category', async () => {
    stubFetch(base)
    await mountCatalog()
    await w!.get('input[data-test=catalog-search]').setValue('star')
    expect(w!.findAll('[data-test=catalog-entry]').map((e) => e.attributes('data-plugin-id'))).toEqual(['field-rating'])
    await w!.get('input[data-test=catalog-search]').setValue('')
    await w!
      .get('[data-test=catalog-category]')
      .findAll('label')
      .find((l) => l.text() === 'Views')!
      .trigger('click')
    await flushPromises()
    expect(w!.findAll('[data-test=catalog-entry]').map((e) => e.attributes('data-plugin-id'))).toEqual(['view-map'])
  })

  it('installs a version from the catalog and hands the installed plugin up for review; updates by id', async () => {
    const installed = { id: 'field-rating', state: 'disabled', manifest: { name: 'Rating', version: '1.1.0' } }
    const calls = stubFetch({
      ...base,
      'POST /api/plugins/install': () => ({ status: 201, body: installed }),
      'POST /api/plugins/field-url/update': () => ({ status: 200, body: { id: 'field-url', manifest: { name: 'URL', version: '1.2.0' } } }),
    })
    await mountCatalog()
    await card('field-rating').get('[data-test=catalog-install]').trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.path === '/api/plugins/install')?.body).toEqual({ catalog: 'field-rating', version: '1.1.0' })
    expect(w!.emitted('installed')).toEqual([[installed]])
    await card('field-url').get('[data-test=catalog-update]').trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.path === '/api/plugins/field-url/update')?.body).toEqual({ catalog: 'field-url', version: '1.2.0' })
    await card('field-url').get('[data-test=catalog-open]').trigger('click')
    expect(w!.emitted('open')).toEqual([['field-url']])
  })

  it('shows a refused install at its entry', async () => {
    stubFetch({
      ...base,
      'POST /api/plugins/install': () => ({ status: 409, body: { error: { code: 'KRN_ERR_PLUGIN_INCOMPATIBLE', message: "needs kernel '^2.0.0', this is 1.0.0" } } }),
    })
    await mountCatalog()
    await card('field-rating').get('[data-test=catalog-install]').trigger('click')
    await flushPromises()
    expect(card('field-rating').get('[data-test=catalog-error]').text()).toContain("needs kernel '^2.0.0', this is 1.0.0")
  })

  it('says why the catalog could not be read', async () => {
    stubFetch({ ...base, 'GET /api/plugin-catalog': () => ({ status: 502, body: { error: { code: 'HST_ERR_CATALOG_UNAVAILABLE', message: 'ENOENT: /srv/catalog.json' } } }) })
    await mountCatalog()
    expect(w!.get('[data-test=catalog-error-state]').text()).toContain('The plugin catalog could not be read: ENOENT: /srv/catalog.json')
  })

  it('says so when the catalog is empty', async () => {
    stubFetch({ ...base, 'GET /api/plugin-catalog': () => ({ status: 200, body: { source: 'x', plugins: [] } }) })
    await mountCatalog()
    expect(w!.get('[data-test=catalog-empty]').text()).toBe('The catalog lists no plugins.')
  })
})
