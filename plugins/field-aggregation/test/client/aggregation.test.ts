import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import type { TableMeta } from '@docpal/plugin-sdk/client'
import { aggregationConfigSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const REL = '33333333-3333-4333-8333-333333333333'
const TOTAL = '44444444-4444-4444-8444-444444444444'
const column = { id: 'c9', name: 'Spent', type: 'aggregation', config: { relationFieldId: REL, aggregation: 'avg' }, required: false, order: 1 }
const table: TableMeta = {
  id: 't',
  appId: 'a',
  name: 'Customers',
  columns: [{ id: REL, name: 'Orders', type: 'relation', config: { targetTableId: '22222222-2222-4222-8222-222222222222' }, required: false, order: 0 }, column],
}
const emitted = (w: VueWrapper) => (w.emitted('update:modelValue') ?? []).map((e) => e[0])

afterEach(() => vi.unstubAllGlobals())

describe('field-aggregation client half', () => {
  it('displays counts whole and other results with at most two decimals', () => {
    expect(mount(def.display, { props: { value: 3, column } }).text()).toBe('3')
    expect(mount(def.display, { props: { value: 42.5, column } }).text()).toBe('42.50')
    expect(mount(def.display, { props: { value: 1 / 3, column } }).text()).toBe('0.33')
    expect(mount(def.display, { props: { value: null, column } }).text()).toBe('')
  })

  it('config editor: a function, the relation and, except for count, the aggregated field', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify({ id: 'o', appId: 'a', name: 'Orders', columns: [{ id: TOTAL, name: 'Total', type: 'number', config: {}, required: false, order: 0 }] })),
        ),
      ),
    )
    const cfg = mount(def.configEditor!, { props: { modelValue: def.defaultConfig!(), table } })
    expect(cfg.findAllComponents({ name: 'DpColumnSelect' })).toHaveLength(1)
    cfg.findComponent({ name: 'DpColumnSelect' }).vm.$emit('update:modelValue', REL)
    const counted = emitted(cfg).at(-1)
    expect(counted).toEqual({ aggregation: 'count', relationFieldId: REL })
    expect(aggregationConfigSchema.safeParse(counted).success).toBe(true)
    await cfg.setProps({ modelValue: { aggregation: 'sum', relationFieldId: REL, targetFieldId: TOTAL } })
    expect(cfg.findAllComponents({ name: 'DpColumnSelect' })).toHaveLength(2)
    cfg.findComponent(ElSelect).vm.$emit('update:modelValue', 'count')
    expect(emitted(cfg).at(-1)).toEqual({ aggregation: 'count', relationFieldId: REL })
  })

  it('filters like a number and has no editor', async () => {
    const f = mount(def.filterInput!, { props: { modelValue: null, column, op: 'gte' } })
    await f.find('input').setValue('2')
    expect(emitted(f).at(-1)).toBe(2)
    expect(def.editor).toBeUndefined()
  })
})
