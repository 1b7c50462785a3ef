import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { provideViewContext, registry, type RecordData, type TableMeta, type ViewInfo } from '@docpal/plugin-sdk/client'
import plugin from '../../src/client/index.tsx'

const options = [
  { id: 'todo', label: 'To do', color: '#999' },
  { id: 'done', label: 'Done', color: '#0a0' },
]
const table: TableMeta = {
  id: 't1',
  appId: 'a1',
  name: 'Tasks',
  columns: [
    { id: 'c1', name: 'Title', type: 'text', config: {}, required: false, order: 0 },
    { id: 'c2', name: 'Stage', type: 'single_select', config: { options }, required: false, order: 1 },
    { id: 'c3', name: 'Owner', type: 'text', config: {}, required: false, order: 2 },
  ],
}
const rec = (id: string, fields: Record<string, unknown>): RecordData => ({ id, createdAt: '', updatedAt: '', createdBy: null, fields })
const view = (config: Record<string, unknown>): ViewInfo => ({ id: 'v1', name: 'Board', type: 'kanban', dataTableId: 't1', queryConfig: {}, config })

function mountBoard(v: ViewInfo, records: RecordData[], update = vi.fn((id: string, fields: Record<string, unknown>) => Promise.resolve(rec(id, fields)))) {
  const open = vi.fn()
  const Host = defineComponent({
    setup() {
      provideViewContext({ view: ref(v), table: ref(table), load: () => Promise.resolve({ records, total: records.length }), update, open })
      return () => h(plugin.viewTypes![0]!.renderer, { viewId: v.id })
    },
  })
  return { wrapper: mount(Host), update, open }
}
const laneTexts = (w: ReturnType<typeof mount>) =>
  w.findAll('[data-test="kanban-column"]').map((l) => [l.attributes('data-option'), l.findAll('[data-test="kanban-card"]').map((c) => c.find('div > span').text())])

describe('view-kanban client half', () => {
  it('defaults to the first single-select field', () => {
    registry.register(plugin)
    expect(registry.viewType('kanban')?.defaultConfig?.(table)).toEqual({ groupByFieldId: 'c2' })
    registry.unregister('view-kanban')
  })

  it('puts cards in a column per option plus "No value", titled by the first other field', async () => {
    const { wrapper } = mountBoard(view({ groupByFieldId: 'c2' }), [
      rec('r1', { Title: 'A', Stage: 'todo', Owner: 'Ann' }),
      rec('r2', { Title: 'B', Stage: null }),
      rec('r3', { Title: 'C', Stage: 'done' }),
    ])
    await flushPromises()
    expect(laneTexts(wrapper)).toEqual([
      ['', ['B']],
      ['todo', ['A']],
      ['done', ['C']],
    ])
    expect(wrapper.find('[data-record="r1"]').text()).toContain('Owner')
  })

  it('hides an empty "No value" column when configured', async () => {
    const { wrapper } = mountBoard(view({ groupByFieldId: 'c2', hideEmptyColumn: true }), [rec('r1', { Title: 'A', Stage: 'todo' })])
    await flushPromises()
    expect(laneTexts(wrapper).map(([id]) => id)).toEqual(['todo', 'done'])
  })

  it('moves a dropped card to the column and writes the option; a refused write puts it back', async () => {
    const { wrapper, update } = mountBoard(view({ groupByFieldId: 'c2' }), [rec('r1', { Title: 'A', Stage: 'todo' })])
    await flushPromises()
    await wrapper.find('[data-record="r1"]').trigger('dragstart')
    await wrapper.find('[data-option="done"]').trigger('drop')
    await flushPromises()
    expect(update).toHaveBeenCalledWith('r1', { Stage: 'done' })
    expect(laneTexts(wrapper)).toEqual([
      ['', []],
      ['todo', []],
      ['done', ['A']],
    ])

    update.mockRejectedValueOnce(new Error('no'))
    await wrapper.find('[data-record="r1"]').trigger('dragstart')
    await wrapper.find('[data-option=""]').trigger('drop')
    await flushPromises()
    expect(update).toHaveBeenLastCalledWith('r1', { Stage: null })
    expect(laneTexts(wrapper)).toEqual([
      ['', []],
      ['todo', []],
      ['done', ['A']],
    ])
  })

  it('moves a card with its Move to menu (touch screens, keyboards), without opening it', async () => {
    const { wrapper, update, open } = mountBoard(view({ groupByFieldId: 'c2' }), [rec('r1', { Title: 'A', Stage: 'todo' })])
    await flushPromises()
    await wrapper.find('[data-record="r1"] [data-test="kanban-move"]').trigger('click')
    expect(open).not.toHaveBeenCalled()
    await flushPromises()
    // Menus are teleported to the body; this card's is the last one rendered.
    const items = [...document.querySelectorAll<HTMLElement>('[data-test="kanban-move-to"]')].slice(-3)
    expect(items.map((i) => i.getAttribute('data-option'))).toEqual(['', 'todo', 'done'])
    items[2]!.click()
    await flushPromises()
    expect(update).toHaveBeenCalledWith('r1', { Stage: 'done' })
    expect(laneTexts(wrapper)).toEqual([
      ['', []],
      ['todo', []],
      ['done', ['A']],
    ])
  })

  it('opens a clicked card', async () => {
    const { wrapper, open } = mountBoard(view({ groupByFieldId: 'c2' }), [rec('r1', { Title: 'A', Stage: 'todo' })])
    await flushPromises()
    await wrapper.find('[data-record="r1"]').trigger('click')
    expect(open).toHaveBeenCalledWith('r1')
  })
})
