import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Request } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'
import { inviteMember, memberPage } from './support/member.ts'
import type { TestSession } from '../support/sessions.ts'

/**
 * A link to something missing (404) or not the reader's to see (403) reads as such, with a way
 * back to the apps, instead of "Could not load ... Try again" (a retry answers the same); a page a
 * member may read offers no control the server would refuse; a page of a build the server no longer
 * has (DocPal upgraded while the tab was open) reloads into the new one.
 */
describe('missing and forbidden pages', () => {
  let e: E2E
  let member: TestSession
  let appId = ''
  let tableId = ''
  beforeAll(async () => {
    e = await startE2E()
    member = await inviteMember(e, 'mo@example.com', 'Mo Member')
    appId = (await e.server.api('POST', '/api/apps', { name: 'Office' })).body.id
    const table = await e.server.api('POST', `/api/apps/${appId}/tables`, { name: 'Payroll', columns: [{ name: 'Name', type: 'text' }] })
    expect(table.status).toBe(201)
    tableId = table.body.id
    const rules = await e.server.api('PUT', `/api/tables/${tableId}/permissions`, { rules: [{ role: 'member', actions: [] }] })
    expect(rules.status, rules.text).toBe(200)
  })
  afterAll(() => e?.close())

  it('an unknown table, view or record says Not found and leads back to the apps', async () => {
    const { page } = e
    const nobody = '0194e0c5-7a0e-7000-8000-000000000000'
    for (const path of [`/apps/${appId}/tables/${nobody}`, `/apps/${appId}/views/${nobody}`, `/apps/${appId}/tables/${tableId}/records/${nobody}`]) {
      await page.goto(e.url(path))
      const state = page.getByTestId('error-state')
      await state.waitFor()
      expect(await state.getAttribute('data-status'), path).toBe('404')
      expect(await state.locator('.el-result__title').textContent(), path).toBe('Not found')
      expect(await state.getByRole('button', { name: 'Try again' }).count(), path).toBe(0)
    }
    await e.shot('not-found-record')
    await page.getByTestId('error-home').click()
    await page.waitForURL(e.url('/'))
    expect(e.pageErrors).toEqual([])
  })

  it('a page whose code is gone after an upgrade reloads at the address being opened', async () => {
    const { page } = e
    await page.goto(e.url('/'))
    await page.getByTestId('admin-link').waitFor()
    // The old build's chunk of the admin page is gone (an upgrade renamed it) until the page
    // loads again, which brings the new build.
    let gone = true
    let refused = 0
    const onRequest = (r: Request) => {
      if (r.resourceType() === 'document') gone = false
    }
    page.on('request', onRequest)
    await page.route(/\/assets\/AdminPluginsPage-[^/]+\.js$/, async (route) => {
      if (!gone) return route.continue()
      refused++
      return route.fulfill({ status: 404, body: 'gone' })
    })
    const reloaded = page.waitForEvent('load')
    await page.getByTestId('admin-link').click()
    await reloaded
    await page.waitForURL(e.url('/admin/plugins'))
    await page.getByTestId('plugin-search').waitFor()
    expect(refused).toBeGreaterThan(0)
    page.off('request', onRequest)
    await page.unroute(/\/assets\/AdminPluginsPage-[^/]+\.js$/)
    expect(e.pageErrors).toEqual([])
  })

  it('a member opening a table they may not see is told so, not asked to try again', async () => {
    const { context, page, errors } = await memberPage(e, member)
    const answer = await e.server.as(member)('GET', `/api/tables/${tableId}`)
    expect(answer.status).toBe(403)
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    const state = page.getByTestId('error-state')
    await state.waitFor()
    expect(await state.getAttribute('data-status')).toBe('403')
    expect(await state.locator('.el-result__title').textContent()).toBe('You do not have access to this')
    expect(await state.textContent()).toContain(answer.body.error.message)
    await page.screenshot({ path: 'test-results/screenshots/not-found-forbidden.png' })
    expect(errors).toEqual([])
    await context.close()
  })

  it('a member sees the app’s workflows and runs, without controls the server would refuse', async () => {
    const made = await e.server.api('POST', `/api/apps/${appId}/workflows`, { name: 'Ping', trigger: { type: 'manual', config: {} }, steps: [] })
    expect(made.status, made.text).toBe(201)
    const { context, page, errors } = await memberPage(e, member)
    await page.goto(e.url(`/apps/${appId}/workflows`))
    await page.getByTestId('workflow-edit-link').filter({ hasText: 'Ping' }).waitFor()
    await page.getByTestId('workflows-read-only').waitFor()
    expect(await page.getByTestId('workflow-create').count()).toBe(0)
    expect(await page.getByTestId('workflow-delete').count()).toBe(0)
    expect(await page.locator('[data-test="workflow-enabled"].is-disabled').count()).toBe(1)
    await page.screenshot({ path: 'test-results/screenshots/not-found-member-workflows.png' })
    // The builder reads the same way: every input disabled, no save and no test run.
    await page.getByTestId('workflow-edit-link').filter({ hasText: 'Ping' }).click()
    await page.getByTestId('wf-read-only').waitFor()
    expect(await page.getByTestId('wf-save').count()).toBe(0)
    expect(await page.getByTestId('test-run').count()).toBe(0)
    expect(await page.getByTestId('wf-name').isDisabled()).toBe(true)
    expect(await page.locator('[data-test="wf-enabled"].is-disabled').count()).toBe(1)
    const editor = page.getByTestId('workflow-editor')
    expect(await editor.locator('input:not([disabled]), textarea:not([disabled]), button:not([disabled])').count()).toBe(0)
    await page.screenshot({ path: 'test-results/screenshots/not-found-member-workflow-editor.png' })
    expect(errors).toEqual([])
    await context.close()
    // The owner keeps them.
    await e.page.goto(e.url(`/apps/${appId}/workflows`))
    await e.page.getByTestId('workflow-create').waitFor()
    expect(await e.page.getByTestId('workflows-read-only').count()).toBe(0)
    expect(await e.page.getByTestId('workflow-delete').count()).toBe(1)
  })
})
