import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { col, seedTasks } from './support/views-seed.ts'

const pad = (n: number) => String(n).padStart(2, '0')
const key = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`

describe('calendar view', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E()
  })
  afterAll(async () => e?.close())

  it('places records by their date in month and week mode and opens a clicked one', async () => {
    const { page } = e
    page.setDefaultTimeout(15_000)
    const now = new Date()
    const today = key(now)
    const day = (d: number, monthOffset = 0) => key(new Date(now.getFullYear(), now.getMonth() + monthOffset, d))
    const { appId, table, ids } = await seedTasks(e.server, [
      { Title: 'Standup', Start: today },
      { Title: 'Launch', Start: day(15), End: day(17) },
      { Title: 'Review', Start: day(10, 1) },
      { Title: 'Unscheduled' },
    ])
    await page.goto(e.url(`/apps/${appId}/views/new?tableId=${table.id}`))
    await page.getByTestId('view-name-input').fill('Schedule')
    await page.getByTestId('view-type').click()
    await page.getByTestId('view-type-calendar').click()
    await page.getByTestId('calendar-date-field').filter({ hasText: 'Start' }).waitFor()
    await page.getByTestId('calendar-end-field').click()
    await page.getByTestId('calendar-end-option-End').click()
    await e.shot('views-calendar-editor')
    await page.getByTestId('view-save').click()
    await page.waitForURL(/\/views\/[0-9a-f-]{36}$/)
    const view = (await e.server.api('GET', `/api/apps/${appId}/views`)).body[0]
    expect(view.config).toMatchObject({ dateFieldId: col(table, 'Start'), endDateFieldId: col(table, 'End'), mode: 'month' })

    const events = (d: string) => page.locator(`[data-test="calendar-day"][data-date="${d}"] [data-test="calendar-event"]`)
    await events(today).filter({ hasText: 'Standup' }).waitFor()
    for (const d of [day(15), day(16), day(17)]) expect(await events(d).filter({ hasText: 'Launch' }).count()).toBe(1)
    expect(await events(day(14)).filter({ hasText: 'Launch' }).count()).toBe(0)
    expect(await events(day(18)).filter({ hasText: 'Launch' }).count()).toBe(0)
    expect(await page.getByText('Unscheduled').count()).toBe(0)
    await e.shot('views-calendar-month')

    // Next month holds the review.
    await page.getByTestId('calendar-next').click()
    await events(day(10, 1)).filter({ hasText: 'Review' }).waitFor()
    await e.shot('views-calendar-next-month')
    await page.getByTestId('calendar-today').click()

    // Week mode: seven days around today.
    await page.getByTestId('calendar-mode-week').click()
    await expect.poll(() => page.getByTestId('calendar-day').count()).toBe(7)
    await events(today).filter({ hasText: 'Standup' }).waitFor()
    expect(await page.getByTestId('calendar-event').filter({ hasText: 'Review' }).count()).toBe(0)
    await e.shot('views-calendar-week')

    await events(today).filter({ hasText: 'Standup' }).click()
    await page.waitForURL(new RegExp(`/tables/${table.id}/records/${ids[0]}$`))
    expect(e.pageErrors).toEqual([])
  }, 180_000)
})
