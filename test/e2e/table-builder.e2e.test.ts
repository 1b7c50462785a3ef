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

  it('adds, renames, reorders, retypes, removes and restores columns of a table with data', async () => {
    const { page } = e
    const tb = (await e.server.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Inventory',
      columns: [{ name: 'Item', type: 'text' }, { name: 'Code', type: 'text' }, { name: 'Stock', type: 'number' }, { name: 'Note', type: 'text' }],
    })).body
    const bulk = await e.server.api('POST', `/api/tables/${tb.id}/records/bulk`, {
      records: [{ fields: { Item: 'Bolt', Code: '12', Stock: 5, Note: 'steel' } }, { fields: { Item: 'Nut', Code: 'abc', Stock: 9, Note: 'brass' } }, { fields: { Item: 'Gear', Code: '7', Stock: 1, Note: null } }],
    })
    expect(bulk.status, bulk.text).toBe(201)
    const double = await e.server.api('POST', `/api/tables/${tb.id}/columns`, { name: 'Double stock', type: 'formula', config: { formula: '{Stock} * 2' } })
    expect(double.status, double.text).toBe(201)
    const names = async () => (await table(tb.id)).columns.map((c: any) => c.name)
    const rows = page.getByTestId('column-row')
    const row = (name: string) => rows.filter({ has: page.getByTestId('column-label').getByText(name, { exact: true }) })
    const save = async () => {
      await page.getByTestId('save-table').click()
      await page.getByTestId('unsaved').waitFor({ state: 'detached' })
    }

    await page.goto(e.url(`/apps/${appId}/tables/${tb.id}/design`))
    await row('Double stock').waitFor()
    await e.shot('table-builder-edit')

    // Esc closes the column dialog without changing anything.
    await row('Item').getByTestId('column-edit').click()
    await dialog(page).getByTestId('column-name').fill('Changed')
    await page.keyboard.press('Escape')
    await dialog(page).waitFor({ state: 'hidden' })
    await row('Item').waitFor()
    expect(await page.getByTestId('unsaved').count()).toBe(0)

    // Add a column.
    let d = await columnDialog(page, 'Supplier', 'email')
    await done(page, d)
    await page.getByTestId('unsaved').waitFor()
    await save()
    expect(await names()).toEqual(['Item', 'Code', 'Stock', 'Note', 'Double stock', 'Supplier'])

    // Rename: Enter in the name field applies the edit.
    await row('Note').getByTestId('column-edit').click()
    await dialog(page).getByTestId('column-name').fill('Remarks')
    await dialog(page).getByTestId('column-name').press('Enter')
    await dialog(page).waitFor({ state: 'hidden' })
    await save()
    expect(await names()).toEqual(['Item', 'Code', 'Stock', 'Remarks', 'Double stock', 'Supplier'])
    expect((await e.server.api('GET', `/api/tables/${tb.id}/records`)).body.records.map((r: any) => r.fields.Remarks)).toEqual(['steel', 'brass', null])

    // Reorder by dragging Stock's handle above Item.
    const from = await row('Stock').getByTestId('drag-handle').boundingBox()
    const to = await row('Item').boundingBox()
    await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2)
    await page.mouse.down()
    for (let i = 1; i <= 10; i++) await page.mouse.move(from!.x + from!.width / 2, from!.y + ((to!.y + 4) - from!.y) * (i / 10))
    await page.mouse.up()
    await expect.poll(() => rows.getByTestId('column-label').allTextContents()).toEqual(['Stock', 'Item', 'Code', 'Remarks', 'Double stock', 'Supplier'])
    await e.shot('table-builder-reordered')
    await save()
    expect(await names()).toEqual(['Stock', 'Item', 'Code', 'Remarks', 'Double stock', 'Supplier'])

    // Retype Code from text to number: the dry run reports the value that does not convert.
    d = await columnDialog(page, 'Code', 'number', 'Code')
    await done(page, d)
    await page.getByTestId('save-table').click()
    const report = page.getByTestId('conversion-dialog')
    await report.waitFor()
    expect(await report.getByTestId('conversion-lost').textContent()).toBe('1')
    await e.shot('table-builder-dry-run')
    expect((await table(tb.id)).columns.find((c: any) => c.name === 'Code').type).toBe('text')
    await page.getByTestId('convert-anyway').click()
    await page.getByTestId('unsaved').waitFor({ state: 'detached' })
    const afterRetype = await table(tb.id)
    expect(afterRetype.columns.find((c: any) => c.name === 'Code').type).toBe('number')
    expect((await e.server.api('GET', `/api/tables/${tb.id}/records`)).body.records.map((r: any) => r.fields.Code)).toEqual([12, null, 7])
    expect(afterRetype.archivedColumns.map((c: any) => c.name)).toEqual(['Code (before change to number)'])

    // Remove Remarks; it is archived and can be restored with its values.
    await row('Remarks').getByTestId('column-remove').click()
    await save()
    expect(await names()).toEqual(['Stock', 'Item', 'Code', 'Double stock', 'Supplier'])
    const archived = page.getByTestId('archived-column')
    await archived.filter({ hasText: 'Remarks' }).waitFor()
    await e.shot('table-builder-archived')
    await archived.filter({ hasText: 'Remarks' }).getByTestId('restore-column').click()
    await row('Remarks').waitFor()
    expect(await names()).toEqual(['Stock', 'Item', 'Code', 'Double stock', 'Supplier', 'Remarks'])
    expect((await e.server.api('GET', `/api/tables/${tb.id}/records`)).body.records.map((r: any) => r.fields.Remarks)).toEqual(['steel', 'brass', null])

    // Removing Stock, which a formula uses, asks to remove the formula too.
    await row('Stock').getByTestId('column-remove').click()
    await page.getByTestId('save-table').click()
    const deps = page.getByTestId('dependents-dialog')
    await deps.getByTestId('dependent').filter({ hasText: 'Double stock' }).waitFor()
    await e.shot('table-builder-dependents')
    expect(await names()).toContain('Stock')
    await page.getByTestId('remove-with-dependents').click()
    await page.getByTestId('unsaved').waitFor({ state: 'detached' })
    expect(await names()).toEqual(['Item', 'Code', 'Supplier', 'Remarks'])
    expect((await table(tb.id)).archivedColumns.map((c: any) => c.name).sort()).toEqual(['Code (before change to number)', 'Double stock', 'Stock'])

    // A phone-sized screen stacks each column's actions under it.
    const phone = await e.browser.newContext({ viewport: { width: 390, height: 844 } })
    const small = await phone.newPage()
    small.on('pageerror', (err) => e.pageErrors.push(err.message))
    await small.goto(e.url(`/apps/${appId}/tables/${tb.id}/design`))
    await small.getByTestId('archived-column').first().waitFor()
    await e.shot('table-builder-phone', small)
    await small.getByTestId('column-edit').first().click()
    await small.getByTestId('column-name').waitFor()
    await e.shot('table-builder-phone-dialog', small)
    await phone.close()
    expect(e.pageErrors).toEqual([])
  }, 240_000)
})
