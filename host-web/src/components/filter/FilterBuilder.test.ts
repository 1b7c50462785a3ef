import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@docpal/plugin-sdk/client'
import FilterBuilder from './FilterBuilder.vue'
import { completeFilter, countConditions, type FilterGroup } from './filter-tree.ts'

// The server's operator lists, as GET /api/field-types answers them.
const ops: Record<string, Array<{ op: string; takesValue: boolean }>> = {
  text: [
    { op: 'contains', takesValue: true },
    { op: 'is_empty', takesValue: false },
  ],
  number: [{ op: 'gt', takesValue: true }],
}
vi.mock('../../composables/useFieldTypes.ts', () => ({ useTypes: () => ({ operators: (t: string) => ops[t] ?? [] }) }))

const columns = [
  { id: 'c1', name: 'Title', type: 'text', config: {}, required: false, order: 0 },
  { id: 'c2', name: 'Qty', type: 'number', config: {}, required: false, order: 1 },
]
const global = { plugins: [ElementPlus, i18n] }
const last = (w: ReturnType<typeof mount>) => (w.emitted('update:modelValue')!.at(-1) as [FilterGroup | null])[0]

describe('FilterBuilder', () => {
  it('starts a filter with the first column and its first operator', async () => {
    const w = mount(FilterBuilder, { props: { modelValue: null, columns }, global })
    await w.get('[data-test=filter-add-condition]').trigger('click')
    expect(last(w)).toEqual({ and: [{ field: 'c1', op: 'contains' }] })
  })

  it('adds a nested group of the opposite junction and toggles a junction', async () => {
    const w = mount(FilterBuilder, { props: { modelValue: { and: [{ field: 'c1', op: 'contains', value: 'a' }] }, columns }, global })
    await w.get('[data-test=filter-group-0] > .dp-filter-actions [data-test=filter-add-group]').trigger('click')
    const next = last(w)!
    expect(next).toEqual({ and: [{ field: 'c1', op: 'contains', value: 'a' }, { or: [{ field: 'c1', op: 'contains' }] }] })
    await w.setProps({ modelValue: next })
    await w.get('[data-test=filter-junction]').trigger('click')
    expect(last(w)).toEqual({ or: (next as { and: unknown[] }).and })
  })

  it('says what no filter means where it is used', () => {
    expect(
      mount(FilterBuilder, { props: { modelValue: null, columns }, global })
        .get('.dp-filter-none')
        .text(),
    ).toBe('grid.filter.none') // (no messages installed here: the key)
    const trigger = mount(FilterBuilder, { props: { modelValue: null, columns, emptyText: 'No conditions: every record starts the workflow.' }, global })
    expect(trigger.get('.dp-filter-none').text()).toBe('No conditions: every record starts the workflow.')
  })

  it("names the record's creator by a label, not by the id rules store", () => {
    const creator = { id: 'createdBy', name: 'createdBy', type: 'system_creator', config: {}, required: false, order: -1 }
    const w = mount(FilterBuilder, { props: { modelValue: { and: [{ field: 'createdBy', op: 'is_empty' }] }, columns: [creator, ...columns] }, global })
    const fieldOptions = w.findAllComponents({ name: 'ElOption' }).filter((o) => o.attributes('data-test')?.startsWith('filter-field-option'))
    expect(fieldOptions.map((o) => o.props('label'))).toEqual(['grid.filter.createdBy', 'Title', 'Qty']) // (no messages installed here: the key)
  })

  it('removing the last condition clears the filter', async () => {
    const w = mount(FilterBuilder, { props: { modelValue: { and: [{ field: 'Title', op: 'is_empty' }] }, columns }, global })
    await w.get('[data-test=filter-remove]').trigger('click')
    expect(last(w)).toBeNull()
  })
})

describe('completeFilter', () => {
  const takes = (_f: string, op: string) => op !== 'is_empty'
  it('drops conditions without a value and groups left empty', () => {
    const f: FilterGroup = {
      and: [{ field: 'c1', op: 'contains', value: 'x' }, { field: 'c1', op: 'contains', value: '' }, { or: [{ field: 'c2', op: 'gt' }] }, { field: 'c1', op: 'is_empty' }],
    }
    expect(completeFilter(f, takes)).toEqual({
      and: [
        { field: 'c1', op: 'contains', value: 'x' },
        { field: 'c1', op: 'is_empty' },
      ],
    })
    expect(completeFilter({ or: [{ field: 'c2', op: 'gt' }] }, takes)).toBeNull()
    expect(countConditions(f)).toBe(4)
  })
})
