import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'

/** The table builder: a table with a column of every field type, then schema changes on data. */
describe('table builder', () => {
  let e: E2E
  let appId: string
  beforeAll(async () => {
    e = await startE2E()
    e.page.setDefaultTimeout(15_000)
    appId = (await e.server.api('POST', '/api/apps', { name: 'Shop' })).body.id
  })
  afterAll(async () => e?.close())

  const table = async (id: string) => (await e.server.api('GET', `/api/tables/${id}?includeArchived=true`)).body
  const dialog = (page: Page) => page.locator('.el-dialog').filter({ has: page.getByTestId('column-form') })

  /** Opens the column dialog (new column or the named one), sets name and type. */
  async function columnDialog(page: Page, name: string, type: string, existing?: string): Promise<Locator> {
    if (existing) await page.getByTestId('column-row').filter({ has: page.getByTestId('column-label').getByText(existing, { exact: true }) }).getByTestId('column-edit').click()
    else await page.getByTestId('add-column').click()
    const d = dialog(page)
    await d.getByTestId('column-name').fill(name)
    await d.getByTestId('column-type').click()
    await page.getByTestId(`type-option-${type}`).click()
    return d
  }

  async function done(page: Page, d: Locator) {
    await d.getByTestId('column-done').click()
    await d.waitFor({ state: 'hidden' })
  }

  it('creates a table with a column of every field type', async () => {
    const { page } = e
    const products = (await e.server.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Products',
      columns: [{ name: 'Title', type: 'text' }, { name: 'Price', type: 'number', config: { precision: 2 } }],
    })).body
    await page.goto(e.url(`/apps/${appId}/tables/new`))
    await page.getByTestId('table-builder').waitFor()
    await page.getByTestId('column-row').first().waitFor()
    await e.shot('table-builder-new')

    await page.getByTestId('table-name').fill('Orders')
    await page.getByTestId('table-description').fill('Every order with its items')

    // The first column ("Name", text) is there already: give it a maximum length.
    let d = await columnDialog(page, 'Name', 'text', 'Name')
    await d.getByTestId('config-maxLength').locator('input').fill('120')
    await done(page, d)

    for (const [name, type] of [['Notes', 'long_text'], ['Quantity', 'number'], ['Ordered on', 'date'], ['Tags', 'multiple_select'], ['Website', 'url'], ['Contact', 'email'], ['Paid', 'switch'], ['Owner', 'user']] as const) {
      d = await columnDialog(page, name, type)
      await done(page, d)
    }
    await e.shot('table-builder-columns')
    await page.getByTestId('save-table').click()
    await page.waitForURL(/\/tables\/[0-9a-f-]{36}$/)
    const created = (await e.server.api('GET', `/api/apps/${appId}/tables`)).body.find((x: any) => x.name === 'Orders')
    expect(created.columns.map((c: any) => [c.name, c.type])).toEqual([
      ['Name', 'text'], ['Notes', 'long_text'], ['Quantity', 'number'], ['Ordered on', 'date'], ['Tags', 'multiple_select'],
      ['Website', 'url'], ['Contact', 'email'], ['Paid', 'switch'], ['Owner', 'user'],
    ])
    expect(created.columns[0].config.maxLength).toBe(120)
    await page.getByTestId('sidebar').getByText('Orders').waitFor()
    void products
    expect(e.pageErrors).toEqual([])
  }, 180_000)
})
