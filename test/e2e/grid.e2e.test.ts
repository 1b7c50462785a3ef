import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'

/**
 * The table page's grid over a seeded table: sort, resize, a nested filter, in-place editing with
 * validation, infinite scroll, bulk delete; and a 100k-row table scrolled to its middle.
 */
describe('grid', () => {
  let e: E2E
  let appId: string
  let table: { id: string; columns: Array<{ id: string; name: string; config: { options?: Array<{ id: string; label: string }> } }> }
  const N = 300

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }
  const query = (body: Record<string, unknown>) => api('POST', `/api/tables/${table.id}/records/query`, { limit: 1000, ...body })
  const col = (name: string) => table.columns.find((c) => c.name === name)!
  const rowIds = (page: Page) =>
    page.locator('[data-test="grid-row"]').evaluateAll((els) =>
      els
        .map((el) => ({ i: Number(el.getAttribute('data-row')), id: el.getAttribute('data-id') }))
        .sort((a, b) => a.i - b.i)
        .map((r) => r.id),
    )
  const cell = (page: Page, row: number, name: string) => page.locator(`[data-test="grid-row"][data-row="${row}"] [data-col="${name}"]`)
  const pick = async (page: Page, testId: string) => page.locator(`[data-test="${testId}"]:visible`).first().click()

  beforeAll(async () => {
    e = await startE2E()
    appId = (await api('POST', '/api/apps', { name: 'Inventory' })).id
    table = await api('POST', `/api/apps/${appId}/tables`, {
      name: 'Items',
      columns: [
        { name: 'Title', type: 'text', required: true, config: { maxLength: 40 } },
        { name: 'Qty', type: 'number' },
        {
          name: 'Status',
          type: 'single_select',
          config: {
            options: [
              { id: 'open', label: 'Open', color: 'blue' },
              { id: 'blocked', label: 'Blocked', color: 'red' },
              { id: 'done', label: 'Done', color: 'green' },
            ],
          },
        },
        { name: 'Due', type: 'date' },
        { name: 'Shipped', type: 'switch' },
      ],
    })
    const opts = col('Status').config.options!
    const records = Array.from({ length: N }, (_, k) => {
      const i = k + 1
      return {
        fields: {
          Title: `Item ${String(i).padStart(3, '0')}`,
          Qty: (i * 37) % 500,
          Status: opts[i % 3]!.id,
          Due: `2024-03-${String((i % 28) + 1).padStart(2, '0')}`,
          Shipped: i % 4 === 0,
        },
      }
    })
    await api('POST', `/api/tables/${table.id}/records/bulk`, { records })
  })
  afterAll(async () => e?.close())

  it('sorts, resizes, filters with nested groups, edits in place, scrolls and bulk-deletes', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${table.id}`))
    await page.locator('[data-test="grid-row"]').first().waitFor()
    await expect.poll(() => page.getByTestId('table-count').textContent()).toBe(`${N} records`)
    await e.shot('grid-1-loaded')

    // Sort: a click sorts ascending, a second descending, Shift+click adds a secondary sort.
    await page.getByTestId('grid-header-Qty').click()
    const asc = (await query({ sort: [{ field: 'Qty', direction: 'asc' }], limit: 1 })).records[0]
    await expect.poll(async () => (await rowIds(page))[0]).toBe(asc.id)
    await page.getByTestId('grid-header-Qty').click()
    const desc = (await query({ sort: [{ field: 'Qty', direction: 'desc' }], limit: 1 })).records[0]
    await expect.poll(async () => (await rowIds(page))[0]).toBe(desc.id)
    await page.getByTestId('grid-header-Status').click({ modifiers: ['Shift'] })
    await page.getByTestId('grid-sort-Status').waitFor()
    expect(await page.getByTestId('grid-sort-Qty').getAttribute('data-direction')).toBe('desc')
    await e.shot('grid-2-sorted')
    await page.getByTestId('grid-header-Status').click() // a plain click: Status alone, next direction
    await expect.poll(() => page.locator('[data-test^="grid-sort-"]').count()).toBe(1)
    expect(await page.getByTestId('grid-sort-Status').getAttribute('data-direction')).toBe('desc')
    await page.getByTestId('grid-header-Status').click() // and off again: no sort
    await expect.poll(() => page.locator('[data-test^="grid-sort-"]').count()).toBe(0)

    // Resize: drag the Title header's right edge; the width is kept for this table.
    const header = page.getByTestId('grid-header-Title')
    const before = (await header.boundingBox())!.width
    const edge = (await page.getByTestId('grid-resize-Title').boundingBox())!
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2)
    await page.mouse.down()
    await page.mouse.move(edge.x + 120, edge.y + edge.height / 2, { steps: 5 })
    await page.mouse.up()
    await expect.poll(async () => Math.round((await header.boundingBox())!.width - before)).toBeGreaterThan(100)
    expect(JSON.parse((await page.evaluate((k) => localStorage.getItem(k), `docpal.grid.widths.${table.id}`))!)).toHaveProperty(col('Title').id)
    expect(Math.round((await cell(page, 0, 'Title').boundingBox())!.width)).toBe(Math.round((await header.boundingBox())!.width))
    await e.shot('grid-3-resized')

    // Filter: Qty > 200 AND (Status = Open OR Shipped).
    await page.getByTestId('grid-filter-button').click()
    await page.getByTestId('filter-add-condition').click()
    const cond = (i: number) => page.getByTestId('filter-condition').nth(i)
    await cond(0).locator('.dp-filter-field').click()
    await pick(page, 'filter-field-option-Qty')
    await cond(0).locator('.dp-filter-op').click()
    await pick(page, 'filter-op-option-gt')
    await cond(0).locator('[data-test="filter-value"] input').fill('200')
    await page.locator('[data-test="filter-group-0"] > .dp-filter-actions [data-test="filter-add-group"]').click()
    await cond(1).locator('.dp-filter-field').click()
    await pick(page, 'filter-field-option-Status')
    await cond(1).locator('.dp-filter-op').click()
    await pick(page, 'filter-op-option-eq')
    await cond(1).locator('[data-test="filter-value"] .el-select__wrapper').click()
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'Open' }).first().click()
    await page.locator('[data-test="filter-group-1"] [data-test="filter-add-condition"]').click()
    await cond(2).locator('.dp-filter-field').click()
    await pick(page, 'filter-field-option-Shipped')
    await cond(2).locator('.dp-filter-op').click()
    await pick(page, 'filter-op-option-is_true')
    await e.shot('grid-4-filter-builder')

    const filter = {
      and: [
        { field: 'Qty', op: 'gt', value: 200 },
        {
          or: [
            { field: 'Status', op: 'eq', value: col('Status').config.options![0]!.id },
            { field: 'Shipped', op: 'is_true' },
          ],
        },
      ],
    }
    const expected = (await query({ filter })).records.map((r: { id: string }) => r.id)
    expect(expected.length).toBeGreaterThan(10)
    expect(expected.length).toBeLessThan(100)
    await expect.poll(() => page.getByTestId('table-count').textContent()).toBe(`${expected.length} records`)
    // The grid renders the rows in view (virtual): they are the API's first rows, in its order.
    await expect
      .poll(async () => {
        const shown = await rowIds(page)
        return shown.length >= 15 && shown.every((id, i) => id === expected[i])
      })
      .toBe(true)
    await page.getByTestId('table-name').click() // closes the popover
    await e.shot('grid-5-filtered')
    await page.getByTestId('grid-filter-button').click()
    await page.getByTestId('filter-clear').click()
    await page.getByTestId('table-name').click()
    await expect.poll(() => page.getByTestId('table-count').textContent()).toBe(`${N} records`)

    // In-place editing: Enter saves, Esc cancels, a refused value is rolled back with the server's message.
    const first = (await rowIds(page))[0]!
    await cell(page, 0, 'Title').dblclick()
    const input = page.locator('[data-test="grid-editor"] input')
    await input.fill('Renamed item')
    await input.press('Enter')
    await page.getByTestId('grid-editor').waitFor({ state: 'detached' })
    await expect.poll(async () => (await api('GET', `/api/tables/${table.id}/records/${first}`)).fields.Title).toBe('Renamed item')
    await expect.poll(() => cell(page, 0, 'Title').textContent()).toBe('Renamed item')

    await cell(page, 0, 'Title').click()
    await page.keyboard.press('Enter') // Enter on the active cell opens its editor too
    await input.fill('Not saved')
    await input.press('Escape')
    await page.getByTestId('grid-editor').waitFor({ state: 'detached' })
    expect(await cell(page, 0, 'Title').textContent()).toBe('Renamed item')
    expect((await api('GET', `/api/tables/${table.id}/records/${first}`)).fields.Title).toBe('Renamed item')

    // A refused value (Title is required) is rolled back at once, with the server's message.
    await cell(page, 0, 'Title').dblclick()
    await input.fill('')
    await input.press('Enter')
    await page.getByTestId('grid-editor').waitFor({ state: 'detached' })
    const err = page.locator('.el-message.dp-save-error')
    await err.waitFor()
    expect((await err.textContent())!).toContain('Title')
    await expect.poll(() => cell(page, 0, 'Title').textContent()).toBe('Renamed item')
    await e.shot('grid-6-cell-error')
    expect((await api('GET', `/api/tables/${table.id}/records/${first}`)).fields.Title).toBe('Renamed item')

    // Infinite scroll: the last row exists only once the grid was scrolled down to it.
    expect(await page.locator(`[data-test="grid-row"][data-row="${N - 1}"]`).count()).toBe(0)
    await page.getByTestId('grid').evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await page.locator(`[data-test="grid-row"][data-row="${N - 1}"]`).waitFor()
    await e.shot('grid-7-scrolled-to-end')
    await page.getByTestId('grid').evaluate((el) => el.scrollTo({ top: 0 }))
    await page.locator('[data-test="grid-row"][data-row="0"]').waitFor()

    // Select three rows and delete them.
    const doomed = (await rowIds(page)).slice(0, 3)
    for (let i = 0; i < 3; i++) await page.locator(`[data-test="grid-row"][data-row="${i}"] [data-test="grid-row-select"]`).click()
    await page.getByTestId('grid-selection-bar').waitFor()
    await e.shot('grid-8-selected')
    await page.getByTestId('grid-delete-selected').click()
    await page.locator('.el-message-box').getByRole('button', { name: 'Delete' }).click()
    await expect.poll(async () => (await query({ count: true, limit: 1 })).total).toBe(N - 3)
    await expect.poll(() => page.getByTestId('table-count').textContent()).toBe(`${N - 3} records`)
    expect((await rowIds(page)).some((id) => doomed.includes(id))).toBe(false)
    await e.shot('grid-9-deleted')
    expect(e.pageErrors).toEqual([])
  }, 180_000)

  it('fits a phone: the grid scrolls sideways', async () => {
    const phone = await e.newContext({ viewport: { width: 390, height: 844 } })
    const page = await phone.newPage()
    await page.goto(e.url(`/apps/${appId}/tables/${table.id}`))
    await page.locator('[data-test="grid-row"]').first().waitFor()
    const grid = page.getByTestId('grid')
    expect(await grid.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await e.shot('grid-10-phone', page)
    // A filter condition: the field and its remove button on one line, the operator and the value below.
    await page.getByTestId('grid-filter-button').click()
    await page.getByTestId('filter-add-condition').click()
    const cond = page.getByTestId('filter-condition').first()
    await cond.waitFor()
    const field = (await cond.locator('.dp-filter-field').boundingBox())!
    const remove = (await cond.getByTestId('filter-remove').boundingBox())!
    expect(Math.abs(remove.y + remove.height / 2 - (field.y + field.height / 2))).toBeLessThan(4)
    expect(remove.x + remove.width).toBeLessThanOrEqual(390)
    await e.shot('grid-10-phone-filter', page)
    await phone.close()
  })

  it('scrolls a 100k-row table to its middle', async () => {
    const big = await api('POST', `/api/apps/${appId}/tables`, {
      name: 'Big',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'N', type: 'number' },
      ],
    })
    for (let c = 0; c < 10; c++) {
      const records = Array.from({ length: 10_000 }, (_, k) => ({ fields: { Name: `Row ${c * 10_000 + k}`, N: c * 10_000 + k } }))
      await api('POST', `/api/tables/${big.id}/records/bulk`, { records })
    }
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${big.id}`))
    // The planner's estimate paints first; the exact count (which sizes the scrollbar) follows.
    await page.getByTestId('table-count').getByText('100,000 records').waitFor()
    await page.getByTestId('grid').evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }))
    await page.locator('[data-test="grid-row"][data-row="50000"]').waitFor()
    // Only the rows in view are in the DOM.
    expect(await page.locator('.dp-grid-row').count()).toBeLessThan(80)
    await e.shot('grid-11-100k-middle')
    expect(e.pageErrors).toEqual([])
  })
})
