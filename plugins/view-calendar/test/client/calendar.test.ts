import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { provideViewContext, registry, type RecordData, type TableMeta, type ViewInfo } from '@docpal/plugin-sdk/client'
import plugin from '../../src/client/index.tsx'
import { addMonths, dayOf, monthGrid, weekOf } from '../../src/client/dates.ts'

const table: TableMeta = {
  id: 't1',
  appId: 'a1',
  name: 'Events',
  columns: [
    { id: 'c1', name: 'Title', type: 'text', config: {}, required: false, order: 0 },
    { id: 'c2', name: 'Start', type: 'date', config: {}, required: false, order: 1 },
    { id: 'c3', name: 'End', type: 'date', config: {}, required: false, order: 2 },
  ],
}
const rec = (id: string, fields: Record<string, unknown>): RecordData => ({ id, createdAt: '', updatedAt: '', createdBy: null, fields })
const view: ViewInfo = { id: 'v1', name: 'Cal', type: 'calendar', dataTableId: 't1', queryConfig: {}, config: { dateFieldId: 'c2', endDateFieldId: 'c3', mode: 'month' } }

function mountCalendar(records: RecordData[]) {
  const load = vi.fn((_p?: Record<string, string | number>) => Promise.resolve({ records, total: records.length }))
  const open = vi.fn()
  const Host = defineComponent({
    setup() {
      provideViewContext({ view: ref(view), table: ref(table), load, update: vi.fn(), open })
      return () => h(plugin.viewTypes![0]!.renderer, { viewId: 'v1' })
    },
  })
  return { wrapper: mount(Host), load, open }
}
const titlesOn = (w: ReturnType<typeof mount>, day: string) =>
  w
    .find(`[data-date="${day}"]`)
    .findAll('[data-test="calendar-event"]')
    .map((e) => e.text())

describe('calendar dates', () => {
  it('builds six-week month grids and weeks from the locale week start, and reads date-times on their local day', () => {
    expect(monthGrid('2026-03-18', 0).slice(0, 2)).toEqual(['2026-03-01', '2026-03-02'])
    expect(monthGrid('2026-03-18', 1)[0]).toBe('2026-02-23')
    expect(monthGrid('2026-03-18', 0)).toHaveLength(42)
    expect(weekOf('2026-03-18', 1)).toEqual(['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22'])
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-01')
    expect(dayOf('2026-03-05')).toBe('2026-03-05')
    expect(dayOf(new Date(2026, 2, 5, 23, 30).toISOString())).toBe('2026-03-05')
    expect(dayOf(null)).toBeUndefined()
  })
})

describe('view-calendar client half', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(2026, 2, 18, 12))
  })
  afterEach(() => vi.useRealTimers())

  it('defaults to the first date field in month mode', () => {
    registry.register(plugin)
    expect(registry.viewType('calendar')?.defaultConfig?.(table)).toEqual({ dateFieldId: 'c2', mode: 'month' })
    registry.unregister('view-calendar')
  })

  it('loads the visible month and places records on their days, spans on every day', async () => {
    const { wrapper, load, open } = mountCalendar([rec('r1', { Title: 'Kickoff', Start: '2026-03-05' }), rec('r2', { Title: 'Trip', Start: '2026-03-09', End: '2026-03-11' })])
    await flushPromises()
    expect(load).toHaveBeenCalledWith({ from: '2026-03-01', to: '2026-04-11', limit: 1000, count: 'true' })
    expect(wrapper.find('[data-test="calendar-title"]').text()).toBe('March 2026')
    expect(titlesOn(wrapper, '2026-03-05')).toEqual(['Kickoff'])
    expect(['2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12'].map((d) => titlesOn(wrapper, d).length)).toEqual([0, 1, 1, 1, 0])
    await wrapper.find('[data-record="r1"]').trigger('click')
    expect(open).toHaveBeenCalledWith('r1')
  })

  it('switches to the week and steps by weeks, loading each range', async () => {
    const { wrapper, load } = mountCalendar([])
    await flushPromises()
    await wrapper.find('[data-test="calendar-mode-week"] input').setValue(true)
    await flushPromises()
    expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ from: '2026-03-15', to: '2026-03-21' }))
    expect(wrapper.findAll('[data-test="calendar-day"]')).toHaveLength(7)
    await wrapper.find('[data-test="calendar-next"]').trigger('click')
    await flushPromises()
    expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ from: '2026-03-22', to: '2026-03-28' }))
    await wrapper.find('[data-test="calendar-today"]').trigger('click')
    await flushPromises()
    expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ from: '2026-03-15' }))
  })

  it('opens again on the month it showed last in this tab (back from a record or a form)', async () => {
    sessionStorage.clear()
    const first = mountCalendar([])
    await flushPromises()
    await first.wrapper.find('[data-test="calendar-next"]').trigger('click')
    await flushPromises()
    first.wrapper.unmount()
    const again = mountCalendar([])
    await flushPromises()
    expect(again.wrapper.find('[data-test="calendar-title"]').text()).toBe('April 2026')
    expect(again.load).toHaveBeenCalledWith(expect.objectContaining({ from: '2026-03-29', to: '2026-05-09' }))
    sessionStorage.clear()
  })
})
