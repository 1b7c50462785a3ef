import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { seedTasks } from './support/views-seed.ts'

/**
 * Issue 15, record form: "Save and add another" stays on an empty form and says the record was
 * saved; a record opened from a view goes back to that view (from its page, its form, after a
 * save and after a delete), not to the table.
 */
describe('record flow', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E()
  })
  afterAll(async () => e?.close())

  it('saves and adds another: an empty form each time, a confirmation, every record kept', async () => {
    const { page, server } = e
    page.setDefaultTimeout(15_000)
    const { appId, table } = await seedTasks(server, [])
    await page.goto(e.url(`/apps/${appId}/tables/${table.id}/records/new`))
    const title = page.locator('[data-test="form-field"][data-column="Title"] input')
    const points = page.locator('[data-test="form-field"][data-column="Points"] input')
    for (const [name, n] of [
      ['First', '1'],
      ['Second', '2'],
    ] as const) {
      await title.fill(name)
      await points.fill(n)
      await page.getByTestId('save-and-new').click()
      await page.locator('.el-message--success').filter({ hasText: 'ready for the next one' }).last().waitFor()
      await expect.poll(() => title.inputValue()).toBe('')
      expect(await points.inputValue()).toBe('')
      expect(page.url()).toMatch(/\/records\/new$/)
    }
    await page.getByTestId('added-count').filter({ hasText: '2' }).waitFor()
    // The first field has the focus again, so the next record can be typed at once.
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true)
    await e.shot('record-flow-save-and-add-another')
    const list = (await server.api('GET', `/api/tables/${table.id}/records?sort=${encodeURIComponent(JSON.stringify([{ field: 'Points', direction: 'asc' }]))}`)).body
    expect(list.records.map((r: { fields: Record<string, unknown> }) => [r.fields['Title'], r.fields['Points']])).toEqual([
      ['First', 1],
      ['Second', 2],
    ])
    expect(e.pageErrors).toEqual([])
  }, 120_000)

  it('returns to the view a record was opened from: Back, after an edit is saved, after a delete', async () => {
    const { page, server } = e
    page.setDefaultTimeout(15_000)
    const { appId, table } = await seedTasks(server, [
      { Title: 'Write spec', Stage: 'todo' },
      { Title: 'Ship it', Stage: 'doing' },
    ])
    const stage = table.columns.find((c) => c.name === 'Stage')!.id
    const view = (await server.api('POST', `/api/apps/${appId}/views`, { name: 'Board', dataTableId: table.id, type: 'kanban', config: { groupByFieldId: stage } })).body
    const viewUrl = new RegExp(`/apps/${appId}/views/${view.id}$`)
    const card = (title: string) => page.locator('[data-test="kanban-card"]').filter({ hasText: title })
    await page.goto(e.url(`/apps/${appId}/views/${view.id}`))

    // Open a card; the page's way back names the view and leads there.
    await card('Write spec').click()
    await page.waitForURL(/\/records\/[0-9a-f-]{36}\?view=/)
    await page.getByTestId('back-to-table').filter({ hasText: 'Back to Board' }).waitFor()
    await e.shot('record-flow-detail-from-view')
    await page.getByTestId('back-to-table').click()
    await page.waitForURL(viewUrl)

    // Edit and save: the record page, then Back, still return to the view.
    await card('Write spec').click()
    await page.getByTestId('edit-record').click()
    await page.waitForURL(/\/edit\?view=/)
    await page.locator('[data-test="form-field"][data-column="Title"] input').fill('Write the spec')
    await page.getByTestId('save-record').click()
    await page.waitForURL(/\/records\/[0-9a-f-]{36}\?view=/)
    await page.getByTestId('record-title').filter({ hasText: 'Write the spec' }).waitFor()
    await page.getByTestId('table-link').filter({ hasText: 'Board' }).click()
    await page.waitForURL(viewUrl)
    await card('Write the spec').waitFor()

    // Delete from the record page: back on the view, without the card.
    await card('Ship it').click()
    await page.getByTestId('delete-record').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.waitForURL(viewUrl)
    await card('Write the spec').waitFor()
    expect(await card('Ship it').count()).toBe(0)
    await e.shot('record-flow-back-on-view')

    // Opened from the table, the record still returns to the table.
    const id = (await server.api('GET', `/api/tables/${table.id}/records`)).body.records[0].id
    await page.goto(e.url(`/apps/${appId}/tables/${table.id}/records/${id}`))
    await page.getByTestId('back-to-table').filter({ hasText: 'Back to table' }).click()
    await page.waitForURL(new RegExp(`/tables/${table.id}$`))
    expect(e.pageErrors).toEqual([])
  }, 120_000)
})
