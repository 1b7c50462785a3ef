import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

/** The card view of a table (plan 1.4): grid and list layouts, infinite loading, opening a record. */
describe('card view', () => {
  let e: E2E
  let appId: string
  let table: { id: string; columns: Array<{ id: string; name: string }>; defaultCardView: { titleField: string; subtitleField: string } }
  const N = 150

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }

  beforeAll(async () => {
    e = await startE2E()
    appId = (await api('POST', '/api/apps', { name: 'Library' })).id
    table = await api('POST', `/api/apps/${appId}/tables`, {
      name: 'Books',
      columns: [
        { name: 'Title', type: 'text' },
        { name: 'Author', type: 'text' },
        { name: 'Pages', type: 'number' },
        {
          name: 'Genre',
          type: 'single_select',
          config: {
            options: [
              { id: 'novel', label: 'Novel', color: 'blue' },
              { id: 'essay', label: 'Essay', color: 'orange' },
            ],
          },
        },
        { name: 'Available', type: 'switch' },
      ],
    })
    const records = Array.from({ length: N }, (_, i) => ({
      fields: { Title: `Book ${i + 1}`, Author: `Author ${(i % 7) + 1}`, Pages: 100 + i, Genre: i % 2 ? 'essay' : 'novel', Available: i % 3 === 0 },
    }))
    await api('POST', `/api/tables/${table.id}/records/bulk`, { records })
  })
  afterAll(async () => e?.close())

  it('shows cards in grid and list layouts, loads more on scroll and opens a record', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${table.id}`))
    await page.locator('[data-test="grid-row"]').first().waitFor()
    await page.getByTestId('table-mode').getByText('Cards').click()
    const cards = page.getByTestId('record-card')
    await page.getByTestId('cards-grid').waitFor()
    // The kernel's default card layout: the first text column is the title, the next the subtitle.
    const title = table.columns.find((c) => c.id === table.defaultCardView.titleField)!.name
    expect(title).toBe('Title')
    await expect.poll(() => cards.first().getByTestId('card-title').textContent()).toMatch(/^Book \d+$/)
    await expect.poll(() => cards.first().textContent()).toMatch(/Author \d/)
    await expect.poll(() => cards.first().textContent()).toMatch(/Pages/)
    // Several cards share a row in the grid layout.
    const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()]
    expect(a!.y).toBe(b!.y)
    await e.shot('cards-1-grid')

    // Infinite loading: the first page holds 100 cards; scrolling to the end brings the rest.
    expect(await cards.count()).toBe(100)
    await page.locator('.dp-table-cards').evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await expect.poll(() => cards.count()).toBe(N)
    expect(await page.getByTestId('cards-more').count()).toBe(0)

    await page.getByTestId('cards-layout').getByText('List').click()
    await page.getByTestId('cards-list').waitFor()
    const [c, d] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()]
    expect(d!.y).toBeGreaterThan(c!.y + c!.height - 1)
    await page.locator('.dp-table-cards').evaluate((el) => el.scrollTo({ top: 0 }))
    await e.shot('cards-2-list')

    // The choice of view and layout is remembered for this table.
    await page.reload()
    await page.getByTestId('cards-list').waitFor()

    const id = await cards.nth(2).getAttribute('data-id')
    await cards.nth(2).click()
    await page.waitForURL(new RegExp(`/apps/${appId}/tables/${table.id}/records/${id}$`))
    await e.shot('cards-3-opened')
    expect(e.pageErrors).toEqual([])
  })

  it('shows one column of cards on a phone', async () => {
    const phone = await e.newContext({ viewport: { width: 390, height: 844 } })
    const page = await phone.newPage()
    await page.goto(e.url(`/apps/${appId}/tables/${table.id}`))
    await page.getByTestId('table-mode').getByText('Cards').click()
    await page.getByTestId('cards-layout').getByText('Grid').click()
    await page.getByTestId('cards-grid').waitFor()
    const cards = page.getByTestId('record-card')
    await cards.nth(1).waitFor()
    const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()]
    expect(b!.y).toBeGreaterThan(a!.y)
    expect(a!.x).toBe(b!.x)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await e.shot('cards-4-phone', page)
    await phone.close()
  })
})
