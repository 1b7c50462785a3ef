import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

describe('dark mode, Simplified Chinese and the phone layout', () => {
  let e: E2E
  let appId: string
  let tableId: string
  beforeAll(async () => {
    e = await startE2E()
    const app = await e.server.api('POST', '/api/apps', { name: 'Sales CRM', icon: '💼', description: 'Leads and deals' })
    await e.server.api('POST', '/api/apps', { name: 'Hiring', icon: '🧑‍💼', description: 'Candidates and interviews' })
    appId = app.body.id
    const table = await e.server.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Contacts',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Email', type: 'email' },
        { name: 'Deals', type: 'number' },
      ],
    })
    tableId = table.body.id
    const rows = await e.server.api('POST', `/api/tables/${tableId}/records/bulk`, {
      records: [{ fields: { Name: 'Ada Lovelace', Email: 'ada@example.com', Deals: 3 } }, { fields: { Name: 'Lin Hui', Email: 'lin@example.cn', Deals: 5 } }],
    })
    expect(rows.status).toBe(201)
  })
  afterAll(async () => e?.close())

  it('switches to dark mode, and every page follows', async () => {
    const { page } = e
    await page.goto(e.url('/'))
    await page.getByTestId('app-card').first().waitFor()
    await page.getByTestId('theme-switch').click()
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true)
    // Our variables sit on Element Plus's: the page and the cards are dark, not white.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(10, 10, 10)')
    expect(
      await page
        .getByTestId('app-card')
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor),
    ).not.toBe('rgb(255, 255, 255)')
    await e.shot('theme-dark-apps')

    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.getByTestId('table-name').getByText('Contacts').waitFor()
    await page.getByText('Ada Lovelace').first().waitFor()
    expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true) // the choice is remembered
    await e.shot('theme-dark-table')
    await page.getByTestId('admin-link').click()
    await page.getByTestId('plugin-card').first().waitFor()
    await e.shot('theme-dark-admin')

    await page.getByTestId('theme-switch').click()
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(false)
    expect(e.pageErrors).toEqual([])
  })

  it("switches to Simplified Chinese: our strings and Element Plus's", async () => {
    const { page } = e
    await page.goto(e.url('/'))
    await page.getByTestId('app-card').first().waitFor()
    await page.getByTestId('locale-select').click()
    await page.getByRole('menuitem', { name: '简体中文' }).click()
    await page.getByRole('heading', { name: '我的应用' }).waitFor()
    await page.getByTestId('admin-link').getByText('插件').waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN')

    // A dialog: our labels, and Element Plus's own close button in its zh-CN locale.
    await page.getByTestId('create-app').click()
    const dialog = page.getByRole('dialog', { name: '新建应用' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: '关闭此对话框' }).waitFor()
    await dialog.getByRole('button', { name: '取消' }).waitFor()
    await e.shot('i18n-zh-apps-dialog')
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })

    await page.getByTestId('admin-link').click()
    await page.getByRole('heading', { name: '插件' }).waitFor()
    await page.getByRole('heading', { name: /字段类型/ }).waitFor()
    // Plugin names and descriptions come from the manifests' translations, not their English.
    const kanban = page.locator('[data-test="plugin-card"][data-plugin-id="view-kanban"]')
    await kanban.getByTestId('plugin-name').getByText('看板视图', { exact: true }).waitFor()
    expect(await kanban.getByTestId('plugin-description').textContent()).toBe('按单选字段将卡片分组到各列。')
    await e.shot('i18n-zh-admin')
    await page.getByRole('tab', { name: '插件目录' }).click()
    await page.locator('[data-test="catalog-entry"][data-plugin-id="view-kanban"]').getByTestId('catalog-name').getByText('看板视图', { exact: true }).waitFor()
    await e.shot('i18n-zh-admin-catalog')

    // Field and view type names come in the plugins' own translations, not the server's English.
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}/design`))
    await page.locator('.type.dp-muted').first().waitFor()
    expect(await page.locator('.type.dp-muted').allTextContents()).toEqual(['文本', '邮箱', '数字'])
    await e.shot('i18n-zh-design')
    await page.goto(e.url(`/apps/${appId}/views/new?tableId=${tableId}`))
    await page.getByTestId('view-type').waitFor()
    await page.getByTestId('view-type').click()
    await page.getByTestId('view-type-table').filter({ hasText: '表格' }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByTestId('view-type').getByText('表格').waitFor()
    expect(await page.locator('.dp-muted.type').allTextContents()).toEqual(['文本', '邮箱', '数字'])
    await e.shot('i18n-zh-new-view')

    // Dates follow the app's language, not the browser's (en-US here): "2026年12月6日 13:05".
    await page.goto(e.url('/profile'))
    const lastActive = page.getByTestId('session-list').locator('.el-table__row').first()
    await lastActive.waitFor()
    expect(await lastActive.textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/)

    // The choice survives a reload.
    await page.getByTestId('admin-link').click()
    await page.getByRole('heading', { name: '插件' }).waitFor()
    await page.reload()
    await page.getByRole('heading', { name: '插件' }).waitFor()
    await page.getByTestId('locale-select').click()
    await page.getByRole('menuitem', { name: 'English' }).click()
    await page.getByRole('heading', { name: 'Plugins' }).waitFor()
    expect(e.pageErrors).toEqual([])
  })

  it('fits a 390x844 phone: compact header, one column of apps, sidebar behind a toggle', async () => {
    const context = await e.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    try {
      await page.goto(e.url('/'))
      const cards = page.getByTestId('app-card')
      await cards.nth(1).waitFor()
      const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()]
      expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1) // stacked, not side by side
      expect(a!.width).toBeGreaterThan(300)
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(await overflow()).toBeLessThanOrEqual(0)
      await page.getByTestId('theme-switch').waitFor()
      // The header keeps only icons and the short language name.
      await page.getByTestId('locale-select').getByText('EN', { exact: true }).waitFor()
      expect(await page.getByTestId('locale-select').getByText('English').isVisible()).toBe(false)
      expect(await page.getByTestId('admin-link').getByText('Plugins').isVisible()).toBe(false)
      // The task inbox link is a component of its own: its label goes too (it stayed, at 18 px).
      await page.getByTestId('tasks-link').waitFor()
      expect(await page.getByTestId('tasks-link').getByText('Tasks').isVisible()).toBe(false)
      await e.shot('mobile-apps', page)

      await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
      await page.getByTestId('table-name').waitFor()
      const sidebar = page.getByTestId('sidebar')
      const inView = async () => ((await sidebar.boundingBox())?.x ?? -1) >= 0
      expect(await inView()).toBe(false)
      await e.shot('mobile-table', page)
      await page.getByTestId('sidebar-toggle').click()
      await expect.poll(inView).toBe(true)
      await e.shot('mobile-sidebar-open', page)
      await page.getByTestId('admin-link').click()
      await page.getByTestId('plugin-card').first().waitFor()
      expect(await overflow()).toBeLessThanOrEqual(0)
      await e.shot('mobile-admin', page)
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
