import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { signIn } from '../support/sessions.ts'

/**
 * Issue 16's browser journey in one piece, on a server nobody has signed up to: the first person
 * signs up and verifies their address from the development outbox, creates a company, invites a
 * second person by email; the second person accepts the mailed link in their own browser (making
 * their account), sees only that company's apps, is not offered the table builder, and edits a
 * record; the owner sees that edit, old -> new, in the record's audit timeline.
 */
describe('accounts, companies, invitations and the audit log: one journey', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E({ signedIn: false })
  })
  afterAll(async () => e?.close())

  it('signs up, verifies, creates a company, invites, accepts, keeps companies apart and shows the edit in the timeline', async () => {
    const { page } = e
    // Sign up: the first account of the instance (instance admin, owner of a first company).
    await page.goto(e.url('/signup'))
    await page.getByTestId('login-name').fill('Ada Owner')
    await page.getByTestId('login-email').fill('ada@example.com')
    await page.getByTestId('login-password').fill('analytical engine')
    await page.getByTestId('login-submit').click()
    await page.getByTestId('verify-banner').waitFor()

    // Verify with the link from the outbox page.
    await page.getByTestId('outbox-link').click()
    await page.getByTestId('outbox-link-verify-email').first().click()
    await page.getByTestId('link-title').getByText('Your email address is confirmed.').waitFor()
    await page.getByTestId('link-continue').click()
    await page.getByTestId('apps-empty').waitFor()
    expect(await page.getByTestId('verify-banner').count()).toBe(0)

    // An app in the first company, through the API as Ada (a session of its own).
    const ada = await signIn(e.server.url, { signup: false, email: 'ada@example.com', password: 'analytical engine' })
    const asAda = e.server.as(ada)
    expect((await asAda('POST', '/api/apps', { name: 'First company app' })).status).toBe(201)

    // Create a company from the user menu.
    await page.getByTestId('user-menu').click()
    await page.getByTestId('company-create').click()
    await page.locator('.el-message-box input').fill('Beta Works')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.waitForURL(/\/company$/)
    await page.getByTestId('company-settings-form').waitFor()
    const beta = (await asAda('GET', '/api/companies')).body.find((c: { name: string }) => c.name === 'Beta Works') as { id: string }
    const inBeta = { 'x-docpal-company': beta.id }
    const app = await asAda('POST', '/api/apps', { name: 'Beta app' }, inBeta)
    const table = await asAda('POST', `/api/apps/${app.body.id}/tables`, { name: 'Deals', columns: [{ name: 'Name', type: 'text' }] }, inBeta)
    expect(table.status).toBe(201)
    const record = await asAda('POST', `/api/tables/${table.body.id}/records`, { fields: { Name: 'Alpha' } }, inBeta)
    expect(record.status).toBe(201)

    // Invite a second person by email; the mail waits in the outbox.
    await page.getByRole('tab', { name: 'Invitations' }).click()
    await page.getByTestId('invite-email').fill('bea@example.com')
    await page.getByTestId('invite-send').click()
    await page.getByTestId('invite-fresh').waitFor()
    await page.goto(e.url('/admin/outbox'))
    await page.getByTestId('outbox-subject-invitation').first().waitFor()
    const link = await page.getByTestId('outbox-link-invitation').first().getAttribute('href')
    expect(link).toContain('/invite/')
    await e.shot('journey-outbox-invitation')

    // The invitee accepts in a browser of their own, signed in as nobody, and makes their account.
    const guest = await e.browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      const p2 = await guest.newPage()
      await p2.goto(new URL(link ?? '', e.server.url).href)
      await p2.getByTestId('invite-name').fill('Bea Member')
      await p2.getByTestId('invite-password').fill('a long password')
      await p2.getByTestId('invite-create').click()
      await p2.waitForURL((u) => u.pathname === '/')
      await p2.getByTestId('app-card').first().waitFor()
      const names = (await p2.getByTestId('app-card').allTextContents()).join(' ')
      expect(names).toContain('Beta app')
      expect(names).not.toContain('First company app')
      await p2.getByTestId('user-menu').getByText('Bea Member · Beta Works').waitFor()
      await e.shot('journey-member-apps', p2)

      // No schema designer for a member: not offered, and a typed URL leads back to the app.
      await p2.goto(e.url(`/apps/${app.body.id}/tables/new`))
      await p2.waitForURL((u) => u.pathname === `/apps/${app.body.id}`)
      expect(await p2.getByTestId('new-table').count()).toBe(0)

      // The member edits the record in the grid.
      await p2.goto(e.url(`/apps/${app.body.id}/tables/${table.body.id}`))
      const cell = p2.locator('[data-test="grid-row"][data-row="0"] [data-col="Name"]')
      await cell.waitFor()
      const box = (await cell.boundingBox())!
      await cell.dblclick({ position: { x: box.width - 4, y: box.height / 2 } })
      const input = p2.getByTestId('grid-editor').locator('input')
      await input.fill('Beta')
      const saved = p2.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(`/records/${record.body.id}`))
      await input.press('Enter')
      expect((await saved).status()).toBe(200)
    } finally {
      await guest.close()
    }

    // The owner, now in Beta Works, sees the member's edit in the record's timeline.
    await page.goto(e.url(`/apps/${app.body.id}/tables/${table.body.id}/records/${record.body.id}`))
    const latest = page.getByTestId('record-history').getByTestId('audit-timeline').getByTestId('audit-entry').first()
    await latest.waitFor()
    expect(await latest.getByTestId('audit-who').textContent()).toBe('Bea Member')
    expect(await latest.getByTestId('audit-old').textContent()).toBe('Alpha')
    expect(await latest.getByTestId('audit-new').textContent()).toBe('Beta')
    await latest.scrollIntoViewIfNeeded()
    await e.shot('journey-timeline')
    expect(e.pageErrors).toEqual([])
  })
})
