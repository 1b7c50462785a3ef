import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'
import { signIn } from '../support/sessions.ts'
import type { Api } from '../support/test-server.ts'

/**
 * Companies in the browser: the owner creates a company and invites someone; the invitee accepts
 * in a fresh browser (creating their account), sees only that company's apps, and is not offered
 * the table builder; the owner switches back and sees only their first company's apps.
 */
describe('companies, members and invitations in the browser', () => {
  let e: E2E
  // The owner's API calls use a session of their own: the browser's is rotated when it switches company.
  let api: Api
  beforeAll(async () => {
    e = await startE2E()
    api = e.server.as(await signIn(e.server.url, { signup: false, email: e.server.owner.email, password: e.server.owner.password }))
  })
  afterAll(async () => e?.close())

  it('creates a company, invites a second person who accepts, and keeps each company to its apps', async () => {
    const { page } = e
    expect((await api('POST', '/api/apps', { name: 'First company app' })).status).toBe(201)

    // Create a company from the user menu.
    await page.goto(e.url('/'))
    await page.getByTestId('app-card').first().waitFor()
    await page.getByTestId('user-menu').click()
    await page.getByTestId('company-create').click()
    await page.locator('.el-message-box input').fill('Beta Works')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.waitForURL(/\/company$/)
    await page.getByTestId('company-settings-form').waitFor()
    expect(await page.getByTestId('company-name').inputValue()).toBe('Beta Works')
    await page.getByTestId('user-menu').getByText('Owner · Beta Works').waitFor()
    await e.shot('companies-settings')
    const beta = (await api('GET', '/api/companies')).body.find((c: { name: string }) => c.name === 'Beta Works')
    const betaApp = await api('POST', '/api/apps', { name: 'Beta app' }, { 'x-docpal-company': beta.id })
    expect(betaApp.status).toBe(201)

    // Invite by email; the code and link are shown once.
    await page.getByRole('tab', { name: 'Invitations' }).click()
    // Nothing typed: the field says what to do (it showed the server's 'email: At least 3 characters.').
    await page.getByTestId('invite-send').click()
    await page.getByTestId('company-invitations').getByText('Enter the email address of the person to invite.').waitFor()
    await page.getByTestId('invite-email').fill('bea@example.com')
    // The Invite button lines up with the role select beside it (it sat 8px lower).
    const top = async (id: string) => (await page.getByTestId(id).boundingBox())?.y ?? -1
    expect(Math.abs((await top('invite-send')) - (await top('invite-role')))).toBeLessThan(2)
    await page.getByTestId('invite-send').click()
    await page.getByTestId('invite-fresh').waitFor()
    const code = (await page.getByTestId('invite-code').textContent())?.trim() ?? ''
    const link = (await page.getByTestId('invite-link').textContent())?.trim() ?? ''
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    expect(link).toContain('/invite/')
    await page.getByTestId('invitation-status-bea@example.com').getByText('Pending').waitFor()
    await e.shot('companies-invited')

    // The invitee opens the mail's link in a browser that is signed in as nobody.
    const guest = await e.browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      const p2 = await guest.newPage()
      await p2.goto(link)
      await p2.getByTestId('invite-summary').getByText('Owner invites bea@example.com to join Beta Works as Member.').waitFor()
      await p2.getByTestId('invite-name').fill('Bea Member')
      await p2.getByTestId('invite-password').fill('a long password')
      await e.shot('companies-accept', p2)
      await p2.getByTestId('invite-create').click()
      await p2.waitForURL((u) => u.pathname === '/')
      await p2.getByTestId('app-card').first().waitFor()
      const names = await p2.getByTestId('app-card').allTextContents()
      expect(names.join(' ')).toContain('Beta app')
      expect(names.join(' ')).not.toContain('First company app')
      await p2.getByTestId('user-menu').getByText('Bea Member · Beta Works').waitFor()
      expect(await p2.getByTestId('create-app').count()).toBe(0)
      await e.shot('companies-member-apps', p2)

      // The member is not offered the table builder, and a typed URL leads back to the app.
      await p2.goto(e.url(`/apps/${betaApp.body.id}`))
      await p2.getByTestId('sidebar').waitFor()
      expect(await p2.getByTestId('new-table').count()).toBe(0)
      expect(await p2.getByTestId('home-new-table').count()).toBe(0)
      await p2.goto(e.url(`/apps/${betaApp.body.id}/tables/new`))
      await p2.waitForURL((u) => u.pathname === `/apps/${betaApp.body.id}`)
      await e.shot('companies-member-no-builder', p2)
    } finally {
      await guest.close()
    }

    // The owner sees the new member, then switches back to the first company.
    await page.getByRole('tab', { name: 'Members' }).click()
    await page.getByTestId('member-bea@example.com').waitFor()
    await e.shot('companies-members')
    await page.getByTestId('user-menu').click()
    // The role in words (the built-in role's label in the page's language), not its name.
    await page.getByText("Company: Owner's company (Owner)").click()
    await page.waitForURL((u) => u.pathname === '/')
    await page.getByTestId('app-card').first().waitFor()
    const mine = (await page.getByTestId('app-card').allTextContents()).join(' ')
    expect(mine).toContain('First company app')
    expect(mine).not.toContain('Beta app')
    await e.shot('companies-switched-back')
    expect(e.pageErrors).toEqual([])
  })

  it('accepts by typed code for a signed-in person', async () => {
    const bob = await e.server.signUp({ name: 'Bob', email: 'bob@example.com' })
    const companyId = (await api('GET', '/api/companies')).body.find((c: { name: string }) => c.name === 'Beta Works').id
    const inv = await api('POST', `/api/companies/${companyId}/invitations`, { email: 'bob@example.com', role: 'admin' })
    const ctx = await e.browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      await ctx.addCookies([
        { name: 'docpal_session', value: bob.secret, url: e.server.url, httpOnly: true, sameSite: 'Lax' },
        { name: 'docpal_csrf', value: bob.csrf, url: e.server.url, sameSite: 'Lax' },
      ])
      const p = await ctx.newPage()
      await p.goto(e.url('/invite'))
      await p.getByTestId('invite-code-input').fill(inv.body.inviteCode.toLowerCase())
      await p.getByTestId('invite-check').click()
      await p.getByTestId('invite-accept').waitFor()
      await e.shot('companies-accept-code', p)
      await p.getByTestId('invite-accept').click()
      await p.waitForURL((u) => u.pathname === '/')
      await p.getByTestId('user-menu').getByText('Bob · Beta Works').waitFor()
      // An admin is offered the builder.
      await p.getByTestId('app-card').first().waitFor()
      expect(await p.getByTestId('create-app').count()).toBe(1)
    } finally {
      await ctx.close()
    }
  })

  it("names a role the company defined by the company's label in the company switcher", async () => {
    const carol = await e.server.signUp({ name: 'Carol', email: 'carol@example.com' })
    const companyId = (await api('POST', '/api/companies', { name: 'Gamma Sales' })).body.id
    expect((await api('POST', `/api/companies/${companyId}/roles`, { name: 'field_sales', label: 'Field sales' })).status).toBe(201)
    const inv = await api('POST', `/api/companies/${companyId}/invitations`, { email: 'carol@example.com', role: 'field_sales' })
    const ctx = await e.browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      await ctx.addCookies([
        { name: 'docpal_session', value: carol.secret, url: e.server.url, httpOnly: true, sameSite: 'Lax' },
        { name: 'docpal_csrf', value: carol.csrf, url: e.server.url, sameSite: 'Lax' },
      ])
      const p = await ctx.newPage()
      // Accepted here: accepting rotates the session, whose new secret only the browser holds.
      await p.goto(e.url('/invite'))
      await p.getByTestId('invite-code-input').fill(inv.body.inviteCode)
      await p.getByTestId('invite-check').click()
      await p.getByTestId('invite-accept').click()
      await p.waitForURL((u) => u.pathname === '/')
      await p.getByTestId('user-menu').getByText('Carol · Gamma Sales').waitFor()
      await p.getByTestId('user-menu').click()
      // Its label, as the company named it, not its internal name field_sales.
      await p.getByText('Company: Gamma Sales (Field sales)').waitFor()
      await e.shot('companies-switcher-custom-role', p)
    } finally {
      await ctx.close()
    }
  })
})
