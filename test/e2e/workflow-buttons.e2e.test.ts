import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { eventually } from '../support/second-server.ts'

/**
 * Manual workflows as buttons, and form tasks, in the browser (issue 18): a workflow's button on
 * a record's page asks for its inputs (a required one left empty is named in the form, nothing is
 * sent), runs on that record and the page shows what the run changed; on a grid, ticked rows run
 * it once each. A form task shows its fields as inputs in the inbox; the values go to the run as
 * their types. The task badge follows new tasks without a reload. Checked in the API each time.
 */
describe('workflow buttons and form tasks', () => {
  let e: E2E
  let appId: string
  let parts: string
  let gear: string
  let bolt: string
  let nut: string
  let button: string
  let countStock: string

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }
  const fields = async (id: string) => (await api('GET', `/api/tables/${parts}/records/${id}`)).fields as Record<string, unknown>

  beforeAll(async () => {
    e = await startE2E({ viewport: { width: 1366, height: 800 } })
    appId = (await api('POST', '/api/apps', { name: 'Stock' })).id
    parts = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Parts',
        columns: [
          { name: 'Name', type: 'text' },
          { name: 'Note', type: 'text' },
          { name: 'Qty', type: 'number' },
        ],
      })
    ).id
    gear = (await api('POST', `/api/tables/${parts}/records`, { fields: { Name: 'Gear', Qty: 1 } })).id
    bolt = (await api('POST', `/api/tables/${parts}/records`, { fields: { Name: 'Bolt', Qty: 2 } })).id
    nut = (await api('POST', `/api/tables/${parts}/records`, { fields: { Name: 'Nut', Qty: 3 } })).id
    const wf = await api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Reorder',
      description: 'Marks the part for reordering',
      trigger: {
        type: 'manual',
        config: {
          tableId: parts,
          inputs: [
            { name: 'Why', type: 'text', required: true },
            { name: 'Order qty', type: 'number' },
          ],
        },
      },
      steps: [
        {
          id: 'mark',
          type: 'update-record',
          config: { tableId: parts, recordId: '{{trigger.recordId}}', fields: { Note: 'reorder: {{trigger.input.Why}}', Qty: '{{trigger.input.Order qty}}' } },
        },
      ],
    })
    button = wf.id
    await api('POST', `/api/workflows/${button}/enable`)
  })
  afterAll(() => e?.close())

  it("runs a record's workflow button with its inputs, and the page shows what the run changed", async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${parts}/records/${gear}`))
    await page.getByTestId(`workflow-button-${button}`).click()
    const dialog = page.getByTestId('run-workflow-dialog')
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('Marks the part for reordering')
    // A required input left empty is named at its field; nothing goes to the server.
    let posted = 0
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/api/workflows/${button}/run`)) posted++
    })
    await dialog.getByTestId('run-workflow-submit').click()
    await dialog.getByTestId('input-item-Why').locator('.el-form-item__error').waitFor()
    expect(await dialog.getByTestId('input-item-Why').locator('.el-form-item__error').textContent()).toContain('Why is required')
    expect(posted).toBe(0)
    await e.shot('workflow-button-required')

    await dialog.getByTestId('input-Why').fill('low stock')
    await dialog.getByTestId('input-Order_qty').locator('input').fill('40')
    const started = page.waitForResponse((r) => r.url().endsWith(`/api/workflows/${button}/run`))
    await dialog.getByTestId('run-workflow-submit').click()
    const run = await started
    expect(run.status()).toBe(202)
    expect(run.request().postDataJSON()).toEqual({ recordId: gear, input: { Why: 'low stock', 'Order qty': 40 } })
    await page.locator('.el-message').filter({ hasText: '"Reorder" finished' }).waitFor()
    // The page reloaded the record: the run's change is on it.
    await page.getByTestId('record-title').waitFor()
    await page.getByText('reorder: low stock').first().waitFor()
    expect(await fields(gear)).toMatchObject({ Note: 'reorder: low stock', Qty: 40 })
    // The record's history names the workflow the person started, in words.
    const entry = page.getByTestId('record-history').getByTestId('audit-entry').filter({ hasText: 'started workflow' })
    await entry.waitFor()
    expect(await entry.getByTestId('audit-resource').textContent()).toContain('Reorder')
    await e.shot('workflow-button-done')
    expect(e.pageErrors).toEqual([])
  })

  it("the builder offers a manual workflow's record, as a run from a record gets it", async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/workflows/${button}`))
    const step = page.getByTestId('schema-recordId').first()
    await step.getByTestId('variable-picker').first().click()
    const menu = page.locator('.el-dropdown-menu:visible')
    await menu.getByTestId('variable-{{trigger.recordId}}').waitFor()
    await menu.getByTestId('variable-{{trigger.record.Name}}').waitFor()
    await menu.getByTestId('variable-{{trigger.input.Why}}').waitFor()
    await e.shot('workflow-manual-record-variables', page)
    await page.keyboard.press('Escape')
    expect(e.pageErrors).toEqual([])
  })

  it('runs it once on each ticked row of the grid', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${parts}`))
    const rowOf = (name: string) => page.getByTestId('grid-row').filter({ hasText: name })
    await rowOf('Bolt').waitFor()
    await rowOf('Bolt').getByTestId('grid-row-select').click()
    await rowOf('Nut').getByTestId('grid-row-select').click()
    const bar = page.getByTestId('grid-selection-bar')
    await bar.getByTestId(`workflow-button-${button}`).click()
    const dialog = page.getByTestId('run-workflow-dialog')
    await dialog.waitFor()
    expect(await dialog.getByTestId('run-workflow-records').textContent()).toContain('2')
    await dialog.getByTestId('input-Why').fill('batch')
    await e.shot('workflow-button-grid')
    await dialog.getByTestId('run-workflow-submit').click()
    await page.locator('.el-message').filter({ hasText: 'on 2 records' }).waitFor()
    await eventually(
      async () => [await fields(bolt), await fields(nut), await fields(gear)],
      ([b, n]) => b?.['Note'] === 'reorder: batch' && n?.['Note'] === 'reorder: batch',
      20_000,
    )
    // The untouched optional input is left out of the run, not sent as an empty value; Gear keeps its own run's values.
    expect(await fields(gear)).toMatchObject({ Note: 'reorder: low stock' })
    expect(e.pageErrors).toEqual([])
  })

  it('shows a form task as inputs in the inbox, sends typed answers, and the badge follows new tasks', async () => {
    const { page } = e
    const wf = await api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Count stock',
      trigger: { type: 'manual', config: {} },
      steps: [
        {
          id: 'ask',
          type: 'user-form',
          config: {
            title: 'Count the shelf',
            users: [e.server.owner.userId],
            fields: [
              { name: 'Part', type: 'text', required: true },
              { name: 'Counted', type: 'number', required: true },
              { name: 'Counted on', type: 'date' },
              { name: 'Damaged', type: 'switch' },
              { name: 'Remarks', type: 'long_text' },
            ],
          },
        },
        { id: 'save', type: 'create-record', config: { tableId: parts, fields: { Name: '{{steps.ask.data.Part}}', Qty: '{{steps.ask.data.Counted}}' } } },
      ],
    })
    countStock = wf.id
    await api('POST', `/api/workflows/${wf.id}/enable`)
    await page.goto(e.url(`/apps/${appId}`))
    const badge = page.getByTestId('tasks-count').locator('sup')
    // A task assigned while the person is on a page shows on their next click, without a reload.
    const run = await api('POST', `/api/workflows/${wf.id}/run`, {})
    await eventually(
      async () => (await api('GET', `/api/workflow-runs/${run.id}`)).status as string,
      (s) => s === 'waiting',
      20_000,
    )
    await page.getByTestId('workflows-link').click()
    await badge.filter({ hasText: '1' }).waitFor()

    await page.getByTestId('tasks-link').click()
    const card = page.getByTestId('task-inbox').locator('.task')
    await card.waitFor()
    expect(await card.getByTestId('task-title').textContent()).toBe('Count the shelf')
    await card.getByTestId('task-submit').click()
    await card.getByTestId('input-item-Part').locator('.el-form-item__error').waitFor()
    expect(await card.locator('.el-form-item__error').count()).toBe(2)

    await card.getByTestId('input-Part').fill('Washer')
    // The error goes as soon as the field is filled.
    await card.getByTestId('input-item-Part').locator('.el-form-item__error').waitFor({ state: 'detached' })
    await card.getByTestId('input-Counted').locator('input').fill('12')
    const date = card.getByTestId('input-item-Counted_on').locator('input')
    await date.fill('2026-12-24')
    await date.press('Enter')
    await card.getByTestId('input-Damaged').click()
    await card.getByTestId('input-Remarks').fill('two boxes\nsecond shelf')
    await card.getByTestId('task-comment').fill('counted twice')
    await e.shot('workflow-form-task')
    const done = page.waitForResponse((r) => r.url().includes('/complete'))
    await card.getByTestId('task-submit').click()
    const answer = await done
    expect(answer.status()).toBe(200)
    expect(answer.request().postDataJSON()).toEqual({
      data: { Part: 'Washer', Counted: 12, 'Counted on': '2026-12-24', Damaged: true, Remarks: 'two boxes\nsecond shelf' },
      comment: 'counted twice',
    })
    await page.getByTestId('tasks-empty').waitFor()
    await badge.waitFor({ state: 'hidden' })
    const ended = await eventually(
      async () => await api('GET', `/api/workflow-runs/${run.id}`),
      (r) => r.status === 'completed',
      20_000,
    )
    expect(ended.steps.find((s: { stepId: string }) => s.stepId === 'ask')?.output).toMatchObject({
      data: { Part: 'Washer', Counted: 12, Damaged: true },
      comment: 'counted twice',
    })
    const created = (await api('POST', `/api/tables/${parts}/records/query`, { filter: { field: 'Name', op: 'eq', value: 'Washer' } })).records
    expect(created[0]?.fields).toMatchObject({ Name: 'Washer', Qty: 12 })
    expect(e.pageErrors).toEqual([])
  })

  it('fits a phone: the run dialog and a form task at 390 px', async () => {
    const phone = await e.newContext({ viewport: { width: 390, height: 844 } })
    try {
      const page = await phone.newPage()
      await page.goto(e.url(`/apps/${appId}/tables/${parts}/records/${bolt}`))
      await page.getByTestId(`workflow-button-${button}`).click()
      const dialog = page.getByTestId('run-workflow-dialog')
      await dialog.waitFor()
      const box = await dialog.boundingBox()
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true)
      await e.shot('workflow-button-phone', page)
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })

      const run = await api('POST', `/api/workflows/${countStock}/run`, {})
      await eventually(
        async () => (await api('GET', `/api/workflow-runs/${run.id}`)).status as string,
        (s) => s === 'waiting',
        20_000,
      )
      await page.goto(e.url('/tasks'))
      const card = page.getByTestId('task-inbox').locator('.task')
      await card.getByTestId('input-Part').waitFor()
      const cardBox = await card.boundingBox()
      expect(cardBox && cardBox.x >= 0 && cardBox.x + cardBox.width <= 390).toBe(true)
      await e.shot('workflow-form-task-phone', page)
    } finally {
      await phone.close()
    }
  })
})
