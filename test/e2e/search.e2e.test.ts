import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

/**
 * Quick search (issue 15): the search box of the table page and of a view's toolbar narrows the
 * records to those where a text field or a select label contains the text; clearing it brings
 * them all back.
 */
describe('quick search', () => {
  let e: E2E
  let appId: string
  let tableId: string
  const N = 60

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }

  beforeAll(async () => {
    e = await startE2E()
    appId = (await api('POST', '/api/apps', { name: 'Search' })).id
    const statuses = [
      { id: 'open', label: 'Open' },
      { id: 'blocked', label: 'Blocked' },
      { id: 'done', label: 'Done' },
    ]
    tableId = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Items',
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'Status', type: 'single_select', config: { options: statuses } },
        ],
      })
    ).id
    const records = Array.from({ length: N }, (_, k) => ({ fields: { Title: `Item ${String(k + 1).padStart(3, '0')}`, Status: statuses[k % 3]!.label } }))
    await api('POST', `/api/tables/${tableId}/records/bulk`, { records })
  })
  afterAll(async () => e?.close())

  it('the table page search box narrows the grid by text and by select label', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.locator('[data-test="grid-row"]').first().waitFor()
    await expect.poll(() => page.getByTestId('table-count').textContent()).toBe(`${N} records`)
    const box = page.locator('input[data-test="search-box"]')
    await box.fill('item 01')
    await expect.poll(() => page.getByTestId('table-count').textContent()).toBe('10 records')
    await expect.poll(() => page.locator('[data-test="grid-row"] [data-col="Title"]').first().textContent()).toBe('Item 010')
    await e.shot('search-1-table-text')
    await box.fill('BLOCKED')
    await box.press('Enter')
    await expect.poll(() => page.getByTestId('table-count').textContent()).toBe(`${N / 3} records`)
    await e.shot('search-2-table-label')
    await box.fill('')
    await expect.poll(() => page.getByTestId('table-count').textContent()).toBe(`${N} records`)
  })

  it("a view's search box reloads the view with the search", async () => {
    const view = await api('POST', `/api/apps/${appId}/views`, { name: 'All items', dataTableId: tableId, type: 'table', queryConfig: {} })
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/views/${view.id}`))
    // A table view shows the grid.
    const rows = page.locator('[data-test="view-grid"] [data-test="grid-row"]')
    await rows.first().waitFor()
    await page.locator('input[data-test="search-box"]').fill('Item 05')
    await expect.poll(() => rows.count()).toBe(10)
    await expect.poll(() => rows.first().textContent()).toContain('Item 050')
    await e.shot('search-3-view')
    await page.locator('input[data-test="search-box"]').fill('nothing like this')
    await page.getByTestId('grid-empty').waitFor()
  })
})
