import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'
import { inviteMember } from './support/member.ts'
import { eventually } from '../support/second-server.ts'

/**
 * The Chinese UI of the workflow builder, the task inbox and the permissions editor, walked in
 * Chromium: every word the web app writes is Chinese. The data is Chinese too (app, tables,
 * fields, the company's own role), so any Latin word left on these pages is the app's, save the
 * few a person typed in Latin (emails, step ids, variables) and the product's name.
 */
describe('zh-CN: workflow builder, task inbox, permissions editor', () => {
  let e: E2E
  let appId: string
  let deals: string
  let workflowId: string

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }
  // Latin words that are not the web app's: the product's name, what people typed (emails, step
  // ids, variables' paths, the owner's name and company), the {x} of the variable picker, and the
  // approval and update-record plugins' own Chinese texts ("如 {{trigger.record.Manager}}", "记录 ID").
  const TYPED = new Set(['DocPal', 'owner', 'Owner', "Owner's", 'company', 'example', 'com', 'approve', 'ask', 'update', 'record', 'trigger', 'id', 'x', 'Manager', 'ID'])
  /** The Latin words of what a locator shows, other than those typed by people. */
  async function english(where: Locator): Promise<string[]> {
    const text = await where.innerText()
    return [...new Set(text.match(/[A-Za-z][A-Za-z'-]*/g) ?? [])].filter((w) => !TYPED.has(w))
  }
  async function inChinese(page: Page) {
    await page.evaluate(() => localStorage.setItem('docpal.locale', 'zh-CN'))
  }

  beforeAll(async () => {
    e = await startE2E({ viewport: { width: 1366, height: 800 } })
    await inviteMember(e, 'manager@example.com', '经理')
    const me = await api('GET', '/api/auth/me')
    await api('POST', `/api/companies/${me.currentCompanyId as string}/roles`, { name: 'auditor', label: '审计员' })
    appId = (await api('POST', '/api/apps', { name: '销售' })).id
    deals = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: '交易',
        columns: [
          { name: '名称', type: 'text' },
          { name: '阶段', type: 'text' },
          { name: '金额', type: 'number' },
          { name: '机密', type: 'text' },
        ],
      })
    ).id
    await api('POST', `/api/tables/${deals}/records`, { fields: { 名称: '甲公司', 阶段: '进行中', 金额: 5000 } })
    await api('PUT', `/api/tables/${deals}/permissions`, { rules: [{ role: 'member', actions: ['view'], hiddenFields: ['机密'] }] })
    const wf = await api('POST', `/api/apps/${appId}/workflows`, {
      name: '审批大额交易',
      trigger: { type: 'record-updated', config: { tableId: deals, fields: ['阶段'] }, conditions: { and: [{ field: '阶段', op: 'eq', value: '成交' }] } },
      steps: [
        {
          id: 'approve',
          type: 'approval',
          config: { title: '审批 {{trigger.record.名称}}', users: [e.server.owner.userId], roles: ['member', 'auditor'] },
          branches: { approve: [{ id: 'update', type: 'update-record', config: { tableId: deals, recordId: '{{trigger.record.id}}', fields: { 阶段: '已批准' } } }] },
        },
        { id: 'ask', type: 'user-form', config: { title: '填写备注', users: [e.server.owner.userId], fields: [{ name: '备注', type: 'text', required: true }] } },
      ],
    })
    workflowId = wf.id
  })
  afterAll(() => e?.close())

  it('the workflow builder', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/workflows/${workflowId}`))
    await inChinese(page)
    await page.reload()
    const editor = page.getByTestId('workflow-editor')
    await page.getByTestId('step-approve').getByTestId('step-warning').first().waitFor()
    await e.shot('i18n-zh-workflow-builder')
    expect(await english(editor)).toEqual([])
    // A form field's type is one of the app's words, not the plugin's value (`text`).
    expect(await page.getByTestId('step-ask').getByTestId('schema-enum').innerText()).toBe('文本')
    await page.getByTestId('step-update').scrollIntoViewIfNeeded()
    await e.shot('i18n-zh-workflow-builder-2')
    await page.getByTestId('step-ask').scrollIntoViewIfNeeded()
    await e.shot('i18n-zh-workflow-builder-3')
    await page.goto(e.url(`/apps/${appId}/workflows`))
    await page.getByTestId('workflows-page').waitFor()
    await page.getByText('审批大额交易').first().waitFor()
    expect(await english(page.getByTestId('workflows-page'))).toEqual([])
    await e.shot('i18n-zh-workflow-list')
    expect(e.pageErrors).toEqual([])
  })

  it('the task inbox', async () => {
    const { page } = e
    await api('POST', `/api/workflows/${workflowId}/enable`)
    const deal = (await api('GET', `/api/tables/${deals}/records`)).records[0] as { id: string }
    await api('PATCH', `/api/tables/${deals}/records/${deal.id}`, { fields: { 阶段: '成交' } })
    await eventually(
      async () => (await api('GET', `/api/workflows/${workflowId}/runs`)).runs as Array<{ status: string }>,
      (runs) => runs[0]?.status === 'waiting',
      20_000,
    )
    await page.goto(e.url('/tasks'))
    const inbox = page.getByTestId('task-inbox')
    await inbox.locator('.task').first().waitFor()
    await e.shot('i18n-zh-task-inbox')
    expect(await english(page.locator('body'))).toEqual([])
    const phone = await e.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    try {
      const p = await phone.newPage()
      await p.goto(e.url('/tasks'))
      await inChinese(p)
      await p.reload()
      await p.getByTestId('task-inbox').locator('.task').first().waitFor()
      await e.shot('i18n-zh-task-inbox-390', p)
    } finally {
      await phone.close()
    }
  })

  it('the permissions editor', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${deals}`))
    await page.getByTestId('table-permissions').click()
    const dialog = page.getByTestId('permissions-dialog')
    await dialog.getByTestId('permission-rule').first().waitFor()
    await dialog.getByTestId('permissions-add-rule').click()
    await e.shot('i18n-zh-permissions-table')
    expect(await english(dialog)).toEqual([])
    // The rule's role and the field matrix's rows: the built-in role in Chinese.
    expect(await dialog.getByTestId('rule-role').first().innerText()).toBe('成员')
    await page.keyboard.press('Escape')
    await page.goto(e.url(`/apps/${appId}/settings`))
    await page.getByTestId('app-permissions').click()
    const grants = page.getByTestId('grants-dialog')
    await grants.getByTestId('permissions-add-rule').click()
    await e.shot('i18n-zh-permissions-app')
    expect(await english(grants)).toEqual([])
    await page.keyboard.press('Escape')
    await page.goto(e.url(`/apps/${appId}/tables/${deals}`))
    await page.getByTestId('view-as').click()
    await page.locator('.el-dropdown-menu:visible').getByTestId('view-as-member').waitFor()
    await e.shot('i18n-zh-view-as')
    const menu = page.locator('.el-dropdown-menu:visible')
    expect(await english(menu)).toEqual([])
    expect(await menu.getByTestId('view-as-member').innerText()).toBe('成员')
    expect(e.pageErrors).toEqual([])
  })
})
