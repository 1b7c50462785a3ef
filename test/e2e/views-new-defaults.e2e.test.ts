import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { seedTasks } from './support/views-seed.ts'

/**
 * Issue 15: a new view is a Table unless another type is chosen; a type the table cannot show
 * (a calendar or gantt chart without a date field, a board without a single select) is disabled
 * in the list with the reason, and a link asking for it opens as a table.
 */
describe('new view dialog', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E()
  })
  afterAll(async () => e?.close())

  it('defaults to Table, disables the types the table cannot show and says why', async () => {
    const { page, server } = e
    page.setDefaultTimeout(15_000)
    const { appId, table: tasks } = await seedTasks(server, [{ Title: 'Plan', Start: '2026-03-02' }])
    const notes = (await server.api('POST', `/api/apps/${appId}/tables`, { name: 'Notes', columns: [{ name: 'Text', type: 'text' }] })).body
    const typeSelect = page.getByTestId('view-type')
    const option = (type: string) => page.getByTestId(`view-type-${type}`)

    // A table with dates and a select: Table is chosen, every type can be picked.
    await page.goto(e.url(`/apps/${appId}/views/new?tableId=${tasks.id}`))
    await typeSelect.filter({ hasText: 'Table' }).waitFor()
    await typeSelect.click()
    for (const type of ['table', 'calendar', 'gantt', 'kanban']) expect(await option(type).getAttribute('class')).not.toContain('is-disabled')
    await page.keyboard.press('Escape')

    // A table with neither: Table still; calendar, gantt and kanban disabled with their reasons.
    await page.goto(e.url(`/apps/${appId}/views/new?tableId=${notes.id}`))
    await typeSelect.filter({ hasText: 'Table' }).waitFor()
    await typeSelect.click()
    await option('calendar').waitFor()
    for (const type of ['calendar', 'gantt', 'kanban']) expect(await option(type).getAttribute('class')).toContain('is-disabled')
    expect(await option('table').getAttribute('class')).not.toContain('is-disabled')
    expect(await page.getByTestId('view-type-blocked-calendar').textContent()).toContain('Add a date field')
    expect(await page.getByTestId('view-type-blocked-kanban').textContent()).toContain('single-select')
    await e.shot('views-new-type-reasons')
    // A click on a disabled type changes nothing.
    await option('calendar').click({ force: true })
    await page.keyboard.press('Escape')
    await typeSelect.filter({ hasText: 'Table' }).waitFor()

    // A link asking for a calendar of a table without dates opens as a table; the view saves as one.
    await page.goto(e.url(`/apps/${appId}/views/new?tableId=${notes.id}&type=calendar`))
    await typeSelect.filter({ hasText: 'Table' }).waitFor()
    await page.getByTestId('view-name-input').fill('All notes')
    await page.getByTestId('view-save').click()
    await page.waitForURL(/\/views\/[0-9a-f-]{36}$/)
    const views = (await server.api('GET', `/api/apps/${appId}/views`)).body as Array<{ name: string; type: string }>
    expect(views.find((v) => v.name === 'All notes')?.type).toBe('table')

    // A gantt chart of a table with one date field: that field is its start and its end (one-day
    // bars); saving it was refused before (`config.endFieldId` missing).
    const dated = (
      await server.api('POST', `/api/apps/${appId}/tables`, {
        name: 'Dated',
        columns: [
          { name: 'Text', type: 'text' },
          { name: 'Due', type: 'date' },
        ],
      })
    ).body as {
      id: string
      columns: Array<{ id: string; name: string }>
    }
    await page.goto(e.url(`/apps/${appId}/views/new?tableId=${dated.id}&type=gantt`))
    await typeSelect.filter({ hasText: 'Gantt' }).waitFor()
    await page.getByTestId('view-name-input').fill('Due dates')
    await page.getByTestId('view-save').click()
    await page.waitForURL(/\/views\/[0-9a-f-]{36}$/)
    const due = dated.columns.find((c) => c.name === 'Due')?.id
    const gantt = ((await server.api('GET', `/api/apps/${appId}/views`)).body as Array<{ name: string; config: Record<string, unknown> }>).find((v) => v.name === 'Due dates')
    expect(gantt?.config).toMatchObject({ startFieldId: due, endFieldId: due })
    await e.shot('views-new-gantt-one-date')

    // "+ View" in the sidebar of a table that is not the app's first starts a view of that table.
    await page.goto(e.url(`/apps/${appId}/tables/${notes.id}`))
    await page.getByTestId('new-view').click()
    await page.waitForURL(/\/views\/new\?tableId=/)
    await page.getByTestId('view-table').filter({ hasText: 'Notes' }).waitFor()
    expect(e.pageErrors).toEqual([])
  }, 120_000)
})
