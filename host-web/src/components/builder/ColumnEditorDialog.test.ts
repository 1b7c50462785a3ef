import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { defineClientPlugin, i18n, registry } from '@docpal/plugin-sdk/client'
import { installMessages } from '../../i18n/install.ts'
import ColumnEditorDialog from './ColumnEditorDialog.vue'
import type { DraftColumn } from './draft.ts'

// The server's half of the types (labels, computed); the client half comes from the registry.
// Stars requires `max` (as a relation requires its linked table): its JSON Schema says so.
const serverTypes = ref([
  { type: 'stars', label: 'Stars', plugin: 'test-stars', computed: false, configSchema: { type: 'object', required: ['max'], properties: { max: { type: 'number' } } } },
  { type: 'sum', label: 'Sum', plugin: 'test-stars', computed: true, configSchema: null },
  { type: 'dial', label: 'Dial', plugin: 'test-stars', computed: false, configSchema: { type: 'object', required: ['scaleId'], properties: { scaleId: { type: 'string' } } } },
])
vi.mock('../../composables/useFieldTypes.ts', () => ({
  useTypes: () => ({ fieldTypes: serverTypes, ready: () => Promise.resolve(), fieldType: (type: string) => serverTypes.value.find((f) => f.type === type) }),
}))

const StarsConfig = defineComponent({
  props: { modelValue: { type: Object, required: true }, table: { type: Object, default: null } },
  emits: ['update:modelValue'],
  setup:
    (p, { emit }) =>
    () =>
      h(
        'button',
        { 'data-test': 'stars-max', onClick: () => emit('update:modelValue', { ...p.modelValue, max: 10 }) },
        `max ${String(p.modelValue['max'])} of ${String((p.table as { name?: string } | null)?.name)}`,
      ),
})
installMessages()
registry.register(
  defineClientPlugin({
    id: 'test-stars',
    fieldTypes: [
      { type: 'stars', icon: '★', display: StarsConfig, configEditor: StarsConfig, defaultConfig: () => ({ max: 5 }) },
      { type: 'sum', icon: 'Σ', display: StarsConfig },
      { type: 'dial', icon: '◔', display: StarsConfig, configEditor: StarsConfig, settingLabel: (key) => (key === 'scaleId' ? i18n.global.t('test-stars.scale') : undefined) },
    ],
    messages: { en: { scale: 'Scale to use' }, 'zh-CN': { scale: '刻度' } },
  }),
)

const table = { id: 't1', appId: 'a1', name: 'Films', columns: [] }
const column = (c: Partial<DraftColumn> = {}): DraftColumn => ({ key: 'k1', id: 'k1', name: 'Rating', type: 'stars', config: { max: 3 }, required: false, ...c })
let w: VueWrapper | undefined
afterEach(() => w?.unmount())

function open(props: Partial<InstanceType<typeof ColumnEditorDialog>['$props']> = {}) {
  w = mount(ColumnEditorDialog, {
    props: { column: column(), saved: { type: 'stars', config: { max: 3 } }, table, error: undefined, otherNames: ['Title'], ...props },
    global: { plugins: [ElementPlus, i18n] },
    attachTo: document.body,
  })
  return w
}
const $ = (sel: string) => document.body.querySelector<HTMLElement>(sel)

describe('ColumnEditorDialog', () => {
  // A config editor's own buttons must not submit the column (only Done and Enter in the name do).
  it('shows the type config editor from the registry, with the draft table, and hands back the edited copy', async () => {
    const d = open()
    await flushPromises()
    expect($('[data-test=stars-max]')!.textContent).toBe('max 3 of Films')
    $('[data-test=stars-max]')!.click()
    await nextTick()
    $('[data-test=column-done]')!.click()
    expect(d.emitted('save')).toEqual([[column({ config: { max: 10 } })]])
  })

  it('saves on Enter in the name field and refuses an empty or taken name', async () => {
    const d = open()
    await flushPromises()
    const input = $('input[data-test=column-name]') as HTMLInputElement
    input.value = 'title'
    input.dispatchEvent(new Event('input'))
    await nextTick()
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    await flushPromises()
    expect(d.emitted('save')).toBeUndefined()
    expect(d.findComponent({ name: 'ElFormItem' }).props('error')).toBe('Another column is already called "title".')
    input.value = 'Score '
    input.dispatchEvent(new Event('input'))
    await nextTick()
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(d.emitted('save')![0]![0]).toMatchObject({ name: 'Score' })
  })

  it("refuses Done while a setting the type requires is empty, and drops the server's config refusal once the settings change", async () => {
    const d = open({ column: column({ config: {} }), error: { key: 'k1', field: 'config', sub: [], message: 'Settings: max: Required.' } })
    await flushPromises()
    expect($('[data-test=column-dialog-error]')!.textContent).toContain('Settings: max: Required.')
    $('[data-test=column-done]')!.click()
    await nextTick()
    expect(d.emitted('save')).toBeUndefined()
    expect($('[data-test=column-dialog-error]')!.textContent).toContain('Settings: Max is needed.')
    // Filled in: the messages go, and Done hands the column back.
    $('[data-test=stars-max]')!.click()
    await nextTick()
    expect($('[data-test=column-dialog-error]')).toBeNull()
    $('[data-test=column-done]')!.click()
    expect(d.emitted('save')).toEqual([[column({ config: { max: 10 } })]])
  })

  it("names a missing setting as the type's config editor labels it, in the reader's language", async () => {
    const d = open({ column: column({ type: 'dial', config: {} }), saved: null })
    await flushPromises()
    $('[data-test=column-done]')!.click()
    await nextTick()
    expect(d.emitted('save')).toBeUndefined()
    expect($('[data-test=column-dialog-error]')!.textContent).toContain('Settings: Scale to use is needed.')
    i18n.global.locale.value = 'zh-CN'
    try {
      $('[data-test=column-done]')!.click()
      await nextTick()
      expect($('[data-test=column-dialog-error]')!.textContent).toContain('需要填写“刻度”')
    } finally {
      i18n.global.locale.value = 'en'
    }
  })

  it('a computed type has no required flag and no config editor; a server error shows at the field', async () => {
    const d = open({ column: column({ type: 'sum', config: {}, required: true }), saved: null, error: { key: 'k1', field: 'name', sub: [], message: 'name is taken' } })
    await flushPromises()
    expect($('[data-test=column-required]')).toBeNull()
    expect($('[data-test=column-config]')).toBeNull()
    // The form item under the name shows it (its text renders through a transition).
    expect(d.findComponent({ name: 'ElFormItem' }).props('error')).toBe('name is taken')
  })
})
