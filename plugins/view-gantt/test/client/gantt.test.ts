import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount, type DOMWrapper } from '@vue/test-utils'
import { provideViewContext, registry, type RecordData, type TableMeta, type ViewInfo } from '@docpal/plugin-sdk/client'
import plugin from '../../src/client/index.tsx'
import { shiftValue } from '../../src/client/dates.ts'
import { barLabelsOutside } from '../../src/client/bar-label.ts'

// The real measurement, watched: how often the view reads the bars' widths, and (in a test that
// sets it) an answer happy-dom cannot give without layout.
vi.mock('../../src/client/bar-label.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/client/bar-label.ts')>()
  return { ...real, barLabelsOutside: vi.fn(real.barLabelsOutside) }
})
const measure = vi.mocked(barLabelsOutside)

const table: TableMeta = {
  id: 't1',
  appId: 'a1',
  name: 'Plan',
  columns: [
    { id: 'c1', name: 'Task', type: 'text', config: {}, required: false, order: 0 },
    { id: 'c2', name: 'Start', type: 'date', config: {}, required: false, order: 1 },
    { id: 'c3', name: 'End', type: 'date', config: {}, required: false, order: 2 },
  ],
}
const rec = (id: string, fields: Record<string, unknown>): RecordData => ({ id, createdAt: '', updatedAt: '', createdBy: null, fields })
const view: ViewInfo = { id: 'v1', name: 'Plan', type: 'gantt', dataTableId: 't1', queryConfig: {}, config: { startFieldId: 'c2', endFieldId: 'c3' } }

function mountGantt(records: RecordData[]) {
  const load = vi.fn((_p?: Record<string, string | number>) => Promise.resolve({ records, total: records.length }))
  const update = vi.fn((id: string, fields: Record<string, unknown>) => Promise.resolve(rec(id, fields)))
  const open = vi.fn()
  const Host = defineComponent({
    setup() {
      provideViewContext({ view: ref(view), table: ref(table), load, update, open })
      return () => h(plugin.viewTypes![0]!.renderer, { viewId: 'v1' })
    },
  })
  return { wrapper: mount(Host), load, update, open }
}

async function drag(el: DOMWrapper<Element>, dx: number) {
  el.element.dispatchEvent(new PointerEvent('pointerdown', { clientX: 100, button: 0, bubbles: true }))
  el.element.dispatchEvent(new PointerEvent('pointermove', { clientX: 100 + dx }))
  el.element.dispatchEvent(new PointerEvent('pointerup', { clientX: 100 + dx }))
  await flushPromises()
}

describe('view-gantt client half', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2026, 2, 18, 12))
  })
  afterEach(() => vi.useRealTimers())

  it('defaults to the first two date fields', () => {
    registry.register(plugin)
    expect(registry.viewType('gantt')?.defaultConfig?.(table)).toEqual({ startFieldId: 'c2', endFieldId: 'c3' })
    registry.unregister('view-gantt')
  })

  it('shifts dates by days and keeps date-times at their time of day', () => {
    expect(shiftValue('2026-03-30', 3)).toBe('2026-04-02')
    expect(new Date(shiftValue('2026-03-10T09:30:00.000Z', -2)!).getTime()).toBe(new Date('2026-03-08T09:30:00.000Z').getTime())
    expect(shiftValue(null, 1)).toBeNull()
  })

  it('loads the visible range and draws a bar per record from its start to its end day', async () => {
    const { wrapper, load } = mountGantt([rec('r1', { Task: 'Build', Start: '2026-03-10', End: '2026-03-12' })])
    await flushPromises()
    expect(load).toHaveBeenCalledWith({ from: '2026-03-09', to: '2026-04-12', limit: 1000, count: 'true' })
    const bar = wrapper.find('[data-record="r1"]')
    expect(bar.text()).toContain('Build')
    expect((bar.element as HTMLElement).style.left).toBe('36px')
    expect((bar.element as HTMLElement).style.width).toBe('108px')
  })

  it('moves a dragged bar by whole days and resizes by an edge, writing the dates', async () => {
    const { wrapper, update, open } = mountGantt([rec('r1', { Task: 'Build', Start: '2026-03-10', End: '2026-03-12' })])
    await flushPromises()
    await drag(wrapper.find('[data-record="r1"]'), 72)
    expect(update).toHaveBeenLastCalledWith('r1', { Start: '2026-03-12', End: '2026-03-14' })
    await drag(wrapper.find('[data-test="gantt-bar-end"]'), 40)
    expect(update).toHaveBeenLastCalledWith('r1', { End: '2026-03-15' })
    // The start edge cannot pass the end: the bar keeps one day.
    await drag(wrapper.find('[data-test="gantt-bar-start"]'), 36 * 10)
    expect(update).toHaveBeenLastCalledWith('r1', { Start: '2026-03-15' })
    // A press without movement opens the record.
    await drag(wrapper.find('[data-record="r1"]'), 0)
    expect(open).toHaveBeenCalledWith('r1')
  })

  it('measures the labels when the records or the scale change, not on each step of a drag', async () => {
    const { wrapper } = mountGantt([rec('r1', { Task: 'Build', Start: '2026-03-10', End: '2026-03-12' })])
    await flushPromises()
    const bar = wrapper.find('[data-record="r1"]').element
    expect(measure).toHaveBeenCalled()
    measure.mockClear()
    bar.dispatchEvent(new PointerEvent('pointerdown', { clientX: 100, button: 0, bubbles: true }))
    for (const x of [140, 180, 220]) {
      bar.dispatchEvent(new PointerEvent('pointermove', { clientX: x }))
      await flushPromises()
    }
    // The bar followed the pointer, three renders, and no measurement.
    expect((wrapper.find('[data-record="r1"]').element as HTMLElement).style.left).toBe(`${36 + 3 * 36}px`)
    expect(measure).not.toHaveBeenCalled()
    // The drop writes the new dates into the records: measured once more, and its answer is shown.
    measure.mockReturnValueOnce(new Set(['r1']))
    bar.dispatchEvent(new PointerEvent('pointerup', { clientX: 220 }))
    await flushPromises()
    expect(measure).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-record="r1"]').attributes('data-label-outside')).toBe('true')
    measure.mockClear()
    await wrapper.find('[data-test="gantt-scale-week"] input').setValue(true)
    await flushPromises()
    expect(measure).toHaveBeenCalled()
  })

  it('steps the range and switches to weeks', async () => {
    const { wrapper, load } = mountGantt([])
    await flushPromises()
    await wrapper.find('[data-test="gantt-next"]').trigger('click')
    await flushPromises()
    expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ from: '2026-03-16', to: '2026-04-19' }))
    await wrapper.find('[data-test="gantt-scale-week"] input').setValue(true)
    await flushPromises()
    expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ from: '2026-03-09' }))
  })
})
