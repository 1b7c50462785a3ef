import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'

/**
 * The grid's range features (issue 15): Shift+click and Shift+arrows select a range, Ctrl+C puts
 * it on the clipboard as TSV, a TSV block from a spreadsheet pastes (read by each column's
 * parser; rows past the last are created; refused cells are named while the rest is kept), Ctrl+D
 * fills down, ticked rows are deleted; each is one Ctrl+Z. Every result is checked in the API
 * after a reload, so what the grid only showed fails here.
 */
describe('grid: ranges, copy and paste, fill down, delete rows', () => {
  let e: E2E
  let tableId: string
  let page: Page
  let longTableId = ''
  const tableId2 = () => longTableId

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }
  /** The table's records in creation order, as the API answers them. */
  const rows = async (): Promise<Array<Record<string, unknown>>> =>
    (await api('POST', `/api/tables/${tableId}/records/query`, { limit: 100, sort: [{ field: 'createdAt', direction: 'asc' }] })).records.map(
      (r: { fields: Record<string, unknown> }) => r.fields,
    )
  const cell = (row: number, name: string) => page.locator(`[data-row="${row}"] [data-col="${name}"]`)
  const grid = () => page.getByTestId('grid')
  async function reload() {
    await page.reload()
    await page.locator('[data-test="grid-row"][data-row="0"]').waitFor()
  }
  /** A paste as the browser delivers one from the system clipboard (a ClipboardEvent holding TSV). */
  const pasteTsv = (text: string) =>
    grid().evaluate((el, t) => {
      const data = new DataTransfer()
      data.setData('text/plain', t)
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, text)
  const count = () => page.getByTestId('table-count').textContent()
  /** The first `limit` names of the Orders table (the tests that make it), in creation order. */
  const orderNames = async (limit: number): Promise<string[]> =>
    (
      await api('POST', `/api/tables/${tableId2()}/records/query`, {
        limit,
        sort: [
          { field: 'createdAt', direction: 'asc' },
          { field: 'id', direction: 'asc' },
        ],
      })
    ).records.map((r: { fields: { Name: string } }) => r.fields.Name)

  beforeAll(async () => {
    e = await startE2E({ viewport: { width: 1400, height: 800 } })
    page = e.page
    const appId = (await api('POST', '/api/apps', { name: 'Ranges' })).id
    const table = await api('POST', `/api/apps/${appId}/tables`, {
      name: 'Stock',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Qty', type: 'number' },
        {
          name: 'Status',
          type: 'single_select',
          config: {
            options: [
              { id: 'open', label: 'Open' },
              { id: 'done', label: 'Done' },
            ],
          },
        },
        { name: 'Shipped', type: 'switch' },
        { name: 'Due', type: 'date' },
      ],
    })
    tableId = table.id
    // Created one by one so creation order is row order.
    for (let i = 0; i < 4; i++) await api('POST', `/api/tables/${tableId}/records`, { fields: { Name: `Item ${i}`, Qty: i, Status: 'open' } })
    await e.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.server.url })
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.locator('[data-test="grid-row"][data-row="3"]').waitFor()
  })
  afterAll(async () => e?.close())

  it('Shift+click and Shift+arrows select a range; Ctrl+C copies it as TSV with labels', async () => {
    await cell(0, 'Name').click()
    await cell(1, 'Qty').click({ modifiers: ['Shift'] })
    await page.keyboard.press('Shift+ArrowRight')
    await expect.poll(() => page.locator('.dp-grid-cell.in-range').count()).toBe(6)
    await page.keyboard.press('Control+c')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe('Item 0\t0\tOpen\nItem 1\t1\tOpen')
    await e.shot('grid-range-selected')
  })

  it('pastes a 3x5 TSV block from a spreadsheet, each cell read by its column type', async () => {
    await cell(0, 'Name').click()
    await pasteTsv(['Apple\t1,234.5\tDone\tyes\t2026-03-01', 'Pear\t7\tdone\tno\t2026-03-02', '"Plum, ""red"""\t-2\tOpen\ttrue\t2026-03-03'].join('\r\n') + '\r\n')
    await expect.poll(() => cell(0, 'Qty').textContent()).toContain('1,234.5')
    await expect.poll(async () => (await cell(2, 'Name').textContent())?.trim()).toBe('Plum, "red"')
    await e.shot('grid-paste-3x5')
    await reload()
    const r = await rows()
    expect(r.slice(0, 3).map((x) => [x['Name'], x['Qty'], x['Status'], x['Shipped']])).toEqual([
      ['Apple', 1234.5, 'done', true],
      ['Pear', 7, 'done', false],
      ['Plum, "red"', -2, 'open', true],
    ])
    expect(String(r[1]!['Due'])).toMatch(/^2026-03-02/)
    expect(r[3]!['Name']).toBe('Item 3')
  })

  it('a paste past the last row adds rows; a refused cell is named and the others are kept; one Ctrl+Z undoes it all', async () => {
    await cell(3, 'Name').click()
    await pasteTsv('Kiwi\t5\nFig\tlots\nLime\t9')
    const refused = page.getByTestId('grid-paste-refused')
    await refused.waitFor()
    expect(await refused.textContent()).toMatch(/Row 5, Qty: 'lots'/)
    await expect.poll(async () => (await page.locator('[data-test="grid-row"][data-row="5"] [data-col="Name"]').textContent())?.trim()).toBe('Lime')
    await e.shot('grid-paste-adds-rows')
    await page.locator('.dp-paste-refused .el-notification__closeBtn').click()
    let r = await rows()
    expect(r.map((x) => [x['Name'], x['Qty']]).slice(3)).toEqual([
      ['Kiwi', 5],
      ['Fig', null],
      ['Lime', 9],
    ])
    await grid().focus()
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await rows()).length).toBe(4)
    r = await rows()
    expect(r[3]).toMatchObject({ Name: 'Item 3', Qty: 3 })
    await reload()
    expect(await count()).toMatch(/^4 records/)
  })

  it('Ctrl+D fills the first row of the range down, one undo step', async () => {
    await cell(0, 'Qty').click()
    await cell(3, 'Status').click({ modifiers: ['Shift'] })
    await page.keyboard.press('Control+d')
    await expect.poll(() => cell(3, 'Qty').textContent()).toContain('1,234.5')
    await e.shot('grid-fill-down')
    await expect
      .poll(async () => (await rows()).map((x) => [x['Qty'], x['Status']]))
      .toEqual([
        [1234.5, 'done'],
        [1234.5, 'done'],
        [1234.5, 'done'],
        [1234.5, 'done'],
      ])
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await rows()).map((x) => x['Qty'])).toEqual([1234.5, 7, -2, 3])
    await reload()
    await expect.poll(async () => (await cell(3, 'Qty').textContent())?.trim()).toBe('3')
  })

  it('ticked rows (Shift+click ticks a run) are deleted after a confirmation; Ctrl+Z puts them back as they were', async () => {
    const idsOf = async () =>
      (await api('POST', `/api/tables/${tableId}/records/query`, { limit: 100, sort: [{ field: 'createdAt', direction: 'asc' }] })).records.map((r: { id: string }) => r.id)
    const before = await idsOf()
    await page.locator('[data-row="1"] [data-test="grid-row-select"]').click()
    await page.locator('[data-row="3"] [data-test="grid-row-select"]').click({ modifiers: ['Shift'] })
    await expect.poll(() => page.getByTestId('grid-selection-bar').textContent()).toContain('3')
    await grid().focus()
    await page.keyboard.press('Delete')
    await page.locator('.el-message-box').waitFor()
    await e.shot('grid-delete-confirm')
    await page.locator('.el-message-box .el-button--primary').click()
    await expect.poll(async () => (await rows()).map((x) => x['Name'])).toEqual(['Apple'])
    await expect.poll(count).toMatch(/^1 record/)
    await grid().focus()
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await rows()).map((x) => x['Name'])).toEqual(['Apple', 'Pear', 'Plum, "red"', 'Item 3'])
    // The same records, not copies: ids and creation order kept.
    expect(await idsOf()).toEqual(before)
    const back = (await rows())[1]!
    expect(back).toMatchObject({ Qty: 7, Status: 'done', Shipped: false })
    expect(String(back['Due'])).toMatch(/^2026-03-02/)
    await reload()
    await expect.poll(async () => (await cell(3, 'Name').textContent())?.trim()).toBe('Item 3')
    await e.shot('grid-delete-undone')
    expect(e.pageErrors).toEqual([])
  })

  it('a paste covering rows not scrolled to yet writes them all, and relation cells name their records by display value', async () => {
    const appId = (await api('POST', '/api/apps', { name: 'Long' })).id
    const customers = await api('POST', `/api/apps/${appId}/tables`, { name: 'Customers', columns: [{ name: 'Name', type: 'text' }] })
    for (const name of ['Acme', 'Globex']) await api('POST', `/api/tables/${customers.id}/records`, { fields: { Name: name } })
    const long = await api('POST', `/api/apps/${appId}/tables`, {
      name: 'Orders',
      columns: [
        { name: 'Name', type: 'text' },
        { name: 'Customer', type: 'relation', config: { targetTableId: customers.id, allowMultiple: true } },
      ],
    })
    longTableId = long.id
    // 350 rows: the grid loads the pages near the viewport (100 rows each), not rows 200-349.
    await api('POST', `/api/tables/${long.id}/records/bulk`, { records: Array.from({ length: 350 }, (_, i) => ({ fields: { Name: `row ${i}` } })) })
    await page.goto(e.url(`/apps/${appId}/tables/${long.id}`))
    await page.locator('[data-test="grid-row"][data-row="0"]').waitFor()
    await page.locator('[data-row="0"] [data-col="Name"]').click()
    await pasteTsv(Array.from({ length: 350 }, (_, i) => `pasted ${i}\t${i % 2 ? 'acme' : 'Acme, Globex'}`).join('\n'))
    const all = async () =>
      (
        await api('POST', `/api/tables/${long.id}/records/query`, {
          limit: 1000,
          sort: [
            { field: 'createdAt', direction: 'asc' },
            { field: 'id', direction: 'asc' },
          ],
        })
      ).records as Array<{
        fields: { Name: string; Customer: Array<{ display: string }> }
      }>
    await expect.poll(async () => (await all()).filter((r) => r.fields.Name.startsWith('pasted')).length, { timeout: 20_000 }).toBe(350)
    const written = await all()
    expect(written.map((r) => r.fields.Name)).toEqual(Array.from({ length: 350 }, (_, i) => `pasted ${i}`))
    expect(written[349]!.fields.Customer.map((c) => c.display)).toEqual(['Acme'])
    expect(written[348]!.fields.Customer.map((c) => c.display).sort()).toEqual(['Acme', 'Globex'])
    expect(await page.locator('.dp-paste-refused').count()).toBe(0)
    await e.shot('grid-paste-unloaded-rows')
    expect(e.pageErrors).toEqual([])
  })

  it('the fill handle dragged down fills the rows it passes from the range (two rows repeat); one Ctrl+Z undoes it', async () => {
    // Still on the 350-row Orders table of the test above.
    const names = () => orderNames(6)
    await page.locator('[data-row="0"] [data-col="Name"]').click()
    await page.locator('[data-row="1"] [data-col="Name"]').click({ modifiers: ['Shift'] })
    const handle = page.getByTestId('grid-fill-handle')
    await expect.poll(() => handle.count()).toBe(1)
    const from = (await handle.boundingBox())!
    const to = (await page.locator('[data-row="5"] [data-col="Name"]').boundingBox())!
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 })
    await e.shot('grid-fill-handle-dragging')
    await page.mouse.up()
    await expect.poll(names).toEqual(['pasted 0', 'pasted 1', 'pasted 0', 'pasted 1', 'pasted 0', 'pasted 1'])
    await grid().focus()
    await page.keyboard.press('Control+z')
    await expect.poll(names).toEqual(['pasted 0', 'pasted 1', 'pasted 2', 'pasted 3', 'pasted 4', 'pasted 5'])
    expect(e.pageErrors).toEqual([])
  })

  it('the fill handle held at the bottom edge scrolls the grid on, and fills every row it passed', async () => {
    const names = () => orderNames(200)
    await grid().evaluate((el) => el.scrollTo({ top: 0 }))
    await page.locator('[data-row="0"] [data-col="Name"]').click()
    await page.locator('[data-row="1"] [data-col="Name"]').click({ modifiers: ['Shift'] })
    const handle = page.getByTestId('grid-fill-handle')
    await expect.poll(() => handle.count()).toBe(1)
    const inSight = await page.locator('[data-test="grid-row"]').count()
    const from = (await handle.boundingBox())!
    const box = (await grid().boundingBox())!
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    // Down to the grid's last pixels, and held there: the grid scrolls on by itself.
    await page.mouse.move(from.x + from.width / 2, box.y + box.height - 3, { steps: 6 })
    await expect.poll(() => grid().evaluate((el) => el.scrollTop), { timeout: 10_000 }).toBeGreaterThan(40 * 36)
    await e.shot('grid-fill-handle-auto-scroll')
    await page.mouse.up()
    // Every row from the top down to where the pointer was let go now repeats the two source rows; the next keeps its value.
    let filled = 0
    await expect
      .poll(async () => {
        const n = await names()
        filled = n.findIndex((name, i) => name !== `pasted ${i % 2}`)
        return filled
      })
      .toBeGreaterThan(40)
    expect(filled).toBeGreaterThan(inSight + 20)
    expect((await names())[filled]).toBe(`pasted ${filled}`)
    await grid().focus()
    await page.keyboard.press('Control+z')
    await expect.poll(async () => (await names()).slice(0, 4)).toEqual(['pasted 0', 'pasted 1', 'pasted 2', 'pasted 3'])
    expect(e.pageErrors).toEqual([])
  })
})
