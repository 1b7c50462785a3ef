import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

describe('settings of apps, tables and folders', () => {
  let e: E2E
  let appId: string
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    e = await startE2E()
    appId = (await e.server.api('POST', '/api/apps', { name: 'Shop', icon: '🛒' })).body.id
    for (const name of ['Customers', 'Orders']) {
      ids[name] = (await e.server.api('POST', `/api/apps/${appId}/tables`, { name, columns: [{ name: 'Name', type: 'text' }] })).body.id
    }
    for (const name of ['Sales', 'Archive']) ids[name] = (await e.server.api('POST', `/api/apps/${appId}/folders`, { name })).body.id
  })
  afterAll(async () => e?.close())

  const api = async (path: string) => (await e.server.api('GET', path)).body
  const openMenu = async (kind: string, name: string) => {
    // The previous step's menu fades out for a moment; its items would match the locator below.
    await expect.poll(() => e.page.locator('.el-dropdown-menu:visible').count()).toBe(0)
    const row = e.page.getByTestId(`sidebar-${kind}`).filter({ hasText: name })
    await row.hover()
    await row.getByTestId('node-menu').click()
    await e.page.locator('.el-dropdown-menu:visible').getByTestId('node-settings').click()
  }

  it('edits the app name, icon and description', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}`))
    await page.getByTestId('app-settings-link').click()
    await page.waitForURL(/\/settings$/)
    await page.getByTestId('settings-name').fill('')
    await page.getByTestId('settings-save').click()
    await page.locator('.el-form-item__error', { hasText: 'Enter a name' }).waitFor()
    await e.shot('settings-app-required')

    await page.getByTestId('settings-name').fill('Store')
    await page.getByTestId('settings-icon').fill('🏬')
    await page.getByTestId('settings-description').fill('Everything we sell')
    await page.getByTestId('settings-save').click()
    await page.getByTestId('sidebar-app').filter({ hasText: 'Store' }).waitFor()
    expect(await api(`/api/apps/${appId}`)).toMatchObject({ name: 'Store', icon: '🏬', description: 'Everything we sell' })
    await e.shot('settings-app-saved')
    expect(e.pageErrors).toEqual([])
  }, 120_000)

  it('edits a table, showing the server refusal at the field, and links to its designer', async () => {
    const { page } = e
    await openMenu('table', 'Orders')
    await page.waitForURL(new RegExp(`/tables/${ids['Orders']}/settings$`))
    await page.getByTestId('settings-name').fill('customers')
    await page.getByTestId('settings-save').click()
    // The name clash is the server's verdict, shown under the name field.
    await page
      .locator('.el-form-item__error')
      .filter({ hasText: /customers/i })
      .waitFor()
    await e.shot('settings-table-refused')

    await page.getByTestId('settings-name').fill('Purchases')
    await page.getByTestId('settings-description').fill('One row per order')
    await page.getByTestId('settings-save').click()
    await page.getByTestId('sidebar-table').filter({ hasText: 'Purchases' }).waitFor()
    expect(await api(`/api/tables/${ids['Orders']}`)).toMatchObject({ name: 'Purchases', description: 'One row per order' })
    expect((await api(`/api/tables/${ids['Orders']}`)).columns).toHaveLength(1)
    await e.shot('settings-table-saved')

    await page.getByTestId('settings-design').click()
    await page.waitForURL(new RegExp(`/tables/${ids['Orders']}/design$`))
    expect(e.pageErrors).toEqual([])
  }, 120_000)

  it('renames a folder and moves it under another; a folder is never offered as its own parent', async () => {
    const { page } = e
    await openMenu('folder', 'Archive')
    await page.waitForURL(new RegExp(`/folders/${ids['Archive']}/settings$`))
    await page.getByTestId('settings-name').fill('Old stuff')
    await page.getByTestId('settings-description').fill('Kept for reference')
    await page.getByTestId('settings-parent').click()
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'Sales' }).click()
    await page.getByTestId('settings-save').click()
    await expect.poll(async () => (await api(`/api/folders/${ids['Archive']}`)).parentId).toBe(ids['Sales'])
    expect(await api(`/api/folders/${ids['Archive']}`)).toMatchObject({ name: 'Old stuff', description: 'Kept for reference' })
    // The sidebar nests it: its row is indented one level under Sales.
    const row = page.locator('[data-test=folder-tree] .el-tree-node__content').filter({ hasText: 'Old stuff' })
    await expect.poll(async () => row.evaluate((r) => (r as HTMLElement).style.paddingLeft)).toBe('18px')
    await e.shot('settings-folder-saved')

    await openMenu('folder', 'Sales')
    await page.waitForURL(new RegExp(`/folders/${ids['Sales']}/settings$`))
    await page.getByTestId('folder-contents').filter({ hasText: 'Old stuff' }).waitFor()
    await page.getByTestId('settings-parent').click()
    await page.locator('.el-select-dropdown__item:visible').first().waitFor()
    const offered = await page.locator('.el-select-dropdown__item:visible').allTextContents()
    expect(offered.map((s) => s.trim())).toEqual(['None (top level)'])
    await page.keyboard.press('Escape')
    expect(e.pageErrors).toEqual([])
  }, 120_000)

  it('deletes a table from its settings page after confirmation', async () => {
    const { page } = e
    await openMenu('table', 'Customers')
    await page.waitForURL(new RegExp(`/tables/${ids['Customers']}/settings$`))
    await page.getByTestId('settings-delete').click()
    await page.locator('.el-message-box').getByRole('button', { name: 'Cancel' }).click()
    expect((await api(`/api/apps/${appId}/tables`)).map((t: { name: string }) => t.name).sort()).toEqual(['Customers', 'Purchases'])

    await page.getByTestId('settings-delete').click()
    await e.shot('settings-table-delete-confirm')
    await page.locator('.el-message-box').getByRole('button', { name: 'Delete' }).click()
    await page.waitForURL(new RegExp(`/apps/${appId}$`))
    await page.getByTestId('sidebar-table').filter({ hasText: 'Customers' }).waitFor({ state: 'detached' })
    expect((await api(`/api/apps/${appId}/tables`)).map((t: { name: string }) => t.name)).toEqual(['Purchases'])
    await e.shot('settings-table-deleted')
    expect(e.pageErrors).toEqual([])
  }, 120_000)

  it('fits a phone screen', async () => {
    const phone = await e.context.newPage()
    await phone.setViewportSize({ width: 390, height: 844 })
    await phone.goto(e.url(`/apps/${appId}/settings`))
    await phone.getByTestId('settings-name').waitFor()
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await e.shot('settings-phone', phone)
    await phone.getByTestId('sidebar-toggle').click()
    await phone.getByTestId('sidebar-folder').filter({ hasText: 'Sales' }).waitFor()
    await e.shot('settings-phone-sidebar', phone)
    await phone.close()
    expect(e.pageErrors).toEqual([])
  }, 120_000)
})
