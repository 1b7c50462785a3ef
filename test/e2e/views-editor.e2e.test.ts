import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { col, seedTasks } from './support/views-seed.ts'

describe('view editor', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E()
  })
  afterAll(async () => e?.close())

  it('creates a table view with filter, sort, grouping and visible fields, renders it, edits and deletes it', async () => {
    const { page } = e
    page.setDefaultTimeout(15_000)
    const { appId, table } = await seedTasks(e.server, [
      { Title: 'Plan', Stage: 'todo', Points: 1 },
      { Title: 'Design', Stage: 'todo', Points: 5 },
      { Title: 'Build', Stage: 'doing', Points: 8 },
      { Title: 'Ship', Stage: 'done', Points: 3 },
    ])
    await page.goto(e.url(`/apps/${appId}/views/new?tableId=${table.id}`))
    await page.getByTestId('view-name-input').fill('Big tasks')
    await page.getByTestId('view-type').click()
    await page.getByTestId('view-type-table').click()

    // Filter: Points > 2.
    await page.getByTestId('filter-add-condition').click()
    await page.getByTestId('filter-field').click()
    await page.getByTestId('filter-field-option-Points').click()
    await page.getByTestId('filter-op').click()
    await page.getByTestId('filter-op-option-gt').click()
    await page.getByTestId('filter-value').locator('input').fill('2')
    // Sort: Points descending.
    await page.getByTestId('sort-add').click()
    await page.getByTestId('sort-field').click()
    await page.getByTestId('sort-field-option-Points').click()
    await page.getByTestId('sort-direction').getByText('Descending').click()
    // Group by Stage.
    await page.getByTestId('view-group-by').click()
    await page.getByTestId('group-by-option-Stage').click()
    // Visible fields: Points, Title, Stage (Points moved to the top; dates hidden).
    await page.getByTestId('field-item-Start').getByTestId('field-visible').click()
    await page.getByTestId('field-item-End').getByTestId('field-visible').click()
    await page.getByTestId('field-item-Points').getByTestId('field-up').click()
    await page.getByTestId('field-item-Points').getByTestId('field-up').click()
    await e.shot('views-editor-new')

    await page.getByTestId('view-save').click()
    await page.waitForURL(/\/views\/[0-9a-f-]{36}$/)
    await page.getByTestId('view-table').waitFor()
    await expect.poll(() => page.getByTestId('view-group').count()).toBe(3)
    await e.shot('views-editor-rendered')

    const views = await e.server.api('GET', `/api/apps/${appId}/views`)
    expect(views.body).toHaveLength(1)
    const view = views.body[0]
    expect(view).toMatchObject({
      name: 'Big tasks',
      type: 'table',
      queryConfig: {
        filter: { and: [{ field: col(table, 'Points'), op: 'gt', value: 2 }] },
        sort: [{ field: col(table, 'Points'), direction: 'desc' }],
        groupBy: col(table, 'Stage'),
        fields: [col(table, 'Points'), col(table, 'Title'), col(table, 'Stage')],
      },
    })
    // Shown: Design (todo), Build (doing), Ship (done), not Plan (1 point); columns in the chosen order.
    const body = page.getByTestId('view-table')
    await expect
      .poll(() => body.locator('tbody tr').allInnerTexts())
      .toEqual([expect.stringMatching(/5\s+Design/), expect.stringMatching(/8\s+Build/), expect.stringMatching(/3\s+Ship/)])
    expect(await body.locator('thead').first().innerText()).toMatch(/Points\s+Title\s+Stage/)

    // Settings: rename, drop the grouping.
    await page.getByTestId('view-settings').click()
    await page.waitForURL(/\/settings$/)
    await expect.poll(() => page.getByTestId('view-name-input').inputValue()).toBe('Big tasks')
    await page.getByTestId('view-name-input').fill('Big tasks (flat)')
    await page.getByTestId('view-group-by').click()
    await page.getByTestId('group-by-none').click()
    await e.shot('views-editor-settings')
    await page.getByTestId('view-save').click()
    await page.waitForURL(/\/views\/[0-9a-f-]{36}$/)
    await page.getByTestId('view-name').filter({ hasText: 'Big tasks (flat)' }).waitFor()
    // Not grouped, a table view is the spreadsheet grid (grid-layout.e2e.test.ts): the same three records, in the view's order.
    const grid = page.getByTestId('view-grid')
    await expect.poll(() => grid.locator('[data-test="grid-row"] [data-col="Title"]').allInnerTexts()).toEqual(['Build', 'Design', 'Ship'])
    const saved = await e.server.api('GET', `/api/views/${view.id}`)
    expect(saved.body.queryConfig.groupBy).toBeUndefined()
    expect(saved.body.queryConfig.sort).toHaveLength(1)

    // Delete from the settings page.
    await page.getByTestId('view-settings').click()
    await page.getByTestId('view-delete').click()
    await page.getByRole('button', { name: 'Delete' }).last().click()
    await page.waitForURL(new RegExp(`/apps/${appId}$`))
    expect((await e.server.api('GET', `/api/apps/${appId}/views`)).body).toEqual([])
    expect(e.pageErrors).toEqual([])
  }, 180_000)
})
