/* eslint-disable vue/one-component-per-file -- a test defines its stand-in field components and a host next to the test that mounts them */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { ApiError, i18n, registry, type ColumnInfo, type RecordData, type TableMeta } from '@docpal/plugin-sdk/client'
import RecordForm from './RecordForm.vue'
import { installMessages } from '../../i18n/install.ts'
import { provideAppState } from '../../composables/useAppState.ts'
import { createAppState } from '../../services/app-state.ts'

const create = vi.fn()
const patch = vi.fn()
vi.mock('../../services/endpoints.ts', () => ({ endpoints: { records: { create: (...a: unknown[]) => create(...a), patch: (...a: unknown[]) => patch(...a) } } }))
// The server's flags: `calc` is computed, `link` is a relation (computed on read, written as links).
vi.mock('../../composables/useFieldTypes.ts', () => ({
  useTypes: () => ({ fieldType: (t: string) => ({ type: t, computed: t === 'calc' || t === 'link', relation: t === 'link' }) }),
}))

// A field type whose editor is a plain input, and a computed one with a display only.
const Input = defineComponent({
  props: { modelValue: { type: null, default: null }, column: { type: Object, required: true } },
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () =>
      h('input', {
        value: p.modelValue ?? '',
        'data-col': (p.column as ColumnInfo).name,
        onInput: (e: Event) => emit('update:modelValue', (e.target as HTMLInputElement).value || null),
      }),
})
const Show = defineComponent({
  props: { value: { type: null, required: true }, column: { type: Object, required: true } },
  setup: (p) => () => h('span', { class: 'shown' }, String(p.value)),
})

const col = (id: string, name: string, type: string, required = false): ColumnInfo => ({ id, name, type, config: {}, required, order: 0 })
const table = {
  id: 't1',
  appId: 'app',
  name: 'Deals',
  columns: [col('a', 'Title', 'fx-text', true), col('b', 'Note', 'fx-text'), col('c', 'Double', 'calc')],
  defaultForm: { fields: [{ columnId: 'a', required: true }, { columnId: 'b' }, { columnId: 'c' }] },
} as unknown as TableMeta
const record = { id: 'r1', createdAt: '', updatedAt: '', createdBy: null, fields: { Title: 'Old', Note: 'Keep', Double: 4 } }

function mountForm(props: { table: TableMeta; record?: RecordData; defaults?: Record<string, unknown> }) {
  const Host = defineComponent({
    setup() {
      provideAppState(createAppState(ref('app')))
      return () => h(RecordForm, props)
    },
  })
  return mount(Host, { attachTo: document.body, global: { plugins: [ElementPlus, i18n], stubs: { RouterLink: true } } })
}
const form = (w: ReturnType<typeof mountForm>) => w.getComponent(RecordForm)
const type = async (w: ReturnType<typeof mountForm>, name: string, v: string) => w.get(`input[data-col="${name}"]`).setValue(v)

beforeAll(() => {
  installMessages()
  registry.register({
    id: 'test-fields',
    fieldTypes: [
      { type: 'fx-text', display: Show, editor: Input },
      { type: 'calc', display: Show },
    ],
  })
})
beforeEach(() => {
  create.mockReset()
  patch.mockReset()
})

