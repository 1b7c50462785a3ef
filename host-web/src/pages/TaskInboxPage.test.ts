import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages } from '../i18n/install.ts'
import { workflowsApi, type WorkflowTask } from '../services/workflows-api.ts'
import { useTaskCount } from '../composables/useTaskCount.ts'
import TaskCard from '../components/workflows/TaskCard.vue'
import TaskInboxPage from './TaskInboxPage.vue'

// GET /api/tasks answers at most 200 tasks; GET /api/tasks/count answers the exact number.
const server = vi.hoisted(() => ({ open: 250, listed: 200 }))
vi.mock('../services/workflows-api.ts', () => ({
  workflowsApi: {
    tasks: () => Promise.resolve(Array.from({ length: Math.min(server.listed, 200) }, (_, i) => ({ id: `t${i}` }) as WorkflowTask)),
    taskCount: vi.fn(() => Promise.resolve(server.open)),
    complete: () => {
      server.open--
      server.listed--
      return Promise.resolve({})
    },
  },
}))

installMessages()
let w: VueWrapper | undefined
afterEach(() => w?.unmount())

async function openInbox() {
  // TaskCard is stubbed: this is about the count, not how a task is shown.
  w = mount(TaskInboxPage, { global: { plugins: [ElementPlus, i18n], stubs: { TaskCard: true } } })
  await flushPromises()
  return w
}

describe('TaskInboxPage and the task badge', () => {
  it('leaves the count to GET /api/tasks/count: 200 tasks listed, 250 open, the badge says 250', async () => {
    const page = await openInbox()
    expect(page.findAllComponents(TaskCard)).toHaveLength(200)
    expect(useTaskCount().count.value).toBe(250)
  })

  it('asks the count again once a task is decided', async () => {
    const page = await openInbox()
    expect(useTaskCount().count.value).toBe(server.open)
    page.findAllComponents(TaskCard)[0]!.vm.$emit('complete', { decision: 'approve', comment: '' })
    await flushPromises()
    expect(server.open).toBe(249)
    expect(useTaskCount().count.value).toBe(249)
  })

  it('shows the count asked after the decision, not that of a poll already on its way', async () => {
    const page = await openInbox()
    // The badge's poll goes out before the decision and is answered after it, with the old count.
    let answerPoll: (n: number) => void = () => undefined
    vi.mocked(workflowsApi.taskCount).mockImplementationOnce(() => new Promise((r) => (answerPoll = r)))
    const poll = useTaskCount().refresh()
    const before = server.open
    page.findAllComponents(TaskCard)[0]!.vm.$emit('complete', { decision: 'approve', comment: '' })
    await flushPromises()
    answerPoll(before)
    await poll
    await flushPromises()
    expect(useTaskCount().count.value).toBe(before - 1)
  })
})
