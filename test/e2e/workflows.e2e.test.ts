import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { inviteMember, memberPage } from './support/member.ts'
import { eventually } from '../support/second-server.ts'
import type { TestSession } from '../support/sessions.ts'

/**
 * Workflows in the browser (issue 18): the app's Workflows section lists, creates, enables and
 * deletes workflows; "when a deal is set to Won, create an invoice and ask the manager to approve
 * it" runs, and the manager approves it in their task inbox (a second browser context).
 */
describe('workflows', () => {
  let e: E2E
  let appId: string
  let deals: string
  let invoices: string
  let manager: TestSession

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }

  beforeAll(async () => {
    e = await startE2E()
    manager = await inviteMember(e, 'manager@example.com', 'Manager')
    appId = (await api('POST', '/api/apps', { name: 'Sales' })).id
    deals = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Deals',
        columns: [
          { name: 'Name', type: 'text' },
          { name: 'Stage', type: 'text' },
          { name: 'Amount', type: 'number' },
        ],
      })
    ).id
    invoices = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Invoices',
        columns: [
          { name: 'Deal', type: 'text' },
          { name: 'Amount', type: 'number' },
          { name: 'Approved', type: 'text' },
        ],
      })
    ).id
  })
  afterAll(() => e?.close())

  it('creates, enables and deletes workflows from the app sidebar', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}`))
    await page.getByTestId('workflows-link').click()
    await page.getByTestId('workflows-page').waitFor()
    await page.getByTestId('workflow-name').fill('Say hello')
    await page.getByTestId('workflow-trigger').click()
    await page
      .locator('.el-select-dropdown__item')
      .filter({ hasText: /manual/i })
      .first()
      .click()
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/apps/${appId}/workflows`))
    await page.getByTestId('workflow-create-submit').click()
    expect((await created).status()).toBe(201)
    const row = page.getByTestId('workflow-list').locator('.el-table__row').filter({ hasText: 'Say hello' })
    await row.waitFor()
    expect(await row.textContent()).toContain('Manual')

    const enabled = page.waitForResponse((r) => r.url().endsWith('/enable'))
    await row.getByTestId('workflow-enabled').click()
    expect((await enabled).status()).toBe(200)
    const [saved] = (await api('GET', `/api/apps/${appId}/workflows`)) as Array<{ name: string; enabled: boolean }>
    expect(saved).toMatchObject({ name: 'Say hello', enabled: true })
    await row.locator('.is-checked').waitFor()
    await page.locator('[data-test="workflow-list"] .el-loading-mask').waitFor({ state: 'detached' })
    await e.shot('workflows-list')

    await row.getByTestId('workflow-delete').click()
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE')
    await page.locator('.el-message-box__btns .el-button--danger').click()
    expect((await deleted).status()).toBe(204)
    await row.waitFor({ state: 'detached' })
    expect(e.pageErrors).toEqual([])
  })

  it("the manager approves a won deal's invoice in their task inbox", async () => {
    const wf = await api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Invoice won deals',
      trigger: { type: 'record-updated', config: { tableId: deals, fields: ['Stage'] }, conditions: { and: [{ field: 'Stage', op: 'eq', value: 'Won' }, { changed: 'Stage' }] } },
      steps: [
        { id: 'invoice', type: 'create-record', config: { tableId: invoices, fields: { Deal: '{{trigger.record.Name}}', Amount: '{{trigger.record.Amount}}' } } },
        {
          id: 'approve',
          type: 'approval',
          config: { title: 'Approve invoice for {{trigger.record.Name}}', users: [manager.userId] },
          branches: { approve: [{ id: 'mark', type: 'update-record', config: { tableId: invoices, recordId: '{{steps.invoice.id}}', fields: { Approved: 'yes' } } }] },
        },
      ],
    })
    await api('POST', `/api/workflows/${wf.id}/enable`)
    const deal = await api('POST', `/api/tables/${deals}/records`, { fields: { Name: 'Acme', Stage: 'Open', Amount: 5000 } })
    await api('PATCH', `/api/tables/${deals}/records/${deal.id}`, { fields: { Stage: 'Won' } })
    // The run is queued and worked off the outbox: wait until it waits on the approval.
    await eventually(
      async () => (await e.server.api('GET', `/api/workflows/${wf.id}/runs`)).body.runs as Array<{ status: string }>,
      (runs) => runs[0]?.status === 'waiting',
      20_000,
    )

    const { context, page, errors } = await memberPage(e, manager)
    try {
      await page.goto(e.url('/'))
      const badge = page.getByTestId('tasks-count').locator('sup')
      await badge.waitFor()
      expect((await badge.textContent())?.trim()).toBe('1')
      await page.getByTestId('tasks-link').click()
      const card = page.getByTestId('task-inbox').locator('.task')
      await card.waitFor()
      expect(await card.getByTestId('task-title').textContent()).toBe('Approve invoice for Acme')
      // The record the run started from, as the manager may read it, and one click away.
      expect(await card.getByTestId('task-record-fields').locator('dd').allTextContents()).toEqual(expect.arrayContaining(['Acme', 'Won', '5000']))
      expect(await card.getByTestId('task-record').getAttribute('href')).toBe(`/apps/${appId}/tables/${deals}/records/${deal.id}`)
      await card.getByTestId('task-comment').fill('Looks right')
      await e.shot('workflows-inbox', page)
      const done = page.waitForResponse((r) => r.url().includes('/complete'))
      await card.getByTestId('task-approve').click()
      expect((await done).status()).toBe(200)
      await page.getByTestId('tasks-empty').waitFor()
      // The badge asks the count again once the task is decided: nothing open, no badge.
      await badge.waitFor({ state: 'hidden' })
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
    const rows = await eventually(
      async () => (await api('GET', `/api/tables/${invoices}/records`)).records as Array<{ fields: Record<string, unknown> }>,
      (rs) => rs[0]?.fields['Approved'] === 'yes',
      20_000,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.fields).toMatchObject({ Deal: 'Acme', Amount: 5000, Approved: 'yes' })

    // The owner reads the run's timeline: each step with its status and output.
    await eventually(
      async () => (await e.server.api('GET', `/api/workflows/${wf.id}/runs`)).body.runs as Array<{ status: string }>,
      (runs) => runs[0]?.status === 'completed',
      20_000,
    )
    const owner = e.page
    await owner.goto(e.url(`/apps/${appId}/workflows`))
    await owner.getByTestId('workflow-list').locator('.el-table__row').filter({ hasText: 'Invoice won deals' }).getByTestId('workflow-runs-link').click()
    await owner.getByTestId('run-list').locator('.el-table__row').first().click()
    await owner.getByTestId('run-detail').waitFor()
    expect(await owner.getByTestId('run-status').textContent()).toBe('completed')
    expect(await owner.getByTestId('run-step-id').allTextContents()).toEqual(expect.arrayContaining(['invoice', 'approve', 'mark']))
    expect(await owner.getByTestId('run-step-status').allTextContents()).not.toContain('failed')
    await e.shot('workflows-run-detail')
    expect(e.pageErrors).toEqual([])
  })

  it('a retried run is followed on its page until it settles, without a reload', async () => {
    // A step that cannot succeed: the record it updates does not exist.
    const wf = await api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Doomed',
      trigger: { type: 'manual', config: {} },
      steps: [{ id: 'touch', type: 'update-record', config: { tableId: deals, recordId: '0194e0c5-7a0e-7000-8000-000000000000', fields: { Name: 'x' } } }],
    })
    await api('POST', `/api/workflows/${wf.id}/enable`)
    await api('POST', `/api/workflows/${wf.id}/run`, {})
    await eventually(
      async () => (await e.server.api('GET', `/api/workflows/${wf.id}/runs`)).body.runs as Array<{ status: string }>,
      (runs) => runs[0]?.status === 'failed',
      60_000,
    )
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/workflows/${wf.id}/runs`))
    await page.getByTestId('run-list').locator('.el-table__row').first().click()
    await page.locator('[data-test="run-status"][data-status="failed"]').waitFor()
    // The error reads as words, with its step; the stored JSON is folded away under "Details".
    const runError = page.getByTestId('run-detail').getByTestId('run-error').first()
    expect(await runError.getByTestId('run-error-message').textContent()).toMatch(/^Record '[0-9a-f-]+' does not exist/)
    expect(await runError.getByTestId('run-error-facts').textContent()).toContain('In step touch (update-record)')
    expect(await runError.locator('details pre').isVisible()).toBe(false)
    await e.shot('workflows-run-error')
    await runError.locator('details summary').click()
    expect(JSON.parse((await runError.locator('details pre').textContent())!)).toMatchObject({ step: 'touch', type: 'update-record' })
    await e.shot('workflows-run-error-details')
    await page.getByTestId('run-retry').click()
    // Queued or running at first, then failed again, seen with no reload.
    await page.locator('[data-test="run-status"]:not([data-status="failed"])').waitFor()
    await page.locator('[data-test="run-status"][data-status="failed"]').waitFor({ timeout: 60_000 })

    // Fixed in a new version: the failed run offers both, and goes on as the fixed one.
    const saved = await api('PUT', `/api/workflows/${wf.id}`, {
      name: 'Doomed',
      trigger: { type: 'manual', config: {} },
      steps: [{ id: 'touch', type: 'create-record', config: { tableId: deals, fields: { Name: 'fixed by v2' } } }],
    })
    await page.reload()
    await page.getByTestId('run-list').locator('.el-table__row').first().click()
    await page.locator('[data-test="run-status"][data-status="failed"]').waitFor()
    expect(await page.getByTestId('run-retry').textContent()).toContain('Retry as version 1')
    expect(await page.getByTestId('run-retry-current').textContent()).toContain(`Retry as version ${saved.version}`)
    await e.shot('workflows-retry-versions')
    await page.getByTestId('run-retry-current').click()
    await page.locator('[data-test="run-status"][data-status="completed"]').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('run-retry-current').count()).toBe(0)
    expect(e.pageErrors).toEqual([])
  })
})
