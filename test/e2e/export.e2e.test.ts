import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

/** The Export menu downloads what the page shows: the table's current search, as CSV. */
describe('export from the table page', () => {
  let e: E2E
  let appId: string
  let tableId: string

  beforeAll(async () => {
    e = await startE2E()
    appId = (await e.server.api('POST', '/api/apps', { name: 'Shop' })).body.id
    tableId = (
      await e.server.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Products',
        columns: [
          { name: 'Name', type: 'text' },
          { name: 'Price', type: 'number', config: { precision: 2 } },
        ],
      })
    ).body.id
    const names = ['Red chair', 'Blue chair', 'Green table', '=cmd|calc']
    const bulk = await e.server.api('POST', `/api/tables/${tableId}/records/bulk`, { records: names.map((Name, i) => ({ fields: { Name, Price: 10 + i } })) })
    expect(bulk.status).toBe(201)
  })
  afterAll(() => e?.close())

  it('downloads the searched rows as CSV, formulas escaped', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.locator('[data-test="grid-row"]').first().waitFor()
    await page.locator('input[data-test="search-box"]').fill('chair')
    await expect.poll(() => page.locator('[data-test="grid-row"]').count()).toBe(2)
    await page.getByTestId('export-button').click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
    expect(download.suggestedFilename()).toBe('Products.csv')
    const rows: string[][] = parse((await readFile(await download.path())).toString('utf8').replace(/^\uFEFF/, ''))
    expect(rows[0]).toEqual(['Name', 'Price'])
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['Blue chair', 'Red chair'])
    await e.shot('export-menu')

    await page.locator('input[data-test="search-box"]').fill('calc')
    await expect.poll(() => page.locator('[data-test="grid-row"]').count()).toBe(1)
    await page.getByTestId('export-button').click()
    const [second] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
    const escaped: string[][] = parse((await readFile(await second.path())).toString('utf8').replace(/^\uFEFF/, ''))
    expect(escaped[1]![0]).toBe("'=cmd|calc")
    expect(e.pageErrors).toEqual([])
  })
})
