import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import type { TableMeta } from '@docpal/plugin-sdk/client'
import { startE2E, type E2E } from './support/browser.ts'
import { inviteMember, memberPage } from './support/member.ts'
import { col } from './support/views-seed.ts'
import type { TestSession } from '../support/sessions.ts'
import type { Api } from '../support/test-server.ts'

const pad = (n: number) => String(n).padStart(2, '0')
const now = new Date()
/** A day of the current month (the calendar opens on it), as the date field stores it. */
const day = (d: number) => `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(d)}`

/**
 * Issue 17, a member's writes in the browser that their rules refuse: Mo reads every deal but edits
 * only their own open or won ones. A grid paste over rows outside that scope is saved whole or not
 * at all (the server's answer): the grid says which rows, and no cell changes. A kanban card or a
 * calendar event Mo may not move (someone else's, a move that would leave the scope, a read-only
 * date) snaps back with a message; one Mo may move does move, so the drags are real.
 */
describe('permissions: refused writes of a member in the grid, kanban and calendar', () => {
  let e: E2E
  let mo: TestSession
  let context: BrowserContext
  let page: Page
  let errors: string[]
  let appId = ''
  let table: TableMeta
  const ids: Record<string, string> = {}

  const mine = { field: 'createdBy', op: 'is_current_user' }
  const rules = (readOnlyFields: string[] = []) =>
    e.server.api('PUT', `/api/tables/${table.id}/permissions`, {
      rules: [{ role: 'member', actions: ['view', 'edit'], editFilter: { and: [mine, { field: 'Stage', op: 'in', value: ['open', 'won'] }] }, readOnlyFields }],
    })
  const record = async (name: string) => (await e.server.api('GET', `/api/tables/${table.id}/records/${ids[name]}`)).body.fields

  beforeAll(async () => {
    e = await startE2E()
    mo = await inviteMember(e, 'mo@example.com', 'Mo Member')
    appId = (await e.server.api('POST', '/api/apps', { name: 'Sales' })).body.id
    const made = await e.server.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Deals',
      columns: [
        { name: 'Title', type: 'text' },
        {
          name: 'Stage',
          type: 'single_select',
          config: {
            options: [
              { id: 'open', label: 'Open' },
              { id: 'won', label: 'Won' },
              { id: 'lost', label: 'Lost' },
            ],
          },
        },
        { name: 'Due', type: 'date' },
      ],
    })
    expect(made.status, made.text).toBe(201)
    table = made.body
    // One by one, so creation order is the grid's row order: the owner's two deals, then Mo's two.
    const deals: Array<[string, Api, number]> = [
      ['Owner A', e.server.api, 10],
      ['Owner B', e.server.api, 11],
      ['Mo C', e.server.as(mo), 12],
      ['Mo D', e.server.as(mo), 13],
    ]
    for (const [title, as, d] of deals) {
      const r = await as('POST', `/api/tables/${table.id}/records`, { fields: { Title: title, Stage: 'open', Due: day(d) } })
      expect(r.status, r.text).toBe(201)
      ids[title] = r.body.id
    }
    const ruled = await rules()
    expect(ruled.status, ruled.text).toBe(200)
    ;({ context, page, errors } = await memberPage(e, mo, { width: 1400, height: 800 }))
  })
  afterAll(async () => {
    await context?.close()
    await e?.close()
  })

  it('a paste over rows outside the edit scope is refused whole: the rows are named, no cell changes', async () => {
    await page.goto(e.url(`/apps/${appId}/tables/${table.id}`))
    await page.locator('[data-test="grid-row"][data-row="3"]').waitFor()
    const cell = (row: number, name: string) => page.locator(`[data-test="grid-row"][data-row="${row}"] [data-col="${name}"]`)
    const paste = (text: string) =>
      page.getByTestId('grid').evaluate((el, t) => {
        const data = new DataTransfer()
        data.setData('text/plain', t)
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
      }, text)
    // Four titles from the first row down: rows 1 and 2 are the owner's.
    await cell(0, 'Title').click()
    const answered = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(`/api/tables/${table.id}/records`))
    await paste('P1\nP2\nP3\nP4')
    expect((await answered).status()).toBe(403)
    const notice = page.getByTestId('grid-paste-not-saved')
    await notice.waitFor()
    expect(await notice.locator('div').allTextContents()).toEqual([
      'Row 1: outside the rows you may edit',
      'Row 2: outside the rows you may edit',
      'No cell was changed: a paste is saved whole or not at all.',
    ])
    expect(await page.locator('.dp-paste-refused .el-notification__title').textContent()).toBe('The paste was not saved')
    expect((await page.locator('[data-test="grid-row"] [data-col="Title"]').allTextContents()).map((s) => s.trim())).toEqual(['Owner A', 'Owner B', 'Mo C', 'Mo D'])
    await e.shot('permissions-paste-refused', page)
    await page.locator('.dp-paste-refused .el-notification__closeBtn').click()
    expect(await record('Mo C')).toMatchObject({ Title: 'Mo C' })
    // Over Mo's own rows alone, the same paste goes through.
    await cell(2, 'Title').click()
    await paste('P3\nP4')
    await expect.poll(async () => (await record('Mo D')).Title).toBe('P4')
    await page.reload()
    await cell(3, 'Title').filter({ hasText: 'P4' }).waitFor()
    expect((await page.locator('[data-test="grid-row"] [data-col="Title"]').allTextContents()).map((s) => s.trim())).toEqual(['Owner A', 'Owner B', 'P3', 'P4'])
    expect(errors).toEqual([])
  })

  it('kanban: a card Mo may not move snaps back with a message; one Mo may move moves', async () => {
    const view = await e.server.api('POST', `/api/apps/${appId}/views`, { name: 'Board', dataTableId: table.id, type: 'kanban', config: { groupByFieldId: col(table, 'Stage') } })
    expect(view.status, view.text).toBe(201)
    await page.goto(e.url(`/apps/${appId}/views/${view.body.id}`))
    const lane = (option: string) => page.locator(`[data-test="kanban-column"][data-option="${option}"]`)
    const card = (title: string) => page.getByTestId('kanban-card').filter({ hasText: title })
    await lane('open').getByText('P4').waitFor()
    async function drag(title: string, to: string) {
      const from = (await card(title).boundingBox())!
      const target = (await lane(to).boundingBox())!
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
      await page.mouse.down()
      await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2, { steps: 5 })
      await page.mouse.move(target.x + target.width / 2, target.y + target.height - 10, { steps: 10 })
      await page.mouse.up()
    }
    const message = page.locator('.el-message--error')
    // Allowed: Mo's own open deal to Won (still inside the scope).
    await drag('P4', 'won')
    await lane('won').getByText('P4').waitFor()
    await expect.poll(async () => (await record('Mo D')).Stage).toBe('won')
    // Someone else's deal: not Mo's to edit.
    await drag('Owner A', 'won')
    await message.filter({ hasText: 'You may not edit this record' }).waitFor()
    await lane('open').getByText('Owner A').waitFor()
    expect(await lane('won').getByText('Owner A').count()).toBe(0)
    await e.shot('permissions-kanban-refused', page)
    // Mo's own deal to Lost: the server refuses an edit that leaves the scope.
    await drag('P3', 'lost')
    await message.filter({ hasText: 'outside the rows your permission rules let you edit' }).waitFor()
    await lane('open').getByText('P3').waitFor()
    expect(await lane('lost').getByTestId('kanban-card').count()).toBe(0)
    await e.shot('permissions-kanban-refused-by-server', page)
    expect(await record('Owner A')).toMatchObject({ Stage: 'open' })
    expect(await record('Mo C')).toMatchObject({ Stage: 'open' })
    await page.reload()
    await lane('open').getByText('P3').waitFor()
    expect((await lane('open').getByTestId('kanban-card').allInnerTexts()).join(' ')).toContain('Owner A')
    expect(errors).toEqual([])
  })

  it('calendar: an event Mo may not move (not theirs, or a read-only date) goes back and says why', async () => {
    const view = await e.server.api('POST', `/api/apps/${appId}/views`, {
      name: 'Due dates',
      dataTableId: table.id,
      type: 'calendar',
      config: { dateFieldId: col(table, 'Due'), mode: 'month' },
    })
    expect(view.status, view.text).toBe(201)
    await page.goto(e.url(`/apps/${appId}/views/${view.body.id}`))
    const cell = (d: string) => page.locator(`[data-test="calendar-day"][data-date="${d}"]`)
    const event = (d: string, title: string) => cell(d).locator('[data-test="calendar-event"]').filter({ hasText: title })
    await event(day(12), 'P3').waitFor()
    // Allowed: Mo's own deal from the 12th to the 20th.
    await event(day(12), 'P3').dragTo(cell(day(20)), { targetPosition: { x: 20, y: 60 } })
    await event(day(20), 'P3').waitFor()
    await expect.poll(async () => (await record('Mo C')).Due).toBe(day(20))
    // The owner's deal: back on the 10th, with the reason.
    await event(day(10), 'Owner A').dragTo(cell(day(21)), { targetPosition: { x: 20, y: 60 } })
    await page.getByTestId('view-error').filter({ hasText: 'You may not edit this record' }).waitFor()
    await event(day(10), 'Owner A').waitFor()
    expect(await event(day(21), 'Owner A').count()).toBe(0)
    await e.shot('permissions-calendar-refused', page)
    // Due made read-only for members: even Mo's own deal stays where it is.
    expect((await rules(['Due'])).status).toBe(200)
    await page.reload()
    await event(day(20), 'P3').waitFor()
    await event(day(20), 'P3').dragTo(cell(day(22)), { targetPosition: { x: 20, y: 60 } })
    await page.getByTestId('view-error').filter({ hasText: 'Due is read-only' }).waitFor()
    await event(day(20), 'P3').waitFor()
    expect(await event(day(22), 'P3').count()).toBe(0)
    await e.shot('permissions-calendar-read-only', page)
    expect(await record('Mo C')).toMatchObject({ Due: day(20) })
    expect(await record('Owner A')).toMatchObject({ Due: day(10) })
    expect(errors).toEqual([])
  })

  it('typed on a selected cell of a row under row rules, no key is lost while the rules are asked', async () => {
    expect((await rules()).status).toBe(200)
    await page.goto(e.url(`/apps/${appId}/tables/${table.id}`))
    const cell = (row: number, name: string) => page.locator(`[data-test="grid-row"][data-row="${row}"] [data-col="${name}"]`)
    await cell(3, 'Due').waitFor()
    // A date (an editor that takes the keys themselves) and a text (opened with the first key).
    await cell(3, 'Due').click()
    await page.keyboard.type('2027-01-15')
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await record('Mo D')).Due).toBe('2027-01-15')
    await cell(2, 'Title').click()
    await page.keyboard.type('Renamed fast')
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await record('Mo C')).Title).toBe('Renamed fast')
    // Someone else's row: nothing opens, the keys go nowhere, and the grid says why.
    await cell(0, 'Title').click()
    await page.keyboard.type('nope')
    await page.locator('.el-message').filter({ hasText: 'You may not edit this record' }).first().waitFor()
    expect(await page.getByTestId('grid-editor').count()).toBe(0)
    expect(await record('Owner A')).toMatchObject({ Title: 'Owner A' })
    expect(errors).toEqual([])
  })
})
