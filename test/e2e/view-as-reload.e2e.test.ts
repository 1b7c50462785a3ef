import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

/**
 * "View as" survives a reload (the tab's session). The page the server answers preloads the first
 * API reads, but those go out without the preview's header, so the app cannot use them and asks
 * again: every read was made twice. While a preview is on, each read must go out once.
 */
describe('view as, reloaded', () => {
  let e: E2E
  let appId: string
  let tableId: string

  beforeAll(async () => {
    e = await startE2E()
    appId = (await e.server.api('POST', '/api/apps', { name: 'Preview' })).body.id
    const table = await e.server.api('POST', `/api/apps/${appId}/tables`, { name: 'Tasks', columns: [{ name: 'Title', type: 'text' }] })
    tableId = table.body.id
    await e.server.api('POST', `/api/tables/${tableId}/records/bulk`, { records: [{ fields: { Title: 'one' } }, { fields: { Title: 'two' } }] })
  })
  afterAll(() => e?.close())

  it('reads each API resource once on a reload of a previewed table page, and preloads again once the preview ends', async () => {
    const { page } = e
    page.setDefaultTimeout(15_000)
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.locator('[data-test="grid-row"]').first().waitFor()
    await page.getByTestId('view-as').click()
    await page.getByTestId('view-as-member').filter({ visible: true }).click()
    await page.getByTestId('view-as-banner').waitFor()
    await page.locator('[data-test="grid-row"]').first().waitFor()

    const reads = new Map<string, number>()
    const count = (r: { url(): string; method(): string }) => {
      const u = new URL(r.url())
      if (r.method() === 'GET' && u.pathname.startsWith('/api/')) reads.set(u.pathname + u.search, (reads.get(u.pathname + u.search) ?? 0) + 1)
    }
    page.on('request', count)
    await page.reload()
    await page.getByTestId('view-as-banner').waitFor()
    await page.locator('[data-test="grid-row"]').nth(1).waitFor()
    // Late requests (an unused preload is still fetched) have had time to show.
    await page.waitForTimeout(1_500)
    page.off('request', count)
    await e.shot('view-as-reloaded')
    const twice = [...reads].filter(([, n]) => n > 1)
    expect(twice).toEqual([])
    for (const url of [`/api/apps/${appId}/tables`, `/api/apps/${appId}/views`, `/api/tables/${tableId}`]) expect(reads.get(url), url).toBe(1)

    // Out of the preview, the page preloads its reads again (each used once, none wasted).
    await page.getByTestId('view-as-exit').click()
    await page.getByTestId('table-new-record').waitFor()
    e.consoleWarnings.length = 0
    await page.reload()
    await page.locator('[data-test="grid-row"]').nth(1).waitFor()
    expect(await page.locator('link[rel="preload"][as="fetch"]').count()).toBeGreaterThan(0)
    await page.waitForTimeout(3_500)
    expect(e.consoleWarnings.filter((w) => /preload/i.test(w))).toEqual([])
    expect(e.pageErrors).toEqual([])
  }, 120_000)
})
