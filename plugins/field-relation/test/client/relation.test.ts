import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, ref, type Component } from 'vue'
import { ElSelect } from 'element-plus'
import { provideAppContext } from '@docpal/plugin-sdk/client'
import { linkValueSchema, relationConfigSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const APP = '11111111-1111-4111-8111-111111111111'
const PEOPLE = '22222222-2222-4222-8222-222222222222'
const NAME = '33333333-3333-4333-8333-333333333333'
const ann = '44444444-4444-4444-8444-444444444444'
const bob = '55555555-5555-4555-8555-555555555555'
const column = (config: Record<string, unknown> = {}) => ({ id: 'c1', name: 'Owner', type: 'relation', config: { targetTableId: PEOPLE, ...config }, required: false, order: 0 })
const people = { id: PEOPLE, appId: APP, name: 'People', columns: [{ id: NAME, name: 'Name', type: 'text', config: {}, required: false, order: 0 }] }
const emitted = (w: VueWrapper) => (w.emitted('update:modelValue') ?? []).map((e) => e[0])

/** A fake API: the People table and a query answering Ann and Bob. */
function stubApi() {
  const calls: Array<{ url: string; body: unknown }> = []
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      const body = init?.body ? JSON.parse(init.body as string) : undefined
      calls.push({ url, body })
      const json =
        url === `/api/apps/${APP}/tables`
          ? [people, { ...people, id: APP, name: 'Tasks' }]
          : url === `/api/tables/${PEOPLE}`
            ? people
            : {
                records: [
                  { id: ann, fields: { [NAME]: 'Ann' } },
                  { id: bob, fields: { [NAME]: 'Bob' } },
                ],
                limit: 20,
                offset: 0,
              }
      return Promise.resolve(new Response(JSON.stringify(json), { status: 200 }))
    }),
  )
  return calls
}

afterEach(() => vi.unstubAllGlobals())

describe('field-relation client half', () => {
  it('displays linked records as chips of their display values', () => {
    const w = mount(def.display, {
      props: {
        value: [
          { id: ann, display: 'Ann' },
          { id: bob, display: 7 },
        ],
        column: column(),
      },
    })
    expect(w.findAll('.dp-tag').map((t) => t.text())).toEqual(['Ann', '7'])
  })

  it('editor searches the target table by its display field and writes record ids', async () => {
    const calls = stubApi()
    const editor = mount(def.editor!, { props: { modelValue: [{ id: ann, display: 'Ann' }], column: column() } })
    const select = editor.findComponent(ElSelect)
    expect(select.props('modelValue')).toEqual([ann])
    await (select.props('remoteMethod') as (q: string) => Promise<void>)('bo')
    await flushPromises()
    const query = calls.find((c) => c.url.startsWith(`/api/tables/${PEOPLE}/records/query`))!
    expect(query.url).toContain('fieldKey=id')
    expect(query.body).toMatchObject({ fields: [NAME], filter: { and: [{ field: NAME, op: 'contains', value: 'bo' }] } })
    select.vm.$emit('update:modelValue', [ann, bob])
    expect(emitted(editor)).toEqual([[ann, bob]])
    expect(linkValueSchema(relationConfigSchema.parse({ targetTableId: PEOPLE })).safeParse(emitted(editor)[0]).success).toBe(true)
  })

  it('a single relation picks one record and still writes a list', () => {
    const editor = mount(def.editor!, { props: { modelValue: [], column: column({ allowMultiple: false }) } })
    const select = editor.findComponent(ElSelect)
    expect(select.props('multiple')).toBe(false)
    select.vm.$emit('update:modelValue', bob)
    select.vm.$emit('update:modelValue', undefined)
    expect(emitted(editor)).toEqual([[bob], []])
  })

  it('picked records keep their names when the editor holds ids only', () => {
    mount(def.display, { props: { value: [{ id: bob, display: 'Bob' }], column: column() } })
    const editor = mount(def.editor!, { props: { modelValue: [bob], column: column() } })
    expect(editor.findAllComponents({ name: 'ElOption' }).map((o) => o.props('label'))).toContain('Bob')
  })

  it("config editor lists the app's tables and emits a config the server schema accepts", async () => {
    stubApi()
    const Host = defineComponent({
      setup() {
        provideAppContext({ appId: ref(APP), app: ref(null), refresh: () => Promise.resolve() })
        return () => h(def.configEditor as Component, { modelValue: def.defaultConfig!(), table: null })
      },
    })
    const w = mount(Host)
    await flushPromises()
    const cfg = w.findComponent(def.configEditor as Component)
    const tables = cfg.findComponent(ElSelect)
    expect(tables.findAllComponents({ name: 'ElOption' }).map((o) => o.props('label'))).toEqual(['People', 'Tasks'])
    tables.vm.$emit('update:modelValue', PEOPLE)
    const config = emitted(cfg).at(-1)
    expect(config).toEqual({ targetTableId: PEOPLE, allowMultiple: true, reverseAllowMultiple: true })
    expect(relationConfigSchema.safeParse(config).success).toBe(true)
  })

  it('filters by picked records for has_any, by text for display_contains', () => {
    expect(
      mount(def.filterInput!, { props: { modelValue: [], column: column(), op: 'has_any' } })
        .findComponent(ElSelect)
        .exists(),
    ).toBe(true)
    const text = mount(def.filterInput!, { props: { modelValue: '', column: column(), op: 'display_contains' } })
    expect(text.findComponent(ElSelect).exists()).toBe(false)
    expect(text.find('input').exists()).toBe(true)
  })
})
