import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { col, seedTasks } from './support/views-seed.ts'

describe('kanban view', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E()
  })
  afterAll(async () => e?.close())

  it('is created in the editor, shows a column per option and moves a dragged card', async () => {
    const { page } = e
    page.setDefaultTimeout(15_000)
    const { appId, table, ids } = await seedTasks(e.server, [
      { Title: 'Plan', Stage: 'todo', Points: 1 },
      { Title: 'Build', Stage: 'doing', Points: 8 },
      { Title: 'Ship', Stage: 'done', Points: 3 },
      { Title: 'Someday', Stage: null, Points: 2 },
    ])
    await page.goto(e.url(`/apps/${appId}/views/new?tableId=${table.id}`))
    await page.getByTestId('view-name-input').fill('Board')
    await page.getByTestId('view-type').click()
    await page.getByTestId('view-type-kanban').click()
    // The type's default config picks the only single-select field.
    await page.getByTestId('kanban-group-field').filter({ hasText: 'Stage' }).waitFor()
    await e.shot('views-kanban-editor')
    await page.getByTestId('view-save').click()
    await page.waitForURL(/\/views\/[0-9a-f-]{36}$/)

    const lane = (option: string) => page.locator(`[data-test="kanban-column"][data-option="${option}"]`)
    await lane('todo').getByText('Plan').waitFor()
    expect(await page.getByTestId('kanban-column').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-option')))).toEqual(['', 'todo', 'doing', 'done'])
    expect(await lane('').getByTestId('kanban-card').allInnerTexts()).toEqual([expect.stringContaining('Someday')])
    await e.shot('views-kanban-board')

    // Drag "Plan" from To do to Done with the mouse.
    const card = lane('todo').getByTestId('kanban-card').filter({ hasText: 'Plan' })
    const from = (await card.boundingBox())!
    const to = (await lane('done').boundingBox())!
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await page.mouse.down()
    await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 })
    await page.mouse.move(to.x + to.width / 2, to.y + to.height - 10, { steps: 10 })
    await page.mouse.up()
    await lane('done').getByText('Plan').waitFor()
    await expect.poll(async () => (await e.server.api('GET', `/api/tables/${table.id}/records/${ids[0]}`)).body.fields.Stage).toBe('done')
    expect(await lane('todo').getByTestId('kanban-card').count()).toBe(0)
    await e.shot('views-kanban-moved')

    // The move survives a reload.
    await page.reload()
    await lane('done').getByText('Plan').waitFor()
    const view = (await e.server.api('GET', `/api/apps/${appId}/views`)).body[0]
    expect(view).toMatchObject({ type: 'kanban', config: { groupByFieldId: col(table, 'Stage') } })

    // On a phone, where dragging is awkward: the card's "Move to" menu.
    const phone = await e.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
    const p2 = await phone.newPage()
    await p2.goto(e.url(`/apps/${appId}/views/${view.id}`))
    const lane2 = (option: string) => p2.locator(`[data-test="kanban-column"][data-option="${option}"]`)
    const build = lane2('doing').getByTestId('kanban-card').filter({ hasText: 'Build' })
    await build.getByTestId('kanban-move').tap()
    const target = p2.locator('[data-test="kanban-move-to"][data-option="todo"]:visible')
    await target.waitFor()
    await e.shot('views-kanban-phone-move-menu', p2)
    await target.tap()
    await lane2('todo').getByText('Build').waitFor()
    await expect.poll(async () => (await e.server.api('GET', `/api/tables/${table.id}/records/${ids[1]}`)).body.fields.Stage).toBe('todo')
    expect(p2.url()).toMatch(/\/views\//) // the menu does not open the record
    await phone.close()

    // A table without a single-select field: a board cannot be chosen, and the list says why
    // (the server refuses such a config too: test/api/views.test.ts).
    const notes = await e.server.api('POST', `/api/apps/${appId}/tables`, { name: 'Notes', columns: [{ name: 'Text', type: 'text' }] })
    await page.goto(e.url(`/apps/${appId}/views/new?tableId=${notes.body.id}&type=kanban`))
    await page.getByTestId('view-type').filter({ hasText: 'Table' }).waitFor()
    await page.getByTestId('view-type').click()
    expect(await page.getByTestId('view-type-kanban').getAttribute('class')).toContain('is-disabled')
    await page.getByTestId('view-type-blocked-kanban').filter({ hasText: 'single-select' }).waitFor()
    await e.shot('views-kanban-unavailable')
    await page.keyboard.press('Escape')
    expect((await e.server.api('GET', `/api/apps/${appId}/views`)).body).toHaveLength(1)
    expect(e.pageErrors).toEqual([])
  }, 180_000)
})
