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
    await page.getByTestId('calendar-color-field').click()
    await page.getByTestId('calendar-color-option-Stage').click()
    await e.shot('views-calendar-editor')
    await page.getByTestId('view-save').click()
    await page.waitForURL(/\/views\/[0-9a-f-]{36}$/)
    const view = (await e.server.api('GET', `/api/apps/${appId}/views`)).body[0]
    expect(view.config).toMatchObject({ dateFieldId: col(table, 'Start'), endDateFieldId: col(table, 'End'), colorFieldId: col(table, 'Stage'), mode: 'month' })

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
    // The record page knows the view it came from (its Back returns there).
    await page.waitForURL(new RegExp(`/tables/${table.id}/records/${ids[0]}\\?view=${view.id}$`))
    expect(e.pageErrors).toEqual([])
  }, 180_000)
})

describe('calendar view: moving, adding and colouring records', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E()
  })
  afterAll(async () => e?.close())

  it('drags an event to another day keeping its time, rolls back a refused move, adds a record on a clicked day, colours by a select', async () => {
    const { page, server } = e
    page.setDefaultTimeout(15_000)
    const now = new Date()
    // Days of the current month, so that they are all on the month grid that opens.
    const day = (d: number) => key(new Date(now.getFullYear(), now.getMonth(), d))
    const at = (d: number, h: number, m: number) => new Date(now.getFullYear(), now.getMonth(), d, h, m).toISOString()
    const app = (await server.api('POST', '/api/apps', { name: 'Agenda' })).body
    const table = (
      await server.api('POST', `/api/apps/${app.id}/tables`, {
        name: 'Meetings',
        columns: [
          { name: 'Title', type: 'text' },
          {
            name: 'Kind',
            type: 'single_select',
            config: {
              options: [
                { id: 'ext', label: 'External', color: 'green' },
                { id: 'int', label: 'Internal', color: 'purple' },
              ],
            },
          },
          { name: 'When', type: 'date', config: { includeTime: true, format: 'YYYY-MM-DD HH:mm' } },
        ],
      })
    ).body
    const bulk = await server.api('POST', `/api/tables/${table.id}/records/bulk`, {
      records: [{ fields: { Title: 'Client call', Kind: 'ext', When: at(10, 9, 30) } }, { fields: { Title: 'Retro', Kind: 'int', When: at(12, 16, 0) } }],
    })
    expect(bulk.status).toBe(201)
    const [callId, retroId] = bulk.body.ids as string[]
    const view = await server.api('POST', `/api/apps/${app.id}/views`, {
      name: 'Agenda',
      dataTableId: table.id,
      type: 'calendar',
      config: { dateFieldId: col(table, 'When'), colorFieldId: col(table, 'Kind'), mode: 'month' },
    })
    expect(view.status).toBe(201)

    const cell = (d: string) => page.locator(`[data-test="calendar-day"][data-date="${d}"]`)
    const event = (d: string, title: string) => cell(d).locator('[data-test="calendar-event"]').filter({ hasText: title })
    await page.goto(e.url(`/apps/${app.id}/views/${view.body.id}`))
    await event(day(10), 'Client call').waitFor()

    // Colours: each event in its option's palette colour (green, purple backgrounds).
    const background = (d: string, title: string) => event(d, title).evaluate((el) => getComputedStyle(el).backgroundColor)
    expect(await background(day(10), 'Client call')).toBe('rgb(211, 245, 214)')
    expect(await background(day(12), 'Retro')).toBe('rgb(231, 220, 255)')
    await e.shot('views-calendar-colours')

    // Drag the call from the 10th to the 20th: it moves at once and is saved with its time of day.
    await event(day(10), 'Client call').dragTo(cell(day(20)), { targetPosition: { x: 20, y: 60 } })
    await event(day(20), 'Client call').waitFor()
    expect(await event(day(10), 'Client call').count()).toBe(0)
    await expect.poll(async () => (await server.api('GET', `/api/tables/${table.id}/records/${callId}`)).body.fields.When).toBe(at(20, 9, 30))
    await page.reload()
    await event(day(20), 'Client call').waitFor()
    await e.shot('views-calendar-dragged')

    // A move the server refuses (the record was deleted meanwhile) puts the event back and says why.
    expect((await server.api('DELETE', `/api/tables/${table.id}/records/${retroId}`)).status).toBe(204)
    await event(day(12), 'Retro').dragTo(cell(day(14)), { targetPosition: { x: 20, y: 60 } })
    await page.getByTestId('view-error').filter({ hasText: 'not moved' }).waitFor()
    await event(day(12), 'Retro').waitFor()
    expect(await event(day(14), 'Retro').count()).toBe(0)
    await e.shot('views-calendar-move-refused')

    // A click on a day's empty space opens the form with that day filled in; saving returns to the calendar.
    await cell(day(25)).click({ position: { x: 30, y: 70 } })
    await page.waitForURL(/\/records\/new\?/)
    const when = page.locator('[data-test="form-field"][data-column="When"] input')
    await expect.poll(() => when.inputValue()).toContain(day(25))
    await page.locator('[data-test="form-field"][data-column="Title"] input').fill('Planning')
    await e.shot('views-calendar-new-record-form')
    await page.getByTestId('save-record').click()
    await page.waitForURL(new RegExp(`/views/${view.body.id}$`))
    await event(day(25), 'Planning').waitFor()
    await page.reload()
    await event(day(25), 'Planning').waitFor()
    const created = (
      await server.api('GET', `/api/tables/${table.id}/records?filter=${encodeURIComponent(JSON.stringify({ and: [{ field: 'Title', op: 'eq', value: 'Planning' }] }))}`)
    ).body.records
    expect(created).toHaveLength(1)
    expect(created[0].fields.When).toBe(at(25, 0, 0))
    await e.shot('views-calendar-added')
    expect(e.pageErrors.filter((m) => !/404|not moved/i.test(m))).toEqual([])
  }, 180_000)

  it('a finger drags an event to another day (touch, through the browser’s own touch input); a click still opens it', async () => {
    const { page, server } = e
    const now = new Date()
    const day = (d: number) => key(new Date(now.getFullYear(), now.getMonth(), d))
    const app = (await server.api('POST', '/api/apps', { name: 'Touch' })).body
    const table = (
      await server.api('POST', `/api/apps/${app.id}/tables`, {
        name: 'Visits',
        columns: [
          { name: 'Title', type: 'text' },
          { name: 'On', type: 'date' },
        ],
      })
    ).body
    const made = await server.api('POST', `/api/tables/${table.id}/records`, { fields: { Title: 'Site visit', On: day(9) } })
    expect(made.status).toBe(201)
    const view = await server.api('POST', `/api/apps/${app.id}/views`, {
      name: 'Visits',
      dataTableId: table.id,
      type: 'calendar',
      config: { dateFieldId: col(table, 'On'), mode: 'month' },
    })
    expect(view.status).toBe(201)
    const cell = (d: string) => page.locator(`[data-test="calendar-day"][data-date="${d}"]`)
    const event = (d: string) => cell(d).locator('[data-test="calendar-event"]').filter({ hasText: 'Site visit' })
    await page.goto(e.url(`/apps/${app.id}/views/${view.body.id}`))
    await event(day(9)).waitFor()
    // Real touch input: Chromium turns these into touch and pointer events (pointerType "touch").
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 })
    const from = (await event(day(9)).boundingBox())!
    const to = (await cell(day(17)).boundingBox())!
    const touchAt = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] })
    const [x0, y0, x1, y1] = [from.x + from.width / 2, from.y + from.height / 2, to.x + 20, to.y + to.height / 2]
    await touchAt('touchStart', x0, y0)
    for (let i = 1; i <= 10; i++) await touchAt('touchMove', x0 + ((x1 - x0) * i) / 10, y0 + ((y1 - y0) * i) / 10)
    await e.shot('views-calendar-touch-dragging')
    await touchAt('touchEnd', x1, y1)
    await event(day(17)).waitFor()
    expect(await event(day(9)).count()).toBe(0)
    await expect.poll(async () => String((await server.api('GET', `/api/tables/${table.id}/records/${made.body.id}`)).body.fields.On)).toMatch(new RegExp(`^${day(17)}`))
    // The drag did not open the record; the next click on it does (the drag's end does not swallow it).
    // (A tap synthesised through CDP is not reliably turned into a click by Chromium's gesture
    // detector on a loaded machine, so the opening is checked with the mouse.)
    expect(page.url()).toMatch(new RegExp(`/views/${view.body.id}$`))
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false })
    await event(day(17)).click()
    await page.waitForURL(new RegExp(`/records/${made.body.id}`))
    expect(e.pageErrors).toEqual([])
  }, 120_000)
})
