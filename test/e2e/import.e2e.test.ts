import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

/**
 * The Import button of the table page: a CSV with bad rows, previewed and mapped in the dialog,
 * imported keeping the good rows; the report names the rejected ones, the grid shows the rest.
 * Then a file into a new table from the app's home page.
 */
describe('import from the table page and the app home', () => {
  let e: E2E
  let appId: string
  let tableId: string
  let dir: string

  beforeAll(async () => {
    e = await startE2E()
    dir = await mkdtemp(join(tmpdir(), 'docpal-e2e-import-'))
    appId = (await e.server.api('POST', '/api/apps', { name: 'Shop' })).body.id
    tableId = (
      await e.server.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Products',
        columns: [
          { name: 'Name', type: 'text', required: true },
          { name: 'Price', type: 'number', config: { precision: 2 } },
        ],
      })
    ).body.id
  })
  afterAll(async () => {
    await e?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('imports a CSV with bad rows: the report names them, the good rows are in the grid', async () => {
    const file = join(dir, 'products.csv')
    await writeFile(file, ['Name,Price,Colour', 'Red chair,10.50,red', 'Blue chair,ten,blue', ',12,green', 'Green table,"1,250.00",green'].join('\n'))
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.getByTestId('table-name').waitFor()
    await page.getByTestId('import-button').click()
    await page.locator('input[data-test="import-file"]').setInputFiles(file)
    await expect.poll(() => page.locator('[data-test="import-map-row"]').count()).toBe(3)
    // Colour matches no column: make it a new text column.
    await page.locator('[data-test="import-target"]').nth(2).click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'New column' }).click()
    await page.getByTestId('import-new-type').waitFor()
    await e.shot('import-mapping')
    await page.getByTestId('import-start').click()
    await expect.poll(() => page.getByTestId('import-status').textContent()).toContain('2 rows imported, 2 rejected')
    const report = page.getByTestId('import-report')
    await expect.poll(() => report.locator('.el-table__row').count()).toBe(2)
    const cells = await report.locator('.el-table__row').allInnerTexts()
    expect(cells[0]).toMatch(/^3\s+Price\s+/)
    expect(cells[1]).toMatch(/^4\s+Name\s+.*required/)
    await e.shot('import-report')
    await page.getByTestId('import-close').click()
    await expect.poll(() => page.locator('[data-test="grid-row"]').count()).toBe(2)
    const grid = await page.locator('[data-test="grid-row"]').allInnerTexts()
    expect(grid.join('\n')).toContain('Red chair')
    expect(grid.join('\n')).toContain('Green table')
    expect(grid.join('\n')).toContain('1,250')
    await e.shot('import-rows-in-grid')
    const cols = (await e.server.api('GET', `/api/tables/${tableId}`)).body.columns.map((c: { name: string }) => c.name)
    expect(cols).toEqual(['Name', 'Price', 'Colour'])
    expect(e.pageErrors).toEqual([])
  })

  it("fills a relation column from its linked records' names, as an export writes them", async () => {
    const api = async (method: string, path: string, body?: unknown) => (await e.server.api(method, path, body)).body
    const customers = (await api('POST', `/api/apps/${appId}/tables`, { name: 'Customers', columns: [{ name: 'Name', type: 'text' }] })).id
    await api('POST', `/api/tables/${customers}/records/bulk`, { records: [{ fields: { Name: 'Acme' } }, { fields: { Name: 'Globex' } }] })
    const orders = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Orders',
        columns: [
          { name: 'Ref', type: 'text' },
          { name: 'Customer', type: 'relation', config: { targetTableId: customers } },
        ],
      })
    ).id
    const file = join(dir, 'orders.csv')
    await writeFile(file, ['Ref,Customer', 'O-1,Acme', 'O-2,"Acme, Globex"', 'O-3,Nobody'].join('\n'))
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${orders}`))
    await page.getByTestId('table-name').waitFor()
    await page.getByTestId('import-button').click()
    await page.locator('input[data-test="import-file"]').setInputFiles(file)
    await expect.poll(() => page.locator('[data-test="import-map-row"]').count()).toBe(2)
    // The relation column is offered and taken by name, not skipped.
    expect(await page.locator('[data-test="import-target"]').nth(1).textContent()).toContain('Customer')
    await e.shot('import-relation-mapping')
    await page.getByTestId('import-start').click()
    await expect.poll(() => page.getByTestId('import-status').textContent()).toContain('2 rows imported, 1 rejected')
    expect(await page.getByTestId('import-report').locator('.el-table__row').first().innerText()).toContain('Nobody')
    const rows = (await api('GET', `/api/tables/${orders}/records?cellFormat=label`)).records as Array<{ fields: { Ref: string; Customer: Array<{ display: string }> } }>
    expect(rows.map((r) => [r.fields.Ref, r.fields.Customer.map((c) => c.display)])).toEqual([
      ['O-1', ['Acme']],
      ['O-2', ['Acme', 'Globex']],
    ])
    await page.getByTestId('import-close').click()
    expect(e.pageErrors).toEqual([])
  })

  it('fits a phone: the mapping wraps inside the dialog', async () => {
    const file = join(dir, 'phone.csv')
    await writeFile(file, ['Name,Price,A rather long column name,Notes', 'Lamp,12,x,first', 'Desk,99,y,second'].join('\n'))
    const phone = await e.newContext({ viewport: { width: 390, height: 844 } })
    const page = await phone.newPage()
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.getByTestId('import-button').click()
    await page.locator('input[data-test="import-file"]').setInputFiles(file)
    await expect.poll(() => page.locator('[data-test="import-map-row"]').count()).toBe(4)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await e.shot('import-phone', page)
    await phone.close()
  })

  it('imports a file into a new table from the app home page', async () => {
    const file = join(dir, 'Suppliers.csv')
    await writeFile(file, ['Supplier,Country,Rating', 'Acme,FR,4', 'Globex,DE,5', 'Initech,FR,3', 'Hooli,DE,4'].join('\n'))
    const { page } = e
    await page.goto(e.url(`/apps/${appId}`))
    await page.getByTestId('app-home').waitFor()
    await page.getByTestId('import-button').click()
    await page.locator('input[data-test="import-file"]').setInputFiles(file)
    await expect.poll(() => page.locator('[data-test="import-map-row"]').count()).toBe(3)
    expect(await page.locator('input[data-test="import-table-name"]').inputValue()).toBe('Suppliers')
    await page.getByTestId('import-start').click()
    await expect.poll(() => page.getByTestId('import-status').textContent()).toContain('4 rows imported, 0 rejected')
    await page.getByTestId('import-close').click()
    await page.waitForURL(/\/tables\//)
    await expect.poll(() => page.locator('[data-test="grid-row"]').count()).toBe(4)
    await expect.poll(() => page.getByTestId('table-name').textContent()).toBe('Suppliers')
    await e.shot('import-new-table')
    expect(e.pageErrors).toEqual([])
  })
})
