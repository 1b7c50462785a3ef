import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'

/**
 * The grid's layout (issue 15): a table view shows the spreadsheet grid; a header dragged onto
 * another moves its column, resizing and the summary row's choices are saved in the view (so a
 * reload, or anyone else, sees them); the summary row is the server's count, sum, ... over every
 * record the view matches, not over the rows loaded in the page.
 */
describe('grid: column order, widths and the summary row, saved in the view', () => {
  let e: E2E
  let page: Page
  let appId: string
  let tableId: string
  let viewId: string
  let ids: Record<string, string>
  const N = 250

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }
  const headers = () => page.locator('.dp-grid-head [role="columnheader"]').evaluateAll((els) => els.map((el) => el.querySelector('.dp-grid-hname')?.textContent))
  const view = () => api('GET', `/api/views/${viewId}`)
  async function openView() {
    await page.goto(e.url(`/apps/${appId}/views/${viewId}`))
    await page.locator('[data-test="grid-row"][data-row="0"]').waitFor()
  }
  async function pickSummary(column: string, kind: string) {
    const button = page.getByTestId(`grid-summary-${column}`)
    await button.click()
    // This column's menu (the last one may still be fading out).
    const menu = page.locator(`[aria-labelledby="${await button.getAttribute('id')}"]`)
    await menu.locator(`[data-test="grid-summary-kind-${kind}"]`).click()
    await menu.waitFor({ state: 'hidden' })
  }
  const summaryValue = (column: string) => page.getByTestId(`grid-summary-value-${column}`).textContent()

  beforeAll(async () => {
    e = await startE2E({ viewport: { width: 1400, height: 800 } })
    page = e.page
    page.setDefaultTimeout(10_000)
    appId = (await api('POST', '/api/apps', { name: 'Layout' })).id
    const table = await api('POST', `/api/apps/${appId}/tables`, {
      name: 'Sales',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Qty', type: 'number' },
        {
          name: 'Region',
          type: 'single_select',
          config: {
            options: [
              { id: 'n', label: 'North' },
              { id: 's', label: 'South' },
            ],
          },
        },
        { name: 'Due', type: 'date' },
      ],
    })
    tableId = table.id
    ids = Object.fromEntries(table.columns.map((c: { name: string; id: string }) => [c.name, c.id]))
    // More rows than one page (100): a sum of the loaded rows would be wrong.
    const records = Array.from({ length: N }, (_, i) => ({ fields: { Name: `Sale ${i}`, Qty: i + 1, Region: i % 3 ? 'n' : 's', ...(i % 5 ? { Due: '2026-02-01' } : {}) } }))
    await api('POST', `/api/tables/${tableId}/records/bulk`, { records })
    viewId = (await api('POST', `/api/apps/${appId}/views`, { name: 'North sales', dataTableId: tableId, type: 'table', queryConfig: {} })).id
  })
  afterAll(async () => e?.close())

  it('a header dropped on another moves the column; the order is the view’s and survives a reload', async () => {
    await openView()
    expect(await headers()).toEqual(['Name', 'Qty', 'Region', 'Due'])
    // Onto the left half of Name: Qty goes first (and is the frozen column).
    const name = (await page.getByTestId('grid-header-Name').boundingBox())!
    await page.getByTestId('grid-header-Qty').dragTo(page.getByTestId('grid-header-Name'), { targetPosition: { x: 10, y: name.height / 2 } })
    await expect.poll(headers).toEqual(['Qty', 'Name', 'Region', 'Due'])
    // Due onto the right half of Qty.
    const qty = (await page.getByTestId('grid-header-Qty').boundingBox())!
    await page.getByTestId('grid-header-Due').dragTo(page.getByTestId('grid-header-Qty'), { targetPosition: { x: qty.width - 10, y: qty.height / 2 } })
    await expect.poll(headers).toEqual(['Qty', 'Due', 'Name', 'Region'])
    await expect.poll(async () => (await view()).queryConfig.fields).toEqual([ids.Qty, ids.Due, ids.Name, ids.Region])
    await openView()
    expect(await headers()).toEqual(['Qty', 'Due', 'Name', 'Region'])
    // The cells follow their headers.
    expect((await page.locator('[data-row="0"] .dp-grid-cell').first().textContent())?.trim()).toBe('1')
    await e.shot('grid-layout-reordered')
  })

  it('a resized column is saved in the view', async () => {
    const header = page.getByTestId('grid-header-Name')
    const before = (await header.boundingBox())!.width
    const edge = (await page.getByTestId('grid-resize-Name').boundingBox())!
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2)
    await page.mouse.down()
    await page.mouse.move(edge.x + 100, edge.y + edge.height / 2, { steps: 5 })
    await page.mouse.up()
    await expect.poll(async () => (await view()).config.columnWidths?.[ids.Name!] ?? 0).toBeGreaterThan(before + 80)
    await openView()
    expect(Math.round((await header.boundingBox())!.width)).toBeGreaterThan(before + 80)
  })

  it('the summary row shows the server’s figures over every record, saved per column in the view', async () => {
    await pickSummary('Qty', 'sum')
    await expect.poll(() => summaryValue('Qty')).toBe((((N + 1) * N) / 2).toLocaleString('en'))
    await pickSummary('Due', 'empty')
    await expect.poll(() => summaryValue('Due')).toBe(String(N / 5))
    await pickSummary('Region', 'count')
    await expect.poll(() => summaryValue('Region')).toBe(String(N))
    expect((await page.getByTestId('grid-summary-total').textContent())?.trim()).toBe(String(N))
    await e.shot('grid-summary-row')
    expect((await view()).config.summary).toEqual({ [ids.Qty!]: 'sum', [ids.Due!]: 'empty', [ids.Region!]: 'count' })
    // Max instead of sum; and a saved edit is counted again.
    await pickSummary('Qty', 'max')
    await expect.poll(() => summaryValue('Qty')).toBe(String(N))
    await page.locator('[data-row="0"] [data-col="Qty"]').dblclick()
    await page.getByTestId('grid-editor').locator('input').fill('1000')
    await page.keyboard.press('Enter')
    await expect.poll(() => summaryValue('Qty')).toBe('1,000')
    await openView()
    await expect.poll(() => summaryValue('Qty')).toBe('1,000')
  })

  it('the summary follows the view’s filter and the search; the table page has its own', async () => {
    await api('PUT', `/api/views/${viewId}`, { queryConfig: { filter: { and: [{ field: 'Region', op: 'eq', value: 'n' }] } } })
    await openView()
    const north = Array.from({ length: N }, (_, i) => i).filter((i) => i % 3 !== 0).length
    await expect.poll(async () => (await page.getByTestId('grid-summary-total').textContent())?.trim()).toBe(String(north))
    await expect.poll(() => summaryValue('Region')).toBe(String(north))
    await page.getByTestId('search-box').fill('Sale 24')
    await page.getByTestId('search-box').press('Enter')
    // Sale 24, 240..249, less those in the South (24, 240, 243, 246, 249).
    await expect.poll(async () => (await page.getByTestId('grid-summary-total').textContent())?.trim()).toBe('6')
    await e.shot('grid-summary-searched')
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.locator('[data-test="grid-row"][data-row="0"]').waitFor()
    expect(await headers()).toEqual(['Name', 'Qty', 'Region', 'Due'])
    await pickSummary('Qty', 'count')
    await expect.poll(() => summaryValue('Qty')).toBe(String(N))
    expect(e.pageErrors).toEqual([])
  })

  it('a long text uses its cell’s width, clamped to one line', async () => {
    const notes = await api('POST', `/api/apps/${appId}/tables`, {
      name: 'Notes',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Body', type: 'long_text' },
      ],
    })
    const body = 'A long note that goes on well past the width of its column.\nIt has a second line too.'
    await api('POST', `/api/tables/${notes.id}/records`, { fields: { Name: 'N1', Body: body } })
    await page.goto(e.url(`/apps/${appId}/tables/${notes.id}`))
    const cell = page.locator('[data-test="grid-row"][data-row="0"] [data-col="Body"]')
    const text = cell.locator('.dp-long-text')
    await text.waitFor()
    const [cellBox, textBox] = [(await cell.boundingBox())!, (await text.boundingBox())!]
    // The cell's width less its padding (10px each side); one line high.
    expect(textBox.width).toBeGreaterThan(cellBox.width - 24)
    expect(textBox.height).toBeLessThan(cellBox.height)
    expect(await text.getAttribute('title')).toBe(body)
    await e.shot('grid-long-text')
    expect(e.pageErrors).toEqual([])
  })
})
