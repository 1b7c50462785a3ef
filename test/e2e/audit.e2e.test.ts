import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'
import { inviteMember } from './support/member.ts'

/**
 * The audit log in the browser (issue 16): a cell edited in the grid shows on the record page's
 * timeline as old -> new, a table's history is on its settings page, and the company audit page
 * (linked from the user menu for owners and admins) filters by action and resource.
 */
describe('audit log', () => {
  let e: E2E
  let appId: string
  let tableId: string
  let recordId: string

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }
  const entries = (page: Page) => page.getByTestId('audit-entry')

  beforeAll(async () => {
    e = await startE2E()
    appId = (await api('POST', '/api/apps', { name: 'Audited' })).id
    tableId = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Tasks',
        columns: [
          { name: 'Name', type: 'text' },
          { name: 'Qty', type: 'number' },
        ],
      })
    ).id
    recordId = (await api('POST', `/api/tables/${tableId}/records`, { fields: { Name: 'Alpha', Qty: 1 } })).id
  })
  afterAll(() => e?.close())

  it('an edited cell shows on the record page as old -> new, after a reload', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    const cell = page.locator('[data-test="grid-row"][data-row="0"] [data-col="Name"]')
    await cell.waitFor()
    const box = (await cell.boundingBox())!
    await cell.dblclick({ position: { x: box.width - 4, y: box.height / 2 } })
    const input = page.getByTestId('grid-editor').locator('input')
    await input.fill('Beta')
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(`/records/${recordId}`))
    await input.press('Enter')
    expect((await saved).status()).toBe(200)

    await page.goto(e.url(`/apps/${appId}/tables/${tableId}/records/${recordId}`))
    await page.reload()
    const timeline = page.getByTestId('record-history').getByTestId('audit-timeline')
    await timeline.getByTestId('audit-entry').first().waitFor()
    const latest = timeline.getByTestId('audit-entry').first()
    expect(await latest.getByTestId('audit-who').textContent()).toBe('Owner')
    expect(await latest.getByTestId('audit-action').textContent()).toBe('changed')
    expect(await latest.getByTestId('audit-change').count()).toBe(1)
    expect(await latest.getByTestId('audit-old').textContent()).toBe('Alpha')
    expect(await latest.getByTestId('audit-new').textContent()).toBe('Beta')
    // The creation is below it, with the values the record started with.
    const created = timeline.getByTestId('audit-entry').nth(1)
    expect(await created.getByTestId('audit-action').textContent()).toBe('created the record')
    expect(await created.textContent()).toContain('Alpha')
    await latest.scrollIntoViewIfNeeded()
    await e.shot('audit-record-timeline')
    expect(e.pageErrors).toEqual([])
  })

  it("shows the table's history on its settings page", async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}/settings`))
    const history = page.getByTestId('table-history')
    await history.getByTestId('audit-entry').first().waitFor()
    const actions = await history.getByTestId('audit-action').allTextContents()
    expect(actions).toEqual(['changed', 'created the record', 'created the table'])
    await history.scrollIntoViewIfNeeded()
    await e.shot('audit-table-history')
  })

  it('the company audit page: linked from the user menu, filtered by action and by resource', async () => {
    const { page } = e
    await page.goto(e.url('/'))
    await page.getByTestId('user-menu').click()
    await page.getByTestId('audit-link').click()
    await page.waitForURL(/\/audit$/)
    await entries(page).first().waitFor()
    const all = await entries(page).count()
    expect(all).toBeGreaterThanOrEqual(5) // login, app, table, record create and update
    await e.shot('audit-page')

    await page.getByTestId('audit-filter-action').click()
    await page.keyboard.type('record.update')
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '(record.update)' }).first().click()
    await expect.poll(() => entries(page).count()).toBe(1)
    expect(await entries(page).first().getByTestId('audit-action').textContent()).toBe('changed')
    expect(await entries(page).first().textContent()).toContain('Tasks')
    await e.shot('audit-page-filtered')

    await page.getByTestId('audit-clear').click()
    await expect.poll(() => entries(page).count()).toBe(all)
    await page.getByTestId('audit-filter-resource').click()
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: /^App$/ }).first().click()
    await expect.poll(() => entries(page).count()).toBe(1)
    expect(await entries(page).first().getByTestId('audit-action').textContent()).toBe('created the app')
    expect(e.pageErrors).toEqual([])
  })

  it("names a member's role change in the reader's language: 角色: 管理员 → 成员", async () => {
    const bea = await inviteMember(e, 'bea@example.com', 'Bea Admin', 'admin')
    const me = await api('GET', '/api/auth/me')
    await api('PATCH', `/api/companies/${me.currentCompanyId as string}/members/${bea.userId}`, { role: 'member' })
    const context = await e.newContext({ viewport: { width: 1280, height: 800 } })
    await context.addInitScript(() => localStorage.setItem('docpal.locale', 'zh-CN'))
    const page = await context.newPage()
    await page.goto(e.url('/audit'))
    const changed = entries(page).filter({ hasText: 'Bea Admin' }).first()
    await changed.getByTestId('audit-change').waitFor()
    expect(await changed.getByTestId('audit-field').textContent()).toBe('角色')
    expect(await changed.getByTestId('audit-old').textContent()).toBe('管理员')
    expect(await changed.getByTestId('audit-new').textContent()).toBe('成员')
    await e.shot('audit-role-change-zh', page)
    await context.close()
  })

  it('shows logged values as the grid does: option labels, linked records and users by name, numbers at their precision', async () => {
    const { page } = e
    const me = (await api('GET', '/api/auth/me')) as { user: { id: string } }
    const customers = (await api('POST', `/api/apps/${appId}/tables`, { name: 'Customers', columns: [{ name: 'Name', type: 'text' }] })).id
    const acme = (await api('POST', `/api/tables/${customers}/records`, { fields: { Name: 'Acme Ltd' } })).id
    const globex = (await api('POST', `/api/tables/${customers}/records`, { fields: { Name: 'Globex' } })).id
    const deals = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Deals',
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'Stage', type: 'single_select', config: { options: Object.entries({ opt_lead: 'Lead', opt_won: 'Won' }).map(([id, label]) => ({ id, label })) } },
          { name: 'Customer', type: 'relation', config: { targetTableId: customers } },
          { name: 'Owner', type: 'user' },
          { name: 'Amount', type: 'number', config: { precision: 2 } },
        ],
      })
    ).id
    const deal = (await api('POST', `/api/tables/${deals}/records`, { fields: { Title: 'Big one', Stage: 'opt_lead', Customer: [acme], Owner: me.user.id, Amount: 250.5 } })).id
    await api('PATCH', `/api/tables/${deals}/records/${deal}`, { fields: { Stage: 'opt_won', Customer: [globex] } })
    await api('POST', `/api/tables/${deals}/records/bulk`, {
      records: [{ fields: { Title: 'Bulk A', Stage: 'opt_won', Amount: 3 } }, { fields: { Title: 'Bulk B', Stage: 'opt_lead', Customer: [acme] } }],
    })

    await page.goto(e.url(`/apps/${appId}/tables/${deals}/records/${deal}`))
    const timeline = page.getByTestId('record-history').getByTestId('audit-timeline')
    const latest = timeline.getByTestId('audit-entry').first()
    await latest.getByText('Globex').waitFor()
    const changes = latest.getByTestId('audit-change')
    // (The colon after a field's name is drawn by CSS, so it is not in the text.)
    expect(await changes.allTextContents()).toEqual([expect.stringMatching(/^Stage\s*Lead\s*→\s*Won$/), expect.stringMatching(/^Customer\s*Acme Ltd\s*→\s*Globex$/)])
    const created = timeline.getByTestId('audit-entry').nth(1)
    await created.getByText('Acme Ltd').waitFor()
    const text = (await created.textContent()) ?? ''
    expect(text).toContain('Lead')
    expect(text).toContain('250.50')
    expect(text).toContain('Owner') // the user field shows the owner's name
    expect(text).not.toContain(me.user.id)
    expect(text).not.toContain('opt_lead')
    // In the table's column order, not the log's key order.
    expect(await created.locator('.field').allTextContents()).toEqual(['Title', 'Stage', 'Customer', 'Owner', 'Amount'])
    await latest.scrollIntoViewIfNeeded()
    await e.shot('audit-record-values')

    // A table's history lists a bulk insert's records with their values displayed the same way.
    await page.goto(e.url(`/apps/${appId}/tables/${deals}/settings`))
    const bulk = page.getByTestId('table-history').getByTestId('audit-entry').first()
    await bulk.getByText('Bulk B').waitFor()
    // Linked records are resolved to their display after the entry shows (one request per column).
    await bulk.getByText('Acme Ltd').waitFor()
    const lines = await bulk.getByTestId('audit-change').allTextContents()
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/Title\s*Bulk A · Stage\s*Won · Amount\s*3\.00/)
    expect(lines[1]).toMatch(/Title\s*Bulk B · Stage\s*Lead · Customer\s*Acme Ltd/)
    await bulk.scrollIntoViewIfNeeded()
    await e.shot('audit-bulk-values')
    expect(e.pageErrors).toEqual([])
  })
})
