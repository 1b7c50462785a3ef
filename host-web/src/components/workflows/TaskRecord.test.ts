import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages, setLocale } from '../../i18n/install.ts'
import type { WorkflowTask } from '../../services/workflows-api.ts'
import TaskRecord from './TaskRecord.vue'

// The record's table (numbers at their column's precision); t1's Amount keeps 2 decimals.
vi.mock('@docpal/plugin-sdk/client', async (original) => ({
  ...(await original<typeof import('@docpal/plugin-sdk/client')>()),
  fetchTable: (id: string) =>
    id === 't1'
      ? Promise.resolve({ id, appId: 'a1', name: 'Deals', columns: [{ id: 'c1', name: 'Amount', type: 'number', config: { precision: 2 }, required: false, order: 0 }] })
      : Promise.reject(new Error('no such table')),
}))
installMessages()
const global = { plugins: [ElementPlus, i18n], stubs: { RouterLink: RouterLinkStub } }
const ids = { appId: 'a1', tableId: 't1', recordId: 'r1' }
let w: VueWrapper | undefined
afterEach(() => {
  w?.unmount()
  setLocale('en')
})
const show = (record: NonNullable<WorkflowTask['record']>) => (w = mount(TaskRecord, { props: { record }, global }))

describe('TaskRecord: what an approver decides from', () => {
  it("lists the record as the server sent it, as text, numbers at their column's precision, with a link to the whole record", async () => {
    const r = show({ ...ids, readable: true, fields: { Name: 'Big', Amount: 5000, Tags: ['Hot', 'New'], Done: true, Note: null } })
    expect(r.findAll('dt').map((d) => d.text())).toEqual(['Name', 'Amount', 'Tags', 'Done', 'Note'])
    await flushPromises()
    expect(r.findAll('dd').map((d) => d.text())).toEqual(['Big', '5,000.00', 'Hot, New', '✓', '—'])
    const link = r.getComponent(RouterLinkStub)
    expect(link.props('to')).toBe('/apps/a1/tables/t1/records/r1')
    expect(link.text()).toBe('Open the record')
  })

  it('shows the first eight fields and says how many more the record has', () => {
    const fields = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`F${i}`, i]))
    const r = show({ ...ids, readable: true, fields })
    expect(r.findAll('dt')).toHaveLength(8)
    expect(r.getComponent(RouterLinkStub).text()).toBe('Open the record (3 more fields)')
  })

  it('says so, without a link, when the record cannot be read, in the reader’s language', () => {
    setLocale('zh-CN')
    const r = show({ ...ids, readable: false })
    expect(r.findComponent(RouterLinkStub).exists()).toBe(false)
    expect(r.get('[data-test=task-record-hidden]').text()).toContain('你无法打开此任务所涉及的记录')
  })
})
