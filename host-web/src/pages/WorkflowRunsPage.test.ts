import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages, setLocale } from '../i18n/install.ts'
import type { RunDetail, WorkflowRun } from '../services/workflows-api.ts'
import WorkflowRunsPage from './WorkflowRunsPage.vue'
import { runError } from '../components/workflows/run-error.ts'
import { runSubject } from '../components/workflows/run-subject.ts'

// What the engine stores when a step fails for good (kernel/src/workflows/run-executor.ts #fail).
const failure = { message: 'Record 0194e0c5 not found in table Deals.', step: 'touch', path: 'touch', type: 'update-record', attempt: 3, attempts: 3 }
const run: WorkflowRun = {
  id: 'r1',
  workflowId: 'w1',
  version: 1,
  status: 'failed',
  test: false,
  trigger: { recordId: 'r-9', record: { Amount: 5, Name: 'Acme Ltd', Tags: [] } },
  error: null,
  redacted: false,
  createdAt: '2026-03-01T10:00:00Z',
  startedAt: '2026-03-01T10:00:00Z',
  finishedAt: null,
}
const detail = {
  ...run,
  trigger: {},
  error: failure,
  steps: [
    {
      path: 'touch',
      stepId: 'touch',
      type: 'update-record',
      status: 'failed',
      attempt: 3,
      input: {},
      output: null,
      branch: null,
      error: failure,
      startedAt: '2026-03-01T10:00:00Z',
      finishedAt: null,
    },
  ],
} as RunDetail

vi.mock('../services/workflows-api.ts', () => ({
  workflowsApi: {
    runs: () => Promise.resolve({ runs: [run] }),
    run: () => Promise.resolve(detail),
    get: () => Promise.resolve({ version: 1, trigger: { type: 'manual', config: {} } }),
  },
}))

installMessages()
let w: VueWrapper | undefined
afterEach(() => {
  w?.unmount()
  setLocale('en')
})

async function openFailedRun() {
  w = mount(WorkflowRunsPage, {
    props: { workflowId: 'w1' },
    global: { plugins: [ElementPlus, i18n], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  })
  await flushPromises()
  await w.get('.el-table__row').trigger('click')
  await flushPromises()
  return w.get('[data-test=run-detail]')
}

describe('WorkflowRunsPage: a failed run', () => {
  it('says what went wrong in words: the message, the step and the attempts; the stored JSON is folded into details', async () => {
    const d = await openFailedRun()
    const errors = d.findAll('[data-test=run-error]')
    // The run's error and its failed step's.
    expect(errors).toHaveLength(2)
    const runErr = errors[0]!
    expect(runErr.get('[data-test=run-error-message]').text()).toBe(failure.message)
    expect(runErr.get('[data-test=run-error-facts]').text()).toBe('In step touch (update-record) · attempt 3 of 3')
    const details = runErr.get('[data-test=run-error-details]')
    expect((details.element as HTMLDetailsElement).open).toBe(false)
    expect(JSON.parse(details.get('pre').text())).toEqual(failure)
    // No raw JSON of the error outside the folded details (a step's input and output stay JSON).
    const shown = d.text().replace(details.text(), '').replace(errors[1]!.get('[data-test=run-error-details]').text(), '')
    expect(shown).not.toContain('"message"')
    expect(shown).not.toContain('"attempts"')
  })

  it('reads in Chinese when the page is in Chinese', async () => {
    setLocale('zh-CN')
    const d = await openFailedRun()
    expect(d.get('[data-test=run-error-facts]').text()).toBe('出错步骤：touch（update-record） · 第 3 次尝试（共 3 次）')
    expect(d.get('[data-test=run-error-details] summary').text()).toBe('详细信息')
    // No words for it in Chinese were stored: the English message.
    expect(d.get('[data-test=run-error-message]').text()).toBe(failure.message)
  })

  it("shows the message in the reader's language where the engine stored it, else the English one", async () => {
    const worded = { ...failure, code: 'KRN_ERR_NOT_FOUND', messages: { 'zh-CN': '记录“0194e0c5”不存在（或属于其他公司）。' } }
    detail.error = worded
    try {
      setLocale('zh-CN')
      let d = await openFailedRun()
      expect(d.get('[data-test=run-error-message]').text()).toBe(worded.messages['zh-CN'])
      expect(d.get('[data-test=run-error-facts]').text()).toContain('KRN_ERR_NOT_FOUND')
      w?.unmount()
      setLocale('en')
      d = await openFailedRun()
      expect(d.get('[data-test=run-error-message]').text()).toBe(failure.message)
      // The words by locale are shown, not offered again as details.
      expect(JSON.parse(d.get('[data-test=run-error-details] pre').text())).toEqual(worded)
    } finally {
      detail.error = failure
    }
  })
})

describe('a run seen by someone who does not manage the app', () => {
  it('says why what the run read and wrote is not shown, and lists the steps without input or output', async () => {
    const saved = { ...detail }
    Object.assign(detail, {
      redacted: true,
      error: null,
      steps: [{ path: 'touch', stepId: 'touch', type: 'update-record', status: 'completed', attempt: 1, startedAt: '2026-03-01T10:00:00Z', finishedAt: '2026-03-01T10:00:01Z' }],
    })
    try {
      const d = await openFailedRun()
      expect(d.get('[data-test=run-redacted]').text()).toContain('shown to those who manage this app')
      expect(d.findAll('[data-test=run-step]')).toHaveLength(1)
      expect(d.find('[data-test=run-step-output]').exists()).toBe(false)
    } finally {
      Object.assign(detail, saved)
    }
  })
})

describe('the runs list', () => {
  it("names what each run was about: its record, or a manual run's inputs", async () => {
    w = mount(WorkflowRunsPage, { props: { workflowId: 'w1' }, global: { plugins: [ElementPlus, i18n], stubs: { RouterLink: { template: '<a><slot /></a>' } } } })
    await flushPromises()
    expect(w.get('[data-test=run-subject]').text()).toBe('Acme Ltd')
    expect(runSubject({ record: { Amount: 5, Name: 'Acme Ltd' } }, 'Name')).toBe('Acme Ltd')
    expect(runSubject({ record: { Customer: [{ id: 'x', display: 'Globex' }], Note: '' } })).toBe('Globex')
    expect(runSubject({ input: { Customer: 'Bob', Total: 42, Note: null } })).toBe('Customer: Bob, Total: 42')
    expect(runSubject({ headers: {} })).toBeNull()
  })
})

describe('runError', () => {
  it('reads the shapes the engine and the API store', () => {
    expect(runError(null)).toBeNull()
    expect(runError({ message: 'version 2 of the workflow is gone' })).toEqual({
      message: 'version 2 of the workflow is gone',
      raw: { message: 'version 2 of the workflow is gone' },
    })
    expect(runError({ message: 'timed out', attempt: 1 })).toMatchObject({ message: 'timed out', attempt: 1 })
    const api = { error: { code: 'KRN_ERR_VALIDATION', message: 'Amount must be a number.' } }
    expect(runError(api)).toEqual({ message: 'Amount must be a number.', code: 'KRN_ERR_VALIDATION', raw: api })
    expect(runError('plain words')).toEqual({ message: 'plain words', raw: 'plain words' })
    // A shape of no known kind still shows, as its JSON.
    expect(runError({ reason: 42 })?.message).toBe('{"reason":42}')
  })
})
