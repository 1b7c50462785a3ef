import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'

interface Folder {
  id: string
  name: string
  parentId: string | null
  order: number
  items: Array<{ id: string; itemType: string; itemId: string; order: number }>
}

describe('app sidebar with folders', () => {
  let e: E2E
  let appId: string
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    e = await startE2E()
    appId = (await e.server.api('POST', '/api/apps', { name: 'Shop', icon: '🛒' })).body.id
    for (const name of ['Customers', 'Orders', 'Products']) {
      ids[name] = (await e.server.api('POST', `/api/apps/${appId}/tables`, { name, columns: [{ name: 'Name', type: 'text' }] })).body.id
    }
    ids['Order list'] = (await e.server.api('POST', `/api/apps/${appId}/views`, { name: 'Order list', dataTableId: ids['Orders'], type: 'table' })).body.id
  })
  afterAll(async () => e?.close())

  const folders = async (): Promise<Folder[]> => (await e.server.api('GET', `/api/apps/${appId}/folders`)).body
  const byName = async (name: string) => (await folders()).find((f) => f.name === name)!
  const row = (kind: 'folder' | 'table' | 'view', name: string): Locator => e.page.getByTestId(`sidebar-${kind}`).filter({ hasText: name })
  /** The names in the tree, top to bottom, indented two spaces per level. */
  const outline = async (): Promise<string[]> =>
    e.page
      .locator('[data-test=folder-tree] .el-tree-node__content')
      .evaluateAll((rows) =>
        rows
          .filter((r) => (r as HTMLElement).offsetParent !== null)
          .map((r) => ' '.repeat((parseInt((r as HTMLElement).style.paddingLeft) / 18) * 2) + r.querySelector('.name')!.textContent),
      )

  /** A menu closed a moment ago is still fading out, and its items match `:visible` locators. */
  const menusClosed = (page: Page) => expect.poll(() => page.locator('.el-dropdown-menu:visible').count()).toBe(0)

  async function newFolder(name: string, parent?: string) {
    if (parent) {
      await menusClosed(e.page)
      await row('folder', parent).hover()
      await row('folder', parent).getByTestId('node-menu').click()
      await e.page.locator('.el-dropdown-menu:visible').getByTestId('folder-new-sub').click()
    } else {
      await e.page.getByTestId('new-folder').click()
    }
    const prompt = e.page.locator('.dp-folder-prompt')
    await prompt.locator('input').fill(name)
    await prompt.getByRole('button', { name: 'Save' }).click()
    await row('folder', name).waitFor()
  }

  /** Drags a row onto another: `inner` drops it into a folder, `before`/`after` next to a row. */
  async function drag(from: Locator, to: Locator, where: 'inner' | 'before' | 'after') {
    const box = (await to.boundingBox())!
    const y = where === 'inner' ? box.height / 2 : where === 'before' ? 3 : box.height - 3
    await from.dragTo(to, { targetPosition: { x: Math.min(60, box.width / 2), y } })
  }

  it('shows an empty app with the way to its first table', async () => {
    const empty = (await e.server.api('POST', '/api/apps', { name: 'Empty' })).body.id
    await e.page.goto(e.url(`/apps/${empty}`))
    await e.page.getByTestId('home-empty').waitFor()
    await e.page.locator('[data-test=folder-tree]', { hasText: 'No tables or views yet' }).waitFor()
    await e.shot('sidebar-folders-empty-app')
    await e.page.getByTestId('home-empty-create').click()
    await e.page.waitForURL(new RegExp(`/apps/${empty}/tables/new$`))
    expect(e.pageErrors).toEqual([])
  }, 120_000)

  it('offers "Move to a new folder…" in an app without folders, and moves the table into the folder it names', async () => {
    const { page } = e
    const fresh = (await e.server.api('POST', '/api/apps', { name: 'Fresh' })).body.id
    await e.server.api('POST', `/api/apps/${fresh}/tables`, { name: 'Leads', columns: [{ name: 'Name', type: 'text' }] })
    await page.goto(e.url(`/apps/${fresh}`))
    await row('table', 'Leads').hover()
    await row('table', 'Leads').getByTestId('node-menu').click()
    const move = page.locator('.el-dropdown-menu:visible').getByTestId('node-move')
    expect(await move.textContent()).toContain('Move to a new folder…')
    await e.shot('sidebar-folders-move-no-folders')
    await move.click()
    const prompt = page.locator('.dp-folder-prompt')
    await prompt.locator('input').fill('Sales')
    await prompt.getByRole('button', { name: 'Save' }).click()
    await row('folder', 'Sales').waitFor()
    await expect.poll(outline).toEqual(['Sales', '  Leads'])
    const sales = ((await e.server.api('GET', `/api/apps/${fresh}/folders`)).body as Folder[]).find((f) => f.name === 'Sales')
    expect(sales?.items.map((i) => i.itemType)).toEqual(['table'])
    // With a folder there, the entry is the usual "Move to…" and its dialog.
    await menusClosed(page)
    await row('table', 'Leads').hover()
    await row('table', 'Leads').getByTestId('node-menu').click()
    expect(await page.locator('.el-dropdown-menu:visible').getByTestId('node-move').textContent()).toContain('Move to…')
    await page.keyboard.press('Escape')
    expect(e.pageErrors).toEqual([])
  }, 120_000)

  it('builds nested folders and moves tables, views and folders by drag and drop', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}`))
    await row('view', 'Order list').waitFor()
    expect(await outline()).toEqual(['Customers', 'Orders', 'Products', 'Order list'])
    await e.shot('sidebar-folders-start')

    await newFolder('Sales')
    await newFolder('Catalog')
    await newFolder('Reports', 'Sales')
    expect(await outline()).toEqual(['Sales', '  Reports', 'Catalog', 'Customers', 'Orders', 'Products', 'Order list'])
    await e.shot('sidebar-folders-created')

    // A table into a folder, a view into a nested folder.
    await drag(row('table', 'Customers'), row('folder', 'Sales'), 'inner')
    await expect.poll(async () => (await byName('Sales')).items.length).toBe(1)
    await drag(row('table', 'Orders'), row('folder', 'Sales'), 'inner')
    await expect.poll(async () => (await byName('Sales')).items.length).toBe(2)
    await drag(row('view', 'Order list'), row('folder', 'Reports'), 'inner')
    await expect.poll(async () => (await byName('Reports')).items.length).toBe(1)
    await expect.poll(outline).toEqual(['Sales', '  Reports', '    Order list', '  Customers', '  Orders', 'Catalog', 'Products'])
    await e.shot('sidebar-folders-moved')

    // Reorder inside a folder: Orders before Customers.
    await drag(row('table', 'Orders'), row('table', 'Customers'), 'before')
    await expect.poll(outline).toEqual(['Sales', '  Reports', '    Order list', '  Orders', '  Customers', 'Catalog', 'Products'])

    // A folder into another folder, then a table out of a folder back to the root.
    await drag(row('folder', 'Catalog'), row('folder', 'Sales'), 'inner')
    await expect.poll(async () => (await byName('Catalog')).parentId).toBe((await byName('Sales')).id)
    await drag(row('table', 'Products'), row('folder', 'Catalog'), 'inner')
    await expect.poll(async () => (await byName('Catalog')).items.length).toBe(1)
    // Folders reorder among their siblings: Catalog above Reports.
    await drag(row('folder', 'Catalog'), row('folder', 'Reports'), 'before')
    await expect.poll(outline).toEqual(['Sales', '  Catalog', '    Products', '  Reports', '    Order list', '  Orders', '  Customers'])
    await e.shot('sidebar-folders-nested')

    // The server holds the same tree.
    const all = await folders()
    const sales = all.find((f) => f.name === 'Sales')!
    const catalog = all.find((f) => f.name === 'Catalog')!
    const reports = all.find((f) => f.name === 'Reports')!
    expect(sales.parentId).toBeNull()
    expect([catalog.parentId, reports.parentId]).toEqual([sales.id, sales.id])
    expect(catalog.order).toBeLessThan(reports.order)
    expect(sales.items.map((i) => i.itemId)).toEqual([ids['Orders'], ids['Customers']])
    expect(reports.items).toMatchObject([{ itemType: 'view', itemId: ids['Order list'] }])
    expect(catalog.items).toMatchObject([{ itemType: 'table', itemId: ids['Products'] }])

    // And the browser shows it again after a reload.
    await page.reload()
    await row('view', 'Order list').waitFor()
    expect(await outline()).toEqual(['Sales', '  Catalog', '    Products', '  Reports', '    Order list', '  Orders', '  Customers'])
    await e.shot('sidebar-folders-reloaded')

    // Out to the root: Customers lands after the top folder, outside any folder.
    await drag(row('table', 'Customers'), row('folder', 'Sales'), 'after')
    await expect.poll(async () => (await byName('Sales')).items.map((i) => i.itemId)).toEqual([ids['Orders']])
    await expect.poll(outline).toEqual(['Sales', '  Catalog', '    Products', '  Reports', '    Order list', '  Orders', 'Customers'])

    // Collapsing a folder is remembered across reloads.
    await row('folder', 'Catalog').click()
    await expect.poll(outline).toEqual(['Sales', '  Catalog', '  Reports', '    Order list', '  Orders', 'Customers'])
    await page.reload()
    await row('view', 'Order list').waitFor()
    expect(await outline()).toEqual(['Sales', '  Catalog', '  Reports', '    Order list', '  Orders', 'Customers'])

    // Links open the table.
    await row('table', 'Orders').click()
    await page.waitForURL(new RegExp(`/tables/${ids['Orders']}$`))
    expect(e.pageErrors).toEqual([])
  }, 240_000)

  it('renames and deletes a folder from its menu; its tables stay', async () => {
    const { page } = e
    await menusClosed(page)
    await row('folder', 'Reports').hover()
    await row('folder', 'Reports').getByTestId('node-menu').click()
    await page.locator('.el-dropdown-menu:visible').getByTestId('folder-rename').click()
    await page.locator('.dp-folder-prompt input').fill('Insights')
    await page.locator('.dp-folder-prompt').getByRole('button', { name: 'Save' }).click()
    await row('folder', 'Insights').waitFor()
    await expect.poll(async () => (await folders()).some((f) => f.name === 'Insights')).toBe(true)

    await menusClosed(page)
    await row('folder', 'Insights').hover()
    await row('folder', 'Insights').getByTestId('node-menu').click()
    await page.locator('.el-dropdown-menu:visible').getByTestId('folder-delete').click()
    await page.locator('.el-message-box').getByRole('button', { name: 'Delete' }).click()
    await row('folder', 'Insights').waitFor({ state: 'detached' })
    await row('view', 'Order list').waitFor()
    expect((await folders()).map((f) => f.name).sort()).toEqual(['Catalog', 'Sales'])
    await e.shot('sidebar-folders-deleted')
    expect(e.pageErrors).toEqual([])
  }, 120_000)

  it('works on a phone behind the menu toggle', async () => {
    const phone = await e.context.newPage()
    await phone.setViewportSize({ width: 390, height: 844 })
    await phone.goto(e.url(`/apps/${appId}`))
    await phone.getByTestId('sidebar-toggle').click()
    await phone.getByTestId('sidebar-table').filter({ hasText: 'Customers' }).waitFor()
    // Opening a folder keeps the menu open; following a link closes it.
    await phone.getByTestId('sidebar-folder').filter({ hasText: 'Catalog' }).click()
    await phone.getByTestId('sidebar-table').filter({ hasText: 'Products' }).waitFor()
    await e.shot('sidebar-folders-phone', phone)
    // Touch screens move through the menu instead of dragging.
    await phone.getByTestId('sidebar-table').filter({ hasText: 'Customers' }).getByTestId('node-menu').click()
    await phone.locator('.el-dropdown-menu:visible').getByTestId('node-move').click()
    await phone.getByTestId('move-target').click()
    await phone.locator('.el-select-dropdown__item:visible').filter({ hasText: 'Catalog' }).click()
    await e.shot('sidebar-folders-phone-move', phone)
    await phone.getByTestId('move-confirm').click()
    await expect.poll(async () => (await byName('Catalog')).items.map((i) => i.itemId)).toEqual([ids['Products'], ids['Customers']])
    await phone.getByTestId('sidebar-table').filter({ hasText: 'Customers' }).waitFor()
    await phone.getByTestId('sidebar-table').filter({ hasText: 'Products' }).click()
    await phone.waitForURL(new RegExp(`/tables/${ids['Products']}$`))
    await phone.close()
    expect(e.pageErrors).toEqual([])
  }, 120_000)
})
