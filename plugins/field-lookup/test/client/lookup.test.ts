import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import { provideTableContext, registry, type TableMeta } from '@docpal/plugin-sdk/client'
import selectPlugin from '../../../field-single-select/src/client/index.tsx'
import { lookupConfigSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const ORDERS = '22222222-2222-4222-8222-222222222222'
const REL = '33333333-3333-4333-8333-333333333333'
const STATUS = '44444444-4444-4444-8444-444444444444'
const lookup = { id: 'c9', name: 'Statuses', type: 'lookup', config: { relationFieldId: REL, targetFieldId: STATUS }, required: false, order: 2 }
const customers: TableMeta = {
  id: 'cust',
  appId: 'app',
  name: 'Customers',
  columns: [
    { id: 'c0', name: 'Name', type: 'text', config: {}, required: false, order: 0 },
    { id: REL, name: 'Orders', type: 'relation', config: { targetTableId: ORDERS }, required: false, order: 1 },
    lookup,
  ],
}
const orders: TableMeta = {
  id: ORDERS,
  appId: 'app',
  name: 'Orders',
  columns: [{ id: STATUS, name: 'Status', type: 'single_select', config: { options: [{ id: 'paid', label: 'Paid', color: 'green' }] }, required: false, order: 0 }],
}
const emitted = (w: VueWrapper) => (w.emitted('update:modelValue') ?? []).map((e) => e[0])

afterEach(() => vi.unstubAllGlobals())

describe('field-lookup client half', () => {
  it('without its table around it, shows the values as chips', () => {
    const w = mount(def.display, { props: { value: ['A-1', 2, null], column: lookup } })
    expect(w.findAll('.dp-tag').map((t) => t.text())).toEqual(['A-1', '2'])
  })

  it('shows each value as the linked column shows it (a select option by its label)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(orders)))),
    )
    registry.register(selectPlugin)
    const Host = defineComponent({
      setup() {
        provideTableContext({ table: ref(customers), reload: () => Promise.resolve() })
        return () => h(def.display, { value: ['paid', 'paid'], column: lookup })
      },
    })
    const w = mount(Host)
    await flushPromises()
    expect(w.findAll('.dp-tag').map((t) => t.text())).toEqual(['Paid', 'Paid'])
    registry.unregister('field-single-select')
  })

  it('config editor picks a relation field of the table and a field of the linked table', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(orders)))),
    )
    const cfg = mount(def.configEditor!, { props: { modelValue: {}, table: customers } })
    const [relation, target] = cfg.findAllComponents({ name: 'DpColumnSelect' })
    expect(relation!.findAllComponents({ name: 'ElOption' }).map((o) => o.props('label'))).toEqual(['Orders'])
    relation!.vm.$emit('update:modelValue', REL)
    expect(emitted(cfg)).toEqual([{ relationFieldId: REL }])
    await cfg.setProps({ modelValue: { relationFieldId: REL } })
    await flushPromises()
    expect(target!.findAllComponents({ name: 'ElOption' }).map((o) => o.props('label'))).toEqual(['Status'])
    target!.vm.$emit('update:modelValue', STATUS)
    const config = emitted(cfg).at(-1)
    expect(config).toEqual({ relationFieldId: REL, targetFieldId: STATUS })
    expect(lookupConfigSchema.safeParse(config).success).toBe(true)
  })

  it('has no editor: lookups are computed', () => {
    expect(def.editor).toBeUndefined()
  })
})
