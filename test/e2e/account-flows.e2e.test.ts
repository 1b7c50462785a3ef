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
    await page.goto(e.url('/signup'))
    await page.getByTestId('login-name').fill('Grace Hopper')
    await page.getByTestId('login-email').fill('grace@example.com')
    await page.getByTestId('login-password').fill('compiler 1952')
    await page.getByTestId('login-submit').click()
    await page.getByTestId('verify-banner').waitFor()
    expect(await page.getByTestId('verify-banner').textContent()).toContain('grace@example.com')
    await e.shot('account-flows-banner')

    await page.getByTestId('outbox-link').click()
    await page.waitForURL(/\/admin\/outbox$/)
    await page.getByTestId('outbox-subject-verify-email').waitFor()
    expect(await page.getByTestId('outbox-subject-verify-email').textContent()).toBe('Confirm your email address for DocPal')
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
