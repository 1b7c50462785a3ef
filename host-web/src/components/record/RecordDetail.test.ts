/* eslint-disable vue/one-component-per-file -- a test defines its stand-in field components and a host next to the test that mounts them */
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, registry, type ColumnInfo, type TableMeta } from '@docpal/plugin-sdk/client'
import RecordDetail from './RecordDetail.vue'
import { provideAppState } from '../../composables/useAppState.ts'
import { createAppState } from '../../services/app-state.ts'

const Show = defineComponent({
  props: { value: { type: null, required: true }, column: { type: Object, required: true } },
  setup: (p) => () => h('span', { class: 'shown' }, String(p.value)),
})
registry.register({ id: 'test-detail', fieldTypes: [{ type: 'dx', display: Show }] })

const col = (id: string, name: string, config: Record<string, unknown> = {}): ColumnInfo => ({ id, name, type: 'dx', config, required: false, order: 0 })
const table = {
  id: 't1',
  appId: 'app',
  name: 'Deals',
  columns: [col('a', 'Title'), col('b', 'Customer', { targetTableId: 't2' }), col('c', 'Empty')],
  defaultDetailDashboard: { sections: [{ type: 'field_group', title: 'Details', fields: ['a', 'b', 'c'] }] },
} as unknown as TableMeta
const record = { id: 'r1', createdAt: '', updatedAt: '', createdBy: null, fields: { Title: 'Deal', Customer: [{ id: 'c1', display: 'Alice' }], Empty: null } }

describe('RecordDetail', () => {
  it('shows values through their display, links related records and marks blanks', () => {
    const Host = defineComponent({
      setup() {
        provideAppState(createAppState(ref('app')))
        return () => h(RecordDetail, { table, record })
      },
    })
    const w = mount(Host, { global: { plugins: [ElementPlus, i18n], stubs: { RouterLink: { props: ['to'], template: '<a :href="to"><slot /></a>' } } } })
    const pair = (name: string) => w.get(`[data-test=detail-field][data-column="${name}"]`)
    expect(pair('Title').get('.shown').text()).toBe('Deal')
    expect(pair('Customer').get('a').attributes('href')).toBe('/apps/app/tables/t2/records/c1')
    expect(pair('Customer').text()).toContain('Alice')
    expect(pair('Empty').text()).toContain('—')
  })
})
