import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { defineClientPlugin, i18n, registry, useViewContext, type ViewInfo } from '@docpal/plugin-sdk/client'
import ViewPage from '../../pages/ViewPage.vue'
import { forgetTableAccess } from '../../composables/useTableAccess.ts'
import messages from '../../i18n/messages/views.ts'
import permissionMessages from '../../i18n/messages/permissions.ts'

const push = vi.fn()
vi.mock('vue-router', () => ({ useRouter: () => ({ push }) }))
vi.mock('../../composables/useAppState.ts', () => ({ useAppState: () => ({ appId: ref('a1') }) }))
const view: ViewInfo = { id: 'v1', name: 'Board', type: 'probe', dataTableId: 't1', queryConfig: {}, config: {} }
const table = { id: 't1', appId: 'a1', name: 'Tasks', columns: [] }
const api = { data: vi.fn(() => Promise.resolve({ records: [], limit: 50, offset: 0 })), patch: vi.fn(() => Promise.resolve({})) }
vi.mock('../../services/endpoints.ts', () => ({
  endpoints: {
    views: { get: () => Promise.resolve(view), data: (...a: unknown[]) => api.data(...(a as [])) },
    tables: { get: () => Promise.resolve(table) },
    records: { patch: (...a: unknown[]) => api.patch(...(a as [])) },
  },
}))

// What the caller may do (GET .../access); a test narrows it.
const ALL = ['view', 'create', 'edit', 'delete', 'manage']
const access = { table: ALL, view: ['view', 'manage'] }
vi.mock('../../services/permissions-api.ts', () => ({
  permissionsApi: {
    tableAccess: () => Promise.resolve({ actions: access.table, hiddenFields: [], readOnlyFields: [], rowRules: { read: false, edit: false, delete: false }, createViews: true }),
    viewAccess: () => Promise.resolve({ actions: access.view }),
  },
}))

i18n.global.mergeLocaleMessage('en', messages.en)
i18n.global.mergeLocaleMessage('en', permissionMessages.en)
const global = { plugins: [ElementPlus, i18n], stubs: { RouterLink: RouterLinkStub } }

// What the last refused update threw.
let refused: unknown
// A view type that drives the whole context, as a plugin's renderer would.
const Probe = defineComponent({
  props: { viewId: { type: String, required: true } },
  setup(p) {
    const ctx = useViewContext()
    return () =>
      h('div', { 'data-test': 'probe' }, [
        `${p.viewId}:${ctx.view.value?.name}:${ctx.table.value?.name}`,
        h('button', { 'data-test': 'probe-load', onClick: () => ctx.load({ from: '2026-01-01' }) }),
        h('button', { 'data-test': 'probe-update', onClick: () => ctx.update('r1', { Stage: 'done' }).catch((err: unknown) => (refused = err)) }),
        h('button', { 'data-test': 'probe-open', onClick: () => ctx.open('r1') }),
        h('button', { 'data-test': 'probe-create', onClick: () => ctx.create?.({ Start: '2026-01-02' }) }),
      ])
  },
})

describe('ViewPage', () => {
  beforeEach(() => {
    registry.unregister('probe-plugin')
    // The page takes an access answer of a moment ago (useTableAccess): each test asks afresh.
    forgetTableAccess()
    access.table = ALL
    access.view = ['view', 'manage']
  })

  it('renders the view type renderer with a context that loads, updates, opens and creates through the host', async () => {
    registry.register(defineClientPlugin({ id: 'probe-plugin', viewTypes: [{ type: 'probe', renderer: Probe }] }))
    const w = mount(ViewPage, { props: { viewId: 'v1' }, global })
    await flushPromises()
    expect(w.get('[data-test=view-name]').text()).toBe('Board')
    expect(w.get('[data-test=probe]').text()).toBe('v1:Board:Tasks')
    await w.get('[data-test=probe-load]').trigger('click')
    expect(api.data).toHaveBeenCalledWith('v1', { from: '2026-01-01' })
    await w.get('[data-test=probe-update]').trigger('click')
    expect(api.patch).toHaveBeenCalledWith('t1', 'r1', { Stage: 'done' })
    await w.get('[data-test=probe-open]').trigger('click')
    // The record pages return to the view they were opened from.
    expect(push).toHaveBeenCalledWith({ path: '/apps/a1/tables/t1/records/r1', query: { view: 'v1' } })
    await w.get('[data-test=probe-create]').trigger('click')
    expect(push).toHaveBeenCalledWith({ path: '/apps/a1/tables/t1/records/new', query: { view: 'v1', prefill: '{"Start":"2026-01-02"}' } })
    expect(w.getComponent(RouterLinkStub).props('to')).toBe('/apps/a1/views/v1/settings')
  })

  it('its search box adds search= to every load and remounts the renderer, so any view type reloads', async () => {
    registry.register(defineClientPlugin({ id: 'probe-plugin', viewTypes: [{ type: 'probe', renderer: Probe }] }))
    const w = mount(ViewPage, { props: { viewId: 'v1' }, global })
    await flushPromises()
    const first = w.get('[data-test=probe]').element
    const box = w.get('input[data-test=search-box]')
    await box.setValue('  acme ')
    await box.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    // A new renderer instance: it loads again, and its loads carry the search.
    expect(w.get('[data-test=probe]').element).not.toBe(first)
    await w.get('[data-test=probe-load]').trigger('click')
    expect(api.data).toHaveBeenLastCalledWith('v1', { from: '2026-01-01', search: 'acme' })
    await box.setValue('')
    await box.trigger('keydown', { key: 'Enter' })
    await w.get('[data-test=probe-load]').trigger('click')
    expect(api.data).toHaveBeenLastCalledWith('v1', { from: '2026-01-01' })
  })

  it('offers a view type no create and refuses its writes without the actions, and no settings without manage', async () => {
    access.table = ['view']
    access.view = ['view']
    registry.register(defineClientPlugin({ id: 'probe-plugin', viewTypes: [{ type: 'probe', renderer: Probe }] }))
    api.patch.mockClear()
    push.mockClear()
    const w = mount(ViewPage, { props: { viewId: 'v1' }, global })
    await flushPromises()
    await w.get('[data-test=probe-update]').trigger('click')
    await w.get('[data-test=probe-create]').trigger('click')
    await flushPromises()
    expect(refused).toMatchObject({ status: 403, message: 'You may not edit this record.' })
    expect(api.patch).not.toHaveBeenCalled()
    expect(push).not.toHaveBeenCalled()
    expect(w.findAllComponents(RouterLinkStub)).toHaveLength(0)
  })

  it('says so when the plugin that draws the view type is not enabled', async () => {
    const w = mount(ViewPage, { props: { viewId: 'v1' }, global })
    await flushPromises()
    expect(w.get('[data-test=view-type-missing]').text()).toContain('the plugin that draws probe views is disabled or missing')
  })
})
