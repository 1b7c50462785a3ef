import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { col, seedTasks, type TaskSeed } from './support/views-seed.ts'

const LAPTOP = { width: 1366, height: 768 }
const pad = (n: number) => String(n).padStart(2, '0')
const day = (offset: number) => {
  const d = new Date()
  d.setDate(d.getDate() + offset)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** An app with the given tasks and a gantt view of them over their Start and End dates, opened in the page. */
async function openGantt(e: E2E, name: string, tasks: TaskSeed[]): Promise<void> {
  const { appId, table } = await seedTasks(e.server, tasks)
  const view = await e.server.api('POST', `/api/apps/${appId}/views`, {
    name,
    dataTableId: table.id,
    type: 'gantt',
    config: { startFieldId: col(table, 'Start'), endFieldId: col(table, 'End') },
  })
  expect(view.status).toBe(201)
  await e.page.goto(e.url(`/apps/${appId}/views/${view.body.id}`))
}

describe('gantt view at a laptop size', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E({ viewport: LAPTOP })
  })
  afterAll(async () => e?.close())

  it('opens with its date header in view, and keeps it there while the rows scroll', async () => {
    const { page } = e
    page.setDefaultTimeout(15_000)
    // More tasks than the window holds: the walk-through opened such a plan below its header.
    const tasks = Array.from({ length: 40 }, (_, i) => ({ Title: `Task ${i + 1}`, Start: day(i % 20), End: day((i % 20) + 3) }))
    await openGantt(e, 'Roadmap', tasks)
    await page.getByTestId('gantt-bar').first().waitFor()
    await expect.poll(async () => page.getByTestId('gantt-bar').count()).toBe(40)
    await e.shot('views-gantt-1366-opened')

    const chart = (await page.getByTestId('gantt-chart').boundingBox())!
    const label = (await page.getByTestId('gantt-label').first().boundingBox())!
    const head = async () => (await page.getByTestId('gantt-head').boundingBox())!
    // Opened: the header is on screen and names the month of the first day in sight (it was
    // scrolled off to the left, leaving day numbers of no month).
    expect((await head()).y).toBeGreaterThanOrEqual(chart.y - 1)
    expect((await head()).y + (await head()).height).toBeLessThanOrEqual(LAPTOP.height)
    const firstDayX = label.x + label.width
    const monthsInSight = await page
      .getByTestId('gantt-month')
      .evaluateAll((ms, x) => ms.filter((m) => Math.abs(m.getBoundingClientRect().left - x) < 12).map((m) => m.textContent), firstDayX)
    expect(monthsInSight).toHaveLength(1)
    // The chart, not the page, scrolls: its bottom is on screen, so is its horizontal scrollbar.
    expect(chart.y + chart.height).toBeLessThanOrEqual(LAPTOP.height)
    expect(await page.locator('.view-body').evaluate((b) => b.scrollTop)).toBe(0)

    // Down to the last task: the header stays at the top of the chart.
    await page.getByTestId('gantt-label').last().scrollIntoViewIfNeeded()
    expect(await page.getByTestId('gantt-chart').evaluate((c) => c.scrollTop)).toBeGreaterThan(0)
    expect(Math.abs((await head()).y - chart.y)).toBeLessThanOrEqual(2)
    // And sideways: the labels stay at the left, a month is still named beside them.
    await page.getByTestId('gantt-chart').evaluate((c) => (c.scrollLeft += 500))
    expect(Math.abs((await page.getByTestId('gantt-label').last().boundingBox())!.x - label.x)).toBeLessThanOrEqual(2)
    const named = await page.getByTestId('gantt-month').evaluateAll((ms, x) => ms.filter((m) => Math.abs(m.getBoundingClientRect().left - x) < 12).length, firstDayX)
    expect(named).toBe(1)
    await e.shot('views-gantt-1366-scrolled')
    expect(e.pageErrors).toEqual([])
  }, 180_000)

  it("shows a label too long for its bar beside the bar, whole (a one-day bar read 'A…')", async () => {
    const { page } = e
    page.setDefaultTimeout(15_000)
    await openGantt(e, 'Milestones', [
      { Title: 'Architecture review', Start: day(1), End: day(1) },
      { Title: 'Build', Start: day(2), End: day(12) },
    ])
    const bars = page.getByTestId('gantt-bar')
    await expect.poll(async () => bars.count()).toBe(2)
    const short = bars.filter({ hasText: 'Architecture review' })
    await expect.poll(async () => short.getAttribute('data-label-outside')).toBe('true')
    await e.shot('views-gantt-label-beside')
    const bar = (await short.boundingBox())!
    const label = short.getByTestId('gantt-bar-label')
    const box = (await label.boundingBox())!
    // Right of the bar, on its line, and not cut: its whole text is in sight.
    expect(box.x).toBeGreaterThanOrEqual(bar.x + bar.width)
    expect(Math.abs(box.y + box.height / 2 - (bar.y + bar.height / 2))).toBeLessThanOrEqual(3)
    expect(await label.evaluate((l) => l.scrollWidth <= l.clientWidth + 1)).toBe(true)
    expect(await label.textContent()).toBe('Architecture review')
    // A bar wide enough keeps its label inside.
    const long = bars.filter({ hasText: 'Build' })
    expect(await long.getAttribute('data-label-outside')).toBeNull()
    const inside = (await long.getByTestId('gantt-bar-label').boundingBox())!
    const wide = (await long.boundingBox())!
    expect(inside.x).toBeGreaterThanOrEqual(wide.x)
    expect(inside.x + inside.width).toBeLessThanOrEqual(wide.x + wide.width)
    expect(e.pageErrors).toEqual([])
  }, 120_000)
})
