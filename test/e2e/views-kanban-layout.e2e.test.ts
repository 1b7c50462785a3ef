import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { col, seedTasks } from './support/views-seed.ts'

// A laptop's window: the walk-through found the last column out of reach and the toolbar on two lines here.
const LAPTOP = { width: 1366, height: 768 }

describe('kanban view at a laptop width', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E({ viewport: LAPTOP })
  })
  afterAll(async () => e?.close())

  it('scrolls the board to its last column and keeps the toolbar on one line', async () => {
    const { page } = e
    page.setDefaultTimeout(15_000)
    const { appId, table } = await seedTasks(e.server, [
      { Title: 'Plan the quarterly release of the mobile application', Stage: 'todo', Points: 1 },
      { Title: 'Build', Stage: 'doing', Points: 8 },
      { Title: 'Ship', Stage: 'done', Points: 3 },
      { Title: 'Someday', Stage: null, Points: 2 },
      { Title: 'https://example.com/releases/mobile/2026/quarter-two/checklist-and-notes', Stage: 'doing', Points: 5 },
      ...Array.from({ length: 14 }, (_, i) => ({ Title: `Release note ${i + 1}`, Stage: 'done', Points: i })),
    ])
    const view = await e.server.api('POST', `/api/apps/${appId}/views`, {
      name: 'Release board of the mobile team',
      description: 'Every task of the next mobile release, by stage',
      dataTableId: table.id,
      type: 'kanban',
      config: { groupByFieldId: col(table, 'Stage') },
    })
    expect(view.status).toBe(201)
    await page.goto(e.url(`/apps/${appId}/views/${view.body.id}`))
    const last = page.locator('[data-test="kanban-column"][data-option="done"]')
    await last.getByText('Ship').waitFor()
    await e.shot('views-kanban-1366-before-scroll')

    // Four columns are wider than the space beside the sidebar: the board scrolls sideways, and its
    // scrollbar is on screen (the board is no taller than the window, its longest lane scrolls).
    const board = page.getByTestId('kanban-lanes')
    const { scrollWidth, clientWidth } = await board.evaluate((b) => ({ scrollWidth: b.scrollWidth, clientWidth: b.clientWidth }))
    expect(scrollWidth).toBeGreaterThan(clientWidth)
    const boardBox = (await board.boundingBox())!
    expect(boardBox.y + boardBox.height).toBeLessThanOrEqual(LAPTOP.height)
    // A mouse wheel with shift (what a user without a trackpad does) brings the last column into view.
    await page.mouse.move(boardBox.x + boardBox.width / 2, boardBox.y + 20)
    await page.keyboard.down('Shift')
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 200)
    await page.keyboard.up('Shift')
    await expect.poll(async () => board.evaluate((b) => b.scrollLeft + b.clientWidth >= b.scrollWidth - 1)).toBe(true)
    const lastBox = (await last.boundingBox())!
    expect(lastBox.x).toBeGreaterThanOrEqual(boardBox.x - 1)
    expect(lastBox.x + lastBox.width).toBeLessThanOrEqual(boardBox.x + boardBox.width + 1)
    expect(lastBox.y + lastBox.height).toBeLessThanOrEqual(LAPTOP.height)
    // Its fifteenth card is reached by scrolling the lane, not the page.
    await last.getByText('Release note 14').scrollIntoViewIfNeeded()
    const bottomCard = (await last.getByText('Release note 14').boundingBox())!
    expect(bottomCard.y + bottomCard.height).toBeLessThanOrEqual(LAPTOP.height)
    expect(await page.locator('.view-body').evaluate((b) => b.scrollTop)).toBe(0)
    await e.shot('views-kanban-1366-scrolled')

    // The toolbar (name, search, export, settings, permissions) is one line: as tall as its tallest control.
    const header = page.getByTestId('view-header')
    const headerBox = (await header.boundingBox())!
    const rows = await header.evaluate((h) => {
      const tops = new Set<number>()
      for (const el of h.querySelectorAll<HTMLElement>('h1, input, button')) {
        const r = el.getBoundingClientRect()
        if (r.width > 0) tops.add(Math.round(r.top + r.height / 2))
      }
      return [...tops]
    })
    expect(Math.max(...rows) - Math.min(...rows)).toBeLessThanOrEqual(4)
    expect(headerBox.height).toBeLessThanOrEqual(60)
    // What gives way is the subtitle, not the view's name.
    expect(await page.getByTestId('view-name').evaluate((h) => h.scrollWidth <= h.clientWidth)).toBe(true)
    const subtitle = page.getByTestId('view-subtitle')
    expect(await subtitle.evaluate((s) => s.scrollWidth > s.clientWidth)).toBe(true)
    expect(await subtitle.getAttribute('title')).toBe('Tasks · Every task of the next mobile release, by stage')
    expect(e.pageErrors).toEqual([])
  }, 180_000)
})
