import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'
import { inviteMember, memberPage } from './support/member.ts'
import type { TestSession } from '../support/sessions.ts'

/**
 * Issue 17 in the browser: the owner writes a table's rules in the Permissions dialog (members
 * see and edit only the records they created, never the Secret column, and may not add or
 * delete); a member, in a browser of their own, sees exactly that and is offered no button the
 * server would refuse; the owner's "View as member" (the role) and "View as Mo" (the person) show
 * the same, read-only, until Exit.
 */
describe('permissions: rules in the dialog, what a member sees, view as', () => {
  let e: E2E
  let member: TestSession
  let memberContext: BrowserContext | undefined
  let appId = ''
  let tableId = ''
  let ownerRecordId = ''
  beforeAll(async () => {
    e = await startE2E()
    member = await inviteMember(e, 'mo@example.com', 'Mo Member')

    appId = (await e.server.api('POST', '/api/apps', { name: 'Field work' })).body.id
    const table = await e.server.api('POST', `/api/apps/${appId}/tables`, {
      name: 'Visits',
      columns: [
        { name: 'Place', type: 'text' },
        { name: 'Notes', type: 'text' },
        { name: 'Secret', type: 'text' },
      ],
    })
    expect(table.status).toBe(201)
    tableId = table.body.id
    for (const place of ['Owner north', 'Owner south']) {
      const created = await e.server.api('POST', `/api/tables/${tableId}/records`, { fields: { Place: place, Secret: 'owner only' } })
      expect(created.status).toBe(201)
      ownerRecordId = created.body.id
    }
    // Before any rule, every member may add records: Mo adds one of their own.
    expect((await e.server.as(member)('POST', `/api/tables/${tableId}/records`, { fields: { Place: 'Mo east', Secret: 's' } })).status).toBe(201)
  })
  afterAll(async () => {
    await memberContext?.close()
    await e?.close()
  })

  const places = async (p: Page) => (await p.locator('[data-test="grid-row"] [data-col="Place"]').allTextContents()).map((s) => s.trim()).sort()
  const visible = (p: Page, testId: string) => p.getByTestId(testId).filter({ visible: true })
  /** Picks an option of an element-plus select, then waits for its dropdown to have closed (options of several selects share test ids). */
  async function choose(p: Page, select: Locator, option: string) {
    await select.click()
    await visible(p, option).click()
    await p.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.el-select__popper')].every((d) => d.style.display === 'none'))
  }

  it('the owner writes the rules in the dialog', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.locator('[data-test="grid-row"]').nth(2).waitFor()
    await page.getByTestId('table-permissions').click()
    const dialog = page.getByTestId('permissions-dialog')
    await dialog.getByTestId('permissions-add-rule').waitFor()
    await dialog.getByTestId('permissions-add-rule').click()
    const rule = dialog.getByTestId('permission-rule').first()
    // A new rule is for the role member, with `view`; add `edit` (no create, no delete).
    await rule.getByTestId('rule-action-edit').click()
    // Records they see: those they created.
    await rule.getByTestId('rule-readFilter').locator('.el-collapse-item__header').click()
    await rule.getByTestId('rule-readFilter').getByTestId('filter-add-condition').click()
    await rule.getByTestId('rule-readFilter').getByTestId('filter-condition').waitFor()
    // The Secret column is hidden from them, Notes read-only.
    await choose(page, dialog.getByTestId('matrix-0-Secret'), 'matrix-option-hidden')
    await choose(page, dialog.getByTestId('matrix-0-Notes'), 'matrix-option-readOnly')
    await e.shot('permissions-dialog')
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/api/tables/${tableId}/permissions`))
    await dialog.getByTestId('permissions-save').click()
    expect((await saved).status()).toBe(200)
    const rules = await e.server.api('GET', `/api/tables/${tableId}/permissions`)
    expect(rules.body.rules).toEqual([
      expect.objectContaining({
        role: 'member',
        actions: ['view', 'edit'],
        readFilter: { and: [{ field: 'createdBy', op: 'is_current_user' }] },
        hiddenFields: ['Secret'],
        readOnlyFields: ['Notes'],
      }),
    ])
  })

  it('a member sees only their own rows, not the hidden column, and no add or delete', async () => {
    const { context, page: p, errors } = await memberPage(e, member)
    memberContext = context
    const refused: string[] = []
    p.on('response', (r) => {
      if (r.status() === 403) refused.push(`${r.request().method()} ${r.url()}`)
    })
    await p.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await p.locator('[data-test="grid-row"]').first().waitFor()
    expect(await places(p)).toEqual(['Mo east'])
    await p.getByTestId('grid-header-Place').waitFor()
    expect(await p.getByTestId('grid-header-Secret').count()).toBe(0)
    expect(await p.getByTestId('table-new-record').count()).toBe(0)
    expect(await p.getByTestId('grid-new-row').count()).toBe(0)
    expect(await p.getByTestId('import-button').count()).toBe(0)
    expect(await p.getByTestId('table-permissions').count()).toBe(0)
    expect(await p.getByTestId('table-design').count()).toBe(0)
    expect(await p.getByTestId('view-as').count()).toBe(0)
    // Notes is marked read-only and opens no editor; Place of their own record does (its edit
    // scope asked of the server when the edit starts).
    await p.getByTestId('grid-readonly-Notes').waitFor()
    const cell = (col: string) => p.locator(`[data-test="grid-row"][data-row="0"] [data-col="${col}"]`)
    await cell('Notes').dblclick()
    await cell('Place').dblclick()
    await p.getByTestId('grid-editor').waitFor()
    expect(await p.getByTestId('grid-editor').getAttribute('data-field')).toBe('Place')
    await p.keyboard.press('Escape')
    // A ticked row offers no delete.
    await p.getByTestId('grid-row-select').first().click()
    expect(await p.getByTestId('grid-delete-selected').count()).toBe(0)
    await e.shot('permissions-member-grid', p)
    // The record page: edit (their own record is in the edit scope), no delete.
    await p.getByTestId('grid-row-expand').first().click()
    await p.getByTestId('record-title').waitFor()
    await p.getByTestId('edit-record').waitFor()
    expect(await p.getByTestId('delete-record').count()).toBe(0)
    // Hidden everywhere for them, the record's history (its audit diffs) included.
    await p.getByTestId('audit-entry').first().waitFor()
    expect(await p.locator('body').textContent()).not.toContain('Secret')
    await e.shot('permissions-member-record', p)
    // Adding a view of a table with rules takes `manage`: no "+ View" in the sidebar.
    expect(await p.getByTestId('sidebar-app').count()).toBe(1)
    expect(await p.getByTestId('new-view').count()).toBe(0)
    // A record the rules hide from them (a link in an approval task, from a colleague): the
    // server answers 404 as for a deleted one, and the page says it may be either.
    await p.goto(e.url(`/apps/${appId}/tables/${tableId}/records/${ownerRecordId}`))
    await p.getByTestId('error-state').waitFor()
    expect(await p.getByTestId('error-state').textContent()).toContain('permission rules hide it from you')
    expect(refused).toEqual([])
    expect(errors).toEqual([])
  })

  it("the owner's View as member shows the same, read-only, until Exit", async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.getByTestId('grid-header-Secret').waitFor()
    await page.getByTestId('view-as').click()
    await visible(page, 'view-as-member').click()
    await page.getByTestId('view-as-banner').waitFor()
    await page.locator('[data-test="grid-row"]').first().waitFor()
    // The rule's "their own records" now means the owner's (the owner previews the role as themselves).
    expect(await places(page)).toEqual(['Owner north', 'Owner south'])
    expect(await page.getByTestId('grid-header-Secret').count()).toBe(0)
    expect(await page.getByTestId('table-new-record').count()).toBe(0)
    expect(await page.getByTestId('grid-new-row').count()).toBe(0)
    expect(await page.getByTestId('table-permissions').count()).toBe(0)
    await page.getByTestId('grid-row-select').first().click()
    expect(await page.getByTestId('grid-delete-selected').count()).toBe(0)
    expect(await page.getByTestId('view-as-banner').textContent()).toContain('Viewing as Member')
    await e.shot('permissions-view-as-member')
    await page.getByTestId('view-as-exit').click()
    await page.getByTestId('grid-header-Secret').waitFor()
    expect(await page.getByTestId('view-as-banner').count()).toBe(0)
    await page.locator('[data-test="grid-row"]').nth(2).waitFor()
    expect(await places(page)).toEqual(['Mo east', 'Owner north', 'Owner south'])
    await page.getByTestId('table-new-record').waitFor()
    expect(e.pageErrors).toEqual([])
  })

  it("the owner's View as one member shows that person's own rows, with their name on the banner", async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/tables/${tableId}`))
    await page.getByTestId('grid-header-Secret').waitFor()
    await page.getByTestId('view-as').click()
    // The picker lists the company's roles and its members (owners and admins left out: they see everything).
    await visible(page, 'view-as-user-mo@example.com').waitFor()
    await e.shot('permissions-view-as-picker')
    expect(await page.locator('.el-dropdown-menu [data-test^="view-as-user-"]').filter({ visible: true }).count()).toBe(1)
    await visible(page, 'view-as-user-mo@example.com').click()
    await page.getByTestId('view-as-banner').waitFor()
    expect(await page.getByTestId('view-as-banner').textContent()).toContain('Viewing as Mo Member (Member)')
    await page.locator('[data-test="grid-row"]').first().waitFor()
    // "Their own records" are now Mo's, exactly what Mo sees in their own browser.
    expect(await places(page)).toEqual(['Mo east'])
    expect(await page.getByTestId('grid-header-Secret').count()).toBe(0)
    expect(await page.getByTestId('table-new-record').count()).toBe(0)
    await e.shot('permissions-view-as-person')
    // Kept across a reload (the tab's session), until Exit.
    await page.reload()
    await page.getByTestId('view-as-banner').filter({ hasText: 'Mo Member' }).waitFor()
    await page.locator('[data-test="grid-row"]').first().waitFor()
    expect(await places(page)).toEqual(['Mo east'])
    await page.getByTestId('view-as-exit').click()
    await page.getByTestId('grid-header-Secret').waitFor()
    expect(await page.getByTestId('view-as-banner').count()).toBe(0)
    await page.locator('[data-test="grid-row"]').nth(2).waitFor()
    expect(e.pageErrors).toEqual([])
  })

  it('the owner adds a custom role on the company page and gives it to the member', async () => {
    const { page } = e
    await page.goto(e.url('/company'))
    await page.getByRole('tab', { name: 'Roles' }).click()
    await page.getByTestId('role-member').waitFor()
    await page.getByTestId('role-new-label').fill('Field agent')
    await page.getByTestId('role-create').click()
    await page.getByTestId('role-field-agent').waitFor()
    await page.getByTestId('role-rename-field-agent').click()
    await page.locator('.el-message-box input').fill('Field agent (north)')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.getByTestId('role-field-agent').getByText('Field agent (north)').waitFor()
    await e.shot('permissions-roles')
    await page.getByRole('tab', { name: 'Members' }).click()
    await page.getByTestId('member-role-mo@example.com').click()
    const changed = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/members/${member.userId}`))
    await visible(page, 'member-role-option-field-agent').click()
    expect((await changed).status()).toBe(200)
    const me = await e.server.api('GET', '/api/auth/me')
    const members = await e.server.api('GET', `/api/companies/${me.body.currentCompanyId}/members`)
    expect(members.body.find((m: { userId: string }) => m.userId === member.userId).role).toBe('field-agent')

    // Invitations offer the company's roles too; the list and the accept page name the role by its label.
    await page.getByRole('tab', { name: 'Invitations' }).click()
    await page.getByTestId('invite-email').fill('agent@example.com')
    await page.getByTestId('invite-role').click()
    await visible(page, 'invite-role-option-field-agent').click()
    const invited = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/invitations'))
    await page.getByTestId('invite-send').click()
    expect((await invited).status()).toBe(201)
    const link = (await page.getByTestId('invite-link').textContent())?.trim() ?? ''
    await page.getByTestId('invitations-table').getByText('Field agent (north)').waitFor()
    await e.shot('permissions-invite-custom-role')
    const guest = await e.browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      const p2 = await guest.newPage()
      await p2.goto(link)
      await p2.getByTestId('invite-summary').getByText('to join', { exact: false }).waitFor()
      expect(await p2.getByTestId('invite-summary').textContent()).toContain('as Field agent (north).')
      await e.shot('permissions-invite-accept-custom-role', p2)
    } finally {
      await guest.close()
    }
    expect(e.pageErrors).toEqual([])
  })
})
