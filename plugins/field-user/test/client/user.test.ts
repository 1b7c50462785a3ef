import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect, ElSwitch } from 'element-plus'
import { userConfigSchema } from '../../src/shared/config.ts'
import plugin from '../../src/client/index.tsx'

const def = plugin.fieldTypes![0]!
const ann = { id: '0b5e6f70-8192-4a3b-9c4d-5e6f7a8b9c0d', name: 'Ann Lee', avatar: null }
const bob = { id: '1b5e6f70-8192-4a3b-9c4d-5e6f7a8b9c0d', name: 'Bob', avatar: 'https://example.com/bob.png' }
const column = (config: Record<string, unknown> = {}) => ({ id: 'c1', name: 'Owner', type: 'user', config, required: false, order: 0 })
const emitted = (w: VueWrapper) => (w.emitted('update:modelValue') ?? []).map((e) => e[0])

/** The directory the editor searches: GET /api/users, answered from these two. */
const requests: string[] = []
beforeEach(() => {
  requests.length = 0
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      requests.push(url)
      const q = new URL(url, 'http://x').searchParams
      const found = [ann, bob].filter((u) => !q.get('search') || u.name.toLowerCase().includes(q.get('search')!.toLowerCase()))
      return Promise.resolve(new Response(JSON.stringify(found), { status: 200, headers: { 'content-type': 'application/json' } }))
    }),
  )
})

describe('field-user client half', () => {
  it('displays avatar and name of one user or several', () => {
    const one = mount(def.display, { props: { value: ann, column: column() } })
    expect(one.text()).toBe('AAnn Lee')
    const many = mount(def.display, { props: { value: [ann, bob], column: column({ allowMultiple: true }) } })
    expect(many.findAll('.dp-user').map((u) => u.text())).toEqual(['AAnn Lee', 'Bob'])
    expect(many.find('img').attributes('src')).toBe(bob.avatar)
  })

  it("editor searches the company's users within the field's roles and writes a user id", async () => {
    const editor = mount(def.editor!, { props: { modelValue: ann, column: column({ filterByRole: ['admin', 'member'] }) } })
    await flushPromises()
    expect(requests).toEqual(['/api/users?roles=admin%2Cmember&limit=50'])
    const select = editor.findComponent(ElSelect)
    expect(select.props('modelValue')).toBe(ann.id)
    expect(new Set(editor.findAllComponents({ name: 'ElOption' }).map((o) => o.props('label')))).toEqual(new Set(['Ann Lee', 'Bob']))
    await (select.props('remoteMethod') as (q: string) => Promise<void>)('bo')
    expect(requests.at(-1)).toBe('/api/users?search=bo&roles=admin%2Cmember&limit=50')
    select.vm.$emit('update:modelValue', bob.id)
    select.vm.$emit('update:modelValue', '')
    expect(emitted(editor)).toEqual([bob.id, null])
  })

  it('a field of several users writes a list of ids', () => {
    const editor = mount(def.editor!, { props: { modelValue: [ann], column: column({ allowMultiple: true }) } })
    const select = editor.findComponent(ElSelect)
    expect(select.props()).toMatchObject({ multiple: true, modelValue: [ann.id] })
    select.vm.$emit('update:modelValue', [ann.id, bob.id])
    expect(emitted(editor)).toEqual([[ann.id, bob.id]])
  })

  it('config editor emits configs the server schema accepts', () => {
    expect(userConfigSchema.safeParse(def.defaultConfig!()).success).toBe(true)
    const cfg = mount(def.configEditor!, { props: { modelValue: {} } })
    cfg.findComponent(ElSwitch).vm.$emit('update:modelValue', true)
    cfg.findComponent(ElSelect).vm.$emit('update:modelValue', ['admin', ' '])
    cfg.findComponent(ElSelect).vm.$emit('update:modelValue', [])
    expect(emitted(cfg)).toEqual([{ allowMultiple: true }, { filterByRole: ['admin'] }, {}])
    for (const c of emitted(cfg)) expect(userConfigSchema.safeParse(c).success).toBe(true)
  })

  it('filters by one user for eq, several for has_any', () => {
    expect(
      mount(def.filterInput!, { props: { modelValue: null, column: column(), op: 'eq' } })
        .findComponent(ElSelect)
        .props('multiple'),
    ).toBe(false)
    expect(
      mount(def.filterInput!, { props: { modelValue: null, column: column(), op: 'has_any' } })
        .findComponent(ElSelect)
        .props('multiple'),
    ).toBe(true)
  })
})
