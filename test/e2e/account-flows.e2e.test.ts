import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

/** Mailed links in the browser, with no SMTP server: the development outbox holds the mails. */
describe('account flows in the browser', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E({ signedIn: false })
  })
  afterAll(async () => e?.close())

  it('signs up, opens the verification link from the outbox page, and the banner goes', async () => {
    const { page } = e
    // Signed out, the app does not ask who is signed in (a 401 in the console of every first visit).
    const refused: string[] = []
    const onResponse = (r: { status(): number; url(): string }) => {
      if (r.status() === 401) refused.push(r.url())
    }
    page.on('response', onResponse)
    await page.goto(e.url('/'))
    await page.waitForURL(/\/login/)
    await page.goto(e.url('/signup'))
    await page.getByTestId('login-name').fill('Grace Hopper')
    await page.getByTestId('login-email').fill('grace@example.com')
    await page.getByTestId('login-password').fill('compiler 1952')
    await page.getByTestId('login-submit').click()
    await page.getByTestId('verify-banner').waitFor()
    expect(await page.getByTestId('verify-banner').textContent()).toContain('grace@example.com')
    page.off('response', onResponse)
    expect(refused).toEqual([])
    await e.shot('account-flows-banner')

    await page.getByTestId('outbox-link').click()
    await page.waitForURL(/\/admin\/outbox$/)
    await page.getByTestId('outbox-subject-verify-email').waitFor()
    expect(await page.getByTestId('outbox-subject-verify-email').textContent()).toBe('Confirm your email address for DocPal')
    // A click on the mail's row shows its text.
    await page.getByTestId('outbox-subject-verify-email').click()
    await page.getByTestId('outbox-body').first().waitFor()
    expect(await page.getByTestId('outbox-body').first().textContent()).toContain('/verify-email/dpm_')
    await e.shot('account-flows-outbox')
    await page.getByTestId('outbox-link-verify-email').first().click()
    await page.waitForURL(/\/verify-email\/dpm_/)
    await page.getByTestId('link-title').getByText('Your email address is confirmed.').waitFor()
    await e.shot('account-flows-verified')
    await page.getByTestId('link-continue').click()
    await page.getByTestId('apps-empty').waitFor()
    expect(await page.getByTestId('verify-banner').count()).toBe(0)
    expect(e.pageErrors).toEqual([])
  })

  it('resets a forgotten password through the mailed link', async () => {
    const { page } = e
    await page.getByTestId('user-menu').click()
    await page.getByTestId('logout').click()
    await page.waitForURL(/\/login$/)
    await page.getByTestId('forgot-password').click()
    await page.getByTestId('link-email').fill('grace@example.com')
    await page.getByTestId('link-submit').click()
    await page.getByTestId('link-mailed').waitFor()
    await e.shot('account-flows-forgot-sent')

    // Signed out, the outbox page is out of reach: the test reads the mail where the server kept it.
    let link: string | undefined
    for (let i = 0; i < 50 && !link; i++) {
      const [mail] = await e.server.server.kernel.outbox.list({ limit: 1, to: 'grace@example.com' })
      if (mail?.kind === 'password-reset') link = /https?:\/\/\S+/.exec(mail.text)?.[0]
      else await new Promise((r) => setTimeout(r, 100))
    }
    expect(link).toMatch(/\/reset-password\/dpm_/)
    await page.goto(link ?? '')
    await page.getByTestId('reset-form').waitFor()
    await page.getByTestId('reset-password').fill('nanosecond wire')
    await e.shot('account-flows-reset-form')
    await page.getByTestId('reset-submit').click()
    await page.getByTestId('apps-empty').waitFor()
    await page.getByTestId('user-menu').getByText('Grace Hopper', { exact: false }).waitFor()

    // The link works once.
    await page.goto(link ?? '')
    await page.getByTestId('reset-password').fill('another password')
    await page.getByTestId('reset-submit').click()
    await page.getByTestId('link-error').waitFor()
    await e.shot('account-flows-reset-used')
    expect(e.pageErrors).toEqual([])
  })

  it('shows the profile page with name, email, password and sessions', async () => {
    const { page } = e
    await page.goto(e.url('/profile'))
    await page.getByTestId('profile-title').waitFor()
    await page.getByTestId('profile-name').fill('Rear Admiral Hopper')
    await page.getByTestId('profile-save').click()
    await page.getByTestId('user-menu').getByText('Rear Admiral Hopper', { exact: false }).waitFor()
    await page.getByTestId('session-list').getByText('This browser').waitFor()
    await e.shot('account-flows-profile')
    expect(e.pageErrors).toEqual([])
  })

  it('creates a read-only API token on the profile page, shows its secret once, and revokes it', async () => {
    const { page } = e
    await page.goto(e.url('/profile'))
    await page.getByTestId('token-list').getByText('No API tokens yet.').waitFor()
    await page.getByTestId('token-name').fill('Nightly export')
    await page.getByTestId('token-access-read').click()
    await page.getByTestId('token-create').click()
    const secretInput = page.getByTestId('token-secret')
    await secretInput.waitFor()
    const secret = await secretInput.inputValue()
    expect(secret).toMatch(/^dpt_/)
    expect(await page.getByTestId('token-example').textContent()).toContain(`Authorization: Bearer ${secret}`)
    await page.getByTestId('token-row-Nightly export').waitFor()
    await e.shot('account-flows-token-created')

    // The secret works as a script would send it: it reads, and it may not write.
    const bearer = { authorization: `Bearer ${secret}` }
    expect((await fetch(e.url('/api/apps'), { headers: bearer })).status).toBe(200)
    const write = await fetch(e.url('/api/apps'), { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Nope' }) })
    expect(write.status).toBe(403)

    // Closed, the secret is gone from the page for good; the list shows the token's use.
    await page.getByTestId('token-done').click()
    expect(await page.getByTestId('token-secret').count()).toBe(0)
    await page.reload()
    await page.getByTestId('token-row-Nightly export').waitFor()
    expect(await page.getByTestId('token-table').textContent()).toContain('Read only')
    expect(await page.getByTestId('token-table').textContent()).not.toContain('Never used')
    expect(await page.content()).not.toContain(secret)
    await page.getByTestId('token-table').scrollIntoViewIfNeeded()
    await e.shot('account-flows-token-listed')

    await page.getByTestId('token-revoke-Nightly export').click()
    await page.locator('.el-message-box').getByRole('button', { name: 'Revoke' }).click()
    await page.getByTestId('token-list').getByText('No API tokens yet.').waitFor()
    expect((await fetch(e.url('/api/apps'), { headers: bearer })).status).toBe(401)
    await e.shot('account-flows-token-revoked')
    expect(e.pageErrors).toEqual([])
  })

  it('signs nobody in when the address has an account: the page says to check the mail, which tells its owner', async () => {
    const { page } = e
    await page.getByTestId('user-menu').click()
    await page.getByTestId('logout').click()
    await page.waitForURL(/\/login$/)
    await page.goto(e.url('/signup'))
    await page.getByTestId('login-name').fill('Not Grace')
    await page.getByTestId('login-email').fill('grace@example.com')
    await page.getByTestId('login-password').fill('someone else 1')
    await page.getByTestId('login-submit').click()
    await page.getByTestId('signup-mailed').waitFor()
    expect(await page.getByTestId('signup-mailed').textContent()).toContain('grace@example.com')
    await e.shot('account-flows-signup-taken')
    const [mail] = await e.server.server.kernel.outbox.list({ limit: 1, to: 'grace@example.com' })
    expect(mail?.kind).toBe('signup-attempt')
    // Still signed out: the app sends the browser back to the login page.
    await page.goto(e.url('/'))
    await page.waitForURL(/\/login/)
    expect(e.pageErrors).toEqual([])
  })
})
