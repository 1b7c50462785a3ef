import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest'
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
  // Each test answers for its own page errors; what the page showed when a step failed is kept.
  let errorsBefore = 0
  const newErrors = () => e.pageErrors.slice(errorsBefore)
  beforeEach(() => {
    errorsBefore = e.pageErrors.length
    onTestFailed(async () => {
      console.log('page errors:', newErrors())
      await e.shot('table-builder-failed')
    })
  })

  const table = async (id: string) => (await e.server.api('GET', `/api/tables/${id}?includeArchived=true`)).body
  const dialog = (page: Page) => page.locator('.el-dialog').filter({ has: page.getByTestId('column-form') })

  /** Opens the column dialog (new column or the named one), sets name and type. */
  async function columnDialog(page: Page, name: string, type: string, existing?: string): Promise<Locator> {
    if (existing)
      await page
        .getByTestId('column-row')
        .filter({ has: page.getByTestId('column-label').getByText(existing, { exact: true }) })
        .getByTestId('column-edit')
        .click()
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

  let types: string[] = []
  let typeLabels: string[] = []
  /** Opens an Element Plus select and picks the option with this text (column pickers add the column's type). */
  async function pick(page: Page, select: Locator, option: string) {
    await select.click()
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const name = new RegExp(`^${esc(option)}(\\s*(${typeLabels.map(esc).join('|')}))?$`)
    await page.getByRole('option', { name }).click()
  }

  it('creates a table with a column of every field type', async () => {
    const { page } = e
    const products = (
      await e.server.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Products',
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'Price', type: 'number', config: { precision: 2 } },
        ],
      })
    ).body
    const fieldTypes = (await e.server.api('GET', '/api/field-types')).body
    types = fieldTypes.map((f: any) => f.type).sort()
    // Column pickers show each column's type by its label (as the type menu names it).
    typeLabels = fieldTypes.map((f: any) => f.label)
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

    for (const [name, type] of [
      ['Notes', 'long_text'],
      ['Ordered on', 'date'],
      ['Website', 'url'],
      ['Contact', 'email'],
      ['Paid', 'switch'],
      ['Owner', 'user'],
    ] as const) {
      d = await columnDialog(page, name, type)
      await done(page, d)
    }

    d = await columnDialog(page, 'Quantity', 'number')
    // The empty precision's placeholder ('Any (kept as entered)') fits its box; it was cut.
    const fits = await d
      .getByTestId('config-precision')
      .locator('input')
      .evaluate((el) => {
        const input = el as HTMLInputElement
        const ctx = document.createElement('canvas').getContext('2d')
        if (!ctx) return false
        ctx.font = getComputedStyle(input).font
        const pad = parseFloat(getComputedStyle(input).paddingLeft) + parseFloat(getComputedStyle(input).paddingRight)
        return input.placeholder.length > 0 && ctx.measureText(input.placeholder).width <= input.clientWidth - pad
      })
    expect(fits).toBe(true)
    await d.getByTestId('config-precision').locator('input').fill('1')
    await done(page, d)

    // A select starts with two example options: rename them and recolor the second.
    d = await columnDialog(page, 'Status', 'single_select')
    await d.getByTestId('option-label').nth(0).fill('Open')
    await d.getByTestId('option-label').nth(1).fill('Closed')
    await pick(page, d.getByTestId('option-color').nth(1), 'red')
    await e.shot('table-builder-select-options')
    await done(page, d)
    d = await columnDialog(page, 'Tags', 'multiple_select')
    await d.getByTestId('option-add').click()
    await d.getByTestId('option-label').nth(2).fill('Gift')
    await done(page, d)

    // A relation to Products, then a lookup and an aggregation through it (before it is saved).
    d = await columnDialog(page, 'Product', 'relation')
    await pick(page, d.getByTestId('config-targetTable'), 'Products')
    await done(page, d)
    d = await columnDialog(page, 'Product title', 'lookup')
    await pick(page, d.getByTestId('config-relationField'), 'Product')
    // No target field yet: Done says which setting is missing, and keeps the dialog open.
    await d.getByTestId('column-done').click()
    await d.getByTestId('column-dialog-error').waitFor()
    expect(await d.getByTestId('column-dialog-error').textContent()).toContain('Field of the linked table is needed')
    await e.shot('table-builder-setting-missing')
    await pick(page, d.getByTestId('config-targetField'), 'Title')
    await d.getByTestId('column-dialog-error').waitFor({ state: 'detached' })
    await done(page, d)
    d = await columnDialog(page, 'Total price', 'aggregation')
    await pick(page, d.getByTestId('config-aggregation'), 'Sum')
    await pick(page, d.getByTestId('config-relationField'), 'Product')
    await pick(page, d.getByTestId('config-targetField'), 'Price')
    await e.shot('table-builder-aggregation')
    await done(page, d)
    d = await columnDialog(page, 'Double quantity', 'formula')
    await d.getByTestId('config-formula').fill('{Quantity} * 2 + {Nope}')
    await done(page, d)
    await e.shot('table-builder-columns')

    // The formula names no such field: the server's error shows at its row, and the dialog.
    await page.getByTestId('save-table').click()
    const formulaRow = page.getByTestId('column-row').filter({ has: page.getByTestId('column-label').getByText('Double quantity', { exact: true }) })
    await formulaRow.getByTestId('column-error').waitFor()
    expect(await formulaRow.getByTestId('column-error').textContent()).toContain('Nope')
    // The columns that could be created were: only the formula is left to save.
    expect(await page.getByTestId('column-row').filter({ hasText: 'Changed' }).count()).toBe(0)
    await formulaRow.scrollIntoViewIfNeeded()
    await e.shot('table-builder-server-error')
    d = await columnDialog(page, 'Double quantity', 'formula', 'Double quantity')
    await d.getByTestId('column-dialog-error').waitFor()
    await d.getByTestId('config-formula').fill('{Quantity} * 2')
    // Changed settings: the old refusal is not shown against them.
    await d.getByTestId('column-dialog-error').waitFor({ state: 'detached' })
    await done(page, d)
    await page.getByTestId('save-table').click()
    await page.waitForURL(/\/tables\/[0-9a-f-]{36}$/)
    const created = (await e.server.api('GET', `/api/apps/${appId}/tables`)).body.find((x: any) => x.name === 'Orders')
    expect(created.description).toBe('Every order with its items')
    const cols = created.columns
    expect(cols.map((c: any) => [c.name, c.type])).toEqual([
      ['Name', 'text'],
      ['Notes', 'long_text'],
      ['Ordered on', 'date'],
      ['Website', 'url'],
      ['Contact', 'email'],
      ['Paid', 'switch'],
      ['Owner', 'user'],
      ['Quantity', 'number'],
      ['Status', 'single_select'],
      ['Tags', 'multiple_select'],
      ['Product', 'relation'],
      ['Product title', 'lookup'],
      ['Total price', 'aggregation'],
      ['Double quantity', 'formula'],
    ])
    // Every field type the server offers has a column.
    expect([...new Set(cols.map((c: any) => c.type))].sort()).toEqual(types)
    const col = (name: string) => cols.find((c: any) => c.name === name)
    expect(col('Name').config.maxLength).toBe(120)
    expect(col('Quantity').config.precision).toBe(1)
    expect(col('Status').config.options.map((o: any) => [o.label, o.color])).toEqual([
      ['Open', 'blue'],
      ['Closed', 'red'],
    ])
    expect(col('Tags').config.options.map((o: any) => o.label)).toEqual(['Option 1', 'Option 2', 'Gift'])
    expect(col('Product').config.targetTableId).toBe(products.id)
    expect(col('Product title').config).toMatchObject({ relationFieldId: col('Product').id, targetFieldId: products.columns[0].id })
    expect(col('Total price').config).toMatchObject({ aggregation: 'sum', relationFieldId: col('Product').id, targetFieldId: products.columns[1].id })
    expect(col('Double quantity').config.formula).toBe('{Quantity} * 2')
    await page.getByTestId('sidebar').getByText('Orders').waitFor()
    expect(newErrors()).toEqual([])
  }, 240_000)

  it('adds, renames, reorders, retypes, removes and restores columns of a table with data', async () => {
    const { page } = e
    const tb = (
      await e.server.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Inventory',
        columns: [
          { name: 'Item', type: 'text' },
          { name: 'Code', type: 'text' },
          { name: 'Stock', type: 'number' },
          { name: 'Note', type: 'text' },
        ],
      })
    ).body
    const bulk = await e.server.api('POST', `/api/tables/${tb.id}/records/bulk`, {
      records: [
        { fields: { Item: 'Bolt', Code: '12', Stock: 5, Note: 'steel' } },
        { fields: { Item: 'Nut', Code: 'abc', Stock: 9, Note: 'brass' } },
        { fields: { Item: 'Gear', Code: '7', Stock: 1, Note: null } },
      ],
    })
    expect(bulk.status, bulk.text).toBe(201)
    const double = await e.server.api('POST', `/api/tables/${tb.id}/columns`, { name: 'Double stock', type: 'formula', config: { formula: '{Stock} * 2' } })
    expect(double.status, double.text).toBe(201)
    const names = async () => (await table(tb.id)).columns.map((c: any) => c.name)
    // A field's values by item (records come in no particular order).
    const valuesOf = async (field: string) =>
      Object.fromEntries((await e.server.api('GET', `/api/tables/${tb.id}/records`)).body.records.map((r: any) => [r.fields.Item, r.fields[field]]))
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
    expect(await valuesOf('Remarks')).toEqual({ Bolt: 'steel', Nut: 'brass', Gear: null })

    // Reorder by dragging Stock's handle above Item.
    const from = await row('Stock').getByTestId('drag-handle').boundingBox()
    const to = await row('Item').boundingBox()
    await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2)
    await page.mouse.down()
    for (let i = 1; i <= 10; i++) await page.mouse.move(from!.x + from!.width / 2, from!.y + (to!.y + 4 - from!.y) * (i / 10))
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
    expect(await valuesOf('Code')).toEqual({ Bolt: 12, Nut: null, Gear: 7 })
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
    expect(await valuesOf('Remarks')).toEqual({ Bolt: 'steel', Nut: 'brass', Gear: null })

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
    const phone = await e.newContext({ viewport: { width: 390, height: 844 } })
    const small = await phone.newPage()
    small.on('pageerror', (err) => e.pageErrors.push(err.message))
    await small.goto(e.url(`/apps/${appId}/tables/${tb.id}/design`))
    await small.getByTestId('archived-column').first().waitFor()
    await e.shot('table-builder-phone', small)
    await small.getByTestId('column-edit').first().click()
    await small.getByTestId('column-name').waitFor()
    await e.shot('table-builder-phone-dialog', small)
    await phone.close()
    expect(newErrors()).toEqual([])
  }, 240_000)
})