describe('RecordForm', () => {
  it('hides computed fields on create and checks required fields before sending', async () => {
    const w = mountForm({ table })
    expect(w.findAll('[data-test=form-field]').map((r) => r.attributes('data-column'))).toEqual(['Title', 'Note'])
    await w.get('[data-test=save-record]').trigger('click')
    await flushPromises()
    expect(create).not.toHaveBeenCalled()
    expect(w.get('[data-column=Title] [data-test=field-error]').text()).toBe('This field is required')
    await type(w, 'Title', 'New')
    expect(w.find('[data-column=Title] [data-test=field-error]').exists()).toBe(false)
    expect(w.find('[data-test=form-error]').exists()).toBe(false)
  })

  it('creates with the filled fields by name and emits the saved record', async () => {
    const saved = { ...record, id: 'r2' }
    create.mockResolvedValue(saved)
    const w = mountForm({ table })
    await type(w, 'Title', 'New')
    await w.get('input[data-col=Title]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(create).toHaveBeenCalledWith('t1', { Title: 'New' }, 'form')
    expect(form(w).emitted('saved')).toEqual([[saved, false]])
  })

  it('"Save and add another" creates and says so in its event; a new record starts from its defaults', async () => {
    const saved = { ...record, id: 'r3' }
    create.mockResolvedValue(saved)
    const w = mountForm({ table, defaults: { a: 'Prefilled' } })
    expect((w.get('input[data-col=Title]').element as HTMLInputElement).value).toBe('Prefilled')
    await w.get('[data-test=save-and-new]').trigger('click')
    await flushPromises()
    expect(create).toHaveBeenCalledWith('t1', { Title: 'Prefilled' }, 'form')
    expect(form(w).emitted('saved')).toEqual([[saved, true]])
  })

  it('shows a server error at its field and keeps the values', async () => {
    create.mockRejectedValue(new ApiError(400, 'KRN_ERR_RECORD_INVALID', 'fields.Note: Too long', ['fields', 'Note']))
    const w = mountForm({ table })
    await type(w, 'Title', 'New')
    await type(w, 'Note', 'Way too long')
    await w.get('[data-test=save-record]').trigger('click')
    await flushPromises()
    expect(w.get('[data-column=Note] [data-test=field-error]').text()).toBe('Too long')
    expect(w.get('[data-test=form-error]').text()).toContain('need your attention')
    expect((w.get('input[data-col=Note]').element as HTMLInputElement).value).toBe('Way too long')
    expect(form(w).emitted('saved')).toBeUndefined()
  })

  it('shows every field the server refused at once (details.fields)', async () => {
    const fields = [
      { path: ['fields', 'Title'], code: 'KRN_ERR_RECORD_INVALID', message: "Column 'Title' must be unique." },
      { path: ['fields', 'Note'], code: 'KRN_ERR_RECORD_INVALID', message: 'fields.Note: Too long' },
    ]
    create.mockRejectedValue(new ApiError(400, 'KRN_ERR_RECORD_INVALID', fields[0]!.message, ['fields', 'Title'], { fields }))
    const w = mountForm({ table })
    await type(w, 'Title', 'New')
    await type(w, 'Note', 'Way too long')
    await w.get('[data-test=save-record]').trigger('click')
    await flushPromises()
    expect(w.get('[data-column=Title] [data-test=field-error]').text()).toBe("Column 'Title' must be unique.")
    expect(w.get('[data-column=Note] [data-test=field-error]').text()).toBe('Too long')
    expect(form(w).emitted('saved')).toBeUndefined()
  })

  it('on edit shows computed values read-only and patches only what changed', async () => {
    patch.mockResolvedValue(record)
    const w = mountForm({ table, record })
    expect(w.get('[data-column=Double] [data-test=form-readonly]').text()).toBe('4')
    expect(w.get('[data-column=Double] .dp-readonly-tag').text()).toBe('Calculated')
    await type(w, 'Title', 'New title')
    await w.get('[data-test=save-record]').trigger('click')
    await flushPromises()
    expect(patch).toHaveBeenCalledWith('t1', 'r1', { Title: 'New title' })
  })

  it('saves nothing when nothing changed, and Esc reports whether the form is dirty', async () => {
    const w = mountForm({ table, record })
    await w.get('input[data-col=Note]').trigger('keydown', { key: 'Escape' })
    await type(w, 'Note', 'Changed')
    await w.get('input[data-col=Note]').trigger('keydown', { key: 'Escape' })
    expect(form(w).emitted('cancel')).toEqual([[false], [true]])
    await type(w, 'Note', 'Keep')
    await w.get('[data-test=save-record]').trigger('click')
    await flushPromises()
    expect(patch).not.toHaveBeenCalled()
    expect(form(w).emitted('saved')).toEqual([[record, false]])
  })
})
