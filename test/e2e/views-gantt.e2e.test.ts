import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'
import { col, seedTasks } from './support/views-seed.ts'

const pad = (n: number) => String(n).padStart(2, '0')
const day = (offset: number) => {
  const d = new Date()
  d.setDate(d.getDate() + offset)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Presses at a point of the element, moves by `dx` pixels in steps and releases. */
async function dragBy(page: Page, box: { x: number; y: number; width: number; height: number }, atX: number, dx: number) {
  const y = box.y + box.height / 2
  await page.mouse.move(atX, y)
  await page.mouse.down()
  await page.mouse.move(atX + dx / 2, y, { steps: 4 })
  await page.mouse.move(atX + dx, y, { steps: 4 })
  await page.mouse.up()
}

describe('gantt view', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E()
  })
  afterAll(async () => e?.close())

  it('draws bars from start to end and writes the dates of a dragged or resized bar', async () => {
    const { page } = e
    page.setDefaultTimeout(15_000)
    const { appId, table, ids } = await seedTasks(e.server, [
      { Title: 'Design', Start: day(-3), End: day(-1) },
      { Title: 'Build', Start: day(-1), End: day(1) },
      { Title: 'Far future', Start: day(200), End: day(210) },
    ])
    await page.goto(e.url(`/apps/${appId}/views/new?tableId=${table.id}`))
    await page.getByTestId('view-name-input').fill('Roadmap')
    await page.getByTestId('view-type').click()
    await page.getByTestId('view-type-gantt').click()
    await page.getByTestId('gantt-end-field').filter({ hasText: 'End' }).waitFor()
    await e.shot('views-gantt-editor')
    await page.getByTestId('view-save').click()
    await page.waitForURL(/\/views\/[0-9a-f-]{36}$/)
    const view = (await e.server.api('GET', `/api/apps/${appId}/views`)).body[0]
    expect(view.config).toEqual({ startFieldId: col(table, 'Start'), endFieldId: col(table, 'End') })

    const bar = (id: string) => page.locator(`[data-test="gantt-bar"][data-record="${id}"]`)
    await bar(ids[1]!).waitFor()
    expect(await page.getByTestId('gantt-bar').count()).toBe(2)
    const dayWidth = Number(await page.getByTestId('gantt-timeline').getAttribute('data-day-width'))
    const build = (await bar(ids[1]!).boundingBox())!
    expect(Math.round(build.width)).toBe(3 * dayWidth)
    await e.shot('views-gantt-chart')

    // Move "Build" three days later.
    await dragBy(page, build, build.x + build.width / 2, 3 * dayWidth)
    const record = async () => (await e.server.api('GET', `/api/tables/${table.id}/records/${ids[1]}`)).body.fields
    await expect.poll(record).toMatchObject({ Start: day(2), End: day(4) })
    await e.shot('views-gantt-moved')

    // Stretch its end by two days.
    const moved = (await bar(ids[1]!).boundingBox())!
    await dragBy(page, moved, moved.x + moved.width - 3, 2 * dayWidth)
    await expect.poll(record).toMatchObject({ Start: day(2), End: day(6) })
    await expect.poll(async () => Math.round((await bar(ids[1]!).boundingBox())!.width)).toBe(5 * dayWidth)
    await e.shot('views-gantt-resized')

    // Week scale shows the same bars, narrower.
    await page.getByTestId('gantt-scale-week').click()
    await expect.poll(async () => Math.round((await bar(ids[1]!).boundingBox())!.width)).toBeLessThan(5 * dayWidth)
    await e.shot('views-gantt-weeks')
    // A range without records says so in full (it was cut to "No records in this ra…").
    for (let i = 0; i < 12; i++) await page.getByTestId('gantt-next').click()
    const empty = page.getByTestId('gantt-empty')
    await empty.waitFor()
    expect(await empty.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true)
    expect(await empty.textContent()).toBe('No records in this range.')
    await e.shot('views-gantt-empty')
    expect(e.pageErrors).toEqual([])
  }, 180_000)
})
