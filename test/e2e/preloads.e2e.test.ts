import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

/**
 * The served page preloads what its first screen needs (host-server routes/web.ts): modules,
 * route chunks, their stylesheets and the first API reads. A preload the browser cannot hand to
 * the real request (another credentials mode, another URL) is downloaded twice and logged as a
 * warning; one never used is a wasted request. Neither may happen on the home page or on a deep
 * link to a table.
 */
describe('preloads', () => {
  let e: E2E
  let appId: string
  let tableId: string

  beforeAll(async () => {
    e = await startE2E()
    const app = await e.server.api('POST', '/api/apps', { name: 'Preloads' })
    appId = app.body.id
    const table = await e.server.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Tasks',
      columns: [
        { name: 'Title', type: 'text' },
        { name: 'Done', type: 'switch' },
      ],
    })
    tableId = table.body.id
    const bulk = await e.server.api('POST', `/api/tables/${tableId}/records/bulk`, { records: [{ fields: { Title: 'one' } }, { fields: { Title: 'two', Done: true } }] })
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(201)
  })
  afterAll(() => e?.close())

  // Chromium reports an unused preload a few seconds after the load event: wait past that.
  const settle = () => e.page.waitForTimeout(3_500)
  const preloadWarnings = () => e.consoleWarnings.filter((w) => /preload/i.test(w))

  it('the home page: every preload used, in the credentials mode it was made with', async () => {
    await e.page.goto(e.url('/'))
    await e.page.getByText('Preloads').first().waitFor()
    await settle()
    await e.shot('preloads-home')
    expect(preloadWarnings()).toEqual([])
    expect(e.pageErrors).toEqual([])
  })

  it('a deep link to a table: the route chunks, stylesheets and first reads preloaded are the ones used', async () => {
    e.consoleWarnings.length = 0
    await e.page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await e.page.locator('[data-test="grid-row"]').first().waitFor()
    expect(await e.page.locator('[data-test="grid-row"]').count()).toBe(2)
    await settle()
    await e.shot('preloads-table')
    expect(preloadWarnings()).toEqual([])
    expect(e.pageErrors).toEqual([])
  })
})
