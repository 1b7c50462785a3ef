import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { provideViewContext, registry, type RecordData, type TableMeta, type ViewContext, type ViewInfo } from '@docpal/plugin-sdk/client'
import plugin from '../../src/client/index.tsx'

const table: TableMeta = {
  id: 't1',
  appId: 'a1',
  name: 'Tasks',
  columns: [
    { id: 'c1', name: 'Title', type: 'text', config: {}, required: false, order: 0 },
    { id: 'c2', name: 'Points', type: 'number', config: {}, required: false, order: 1 },
    { id: 'c3', name: 'Notes', type: 'text', config: {}, required: false, order: 2 },
  ],
}
const rec = (id: string, fields: Record<string, unknown>): RecordData => ({ id, createdAt: '', updatedAt: '', createdBy: null, fields })

function mountView(view: ViewInfo, records: RecordData[], extra: Partial<ViewContext> = {}) {
  const load = vi.fn(() => Promise.resolve({ records, total: records.length }))
  const open = vi.fn()
  const def = plugin.viewTypes![0]!
  const Host = defineComponent({
    setup() {
      provideViewContext({ view: ref(view), table: ref(table), load, update: vi.fn(), open, ...extra })
      return () => h(def.renderer, { viewId: view.id })
    },
  })
  return { wrapper: mount(Host, { attachTo: document.body }), load, open }
}

describe('view-table client half', () => {
  it('registers the table view type with a config editor and defaults', () => {
    registry.register(plugin)
    const vt = registry.viewType('table')
    expect(vt?.pluginId).toBe('view-table')
    expect(vt?.defaultConfig?.(table)).toEqual({ rowHeight: 'short' })
    registry.unregister('view-table')
  })

  it('shows the visible fields in the view order, asks for a counted page and opens a clicked row', async () => {
    const view: ViewInfo = { id: 'v1', name: 'V', type: 'table', dataTableId: 't1', queryConfig: { fields: ['c2', 'c1'] }, config: {} }
    const { wrapper, load, open } = mountView(view, [rec('r1', { Title: 'Write docs', Points: 3 })])
    await flushPromises()
    expect(load).toHaveBeenCalledWith({ limit: 50, offset: 0, count: 'true' })
    const headers = wrapper.findAll('th').map((th) => th.text())
    expect(headers).toEqual(['Points', 'Title'])
    expect(wrapper.text()).toContain('Write docs')
    expect(wrapper.text()).not.toContain('Notes')
    await wrapper.find('tbody tr').trigger('click')
    expect(open).toHaveBeenCalledWith('r1')
    wrapper.unmount()
  })

  it('splits a grouped view into sections with the group counts and always loads the group field', async () => {
    const view: ViewInfo = { id: 'v1', name: 'V', type: 'table', dataTableId: 't1', queryConfig: { groupBy: 'c3', fields: ['c1'] }, config: {} }
    const records = [rec('r1', { Title: 'A', Notes: null }), rec('r2', { Title: 'B', Notes: 'x' }), rec('r3', { Title: 'C', Notes: 'x' })]
    const { wrapper, load } = mountView(view, records, {
      load: vi.fn(() =>
        Promise.resolve({
          records,
          total: 3,
          groups: [
            { value: null, count: 1 },
            { value: 'x', count: 2 },
          ],
        }),
      ),
    })
    await flushPromises()
    expect(load).not.toHaveBeenCalled()
    const groups = wrapper.findAll('[data-test="view-group"]')
    expect(groups).toHaveLength(2)
    expect(groups[0]!.text()).toContain('(1)')
    expect(groups[1]!.text()).toContain('(2)')
    expect(groups[1]!.text()).toContain('B')
    wrapper.unmount()
  })
})
