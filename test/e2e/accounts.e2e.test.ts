import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

/** A new server as its first user meets it: sign up in the page, log out, log in; a second person gets their own company. */
describe('accounts in the browser', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E({ signedIn: false })
  })
  afterAll(async () => e?.close())

  it('signs up the first account, logs out and in again, and refuses a wrong password', async () => {
    const { page } = e
    await page.goto(e.url('/apps/00000000-0000-4000-8000-000000000000'))
    await page.waitForURL(/\/login\?next=/)
    await page.getByTestId('first-run').waitFor()
    expect(await page.getByTestId('login-title').textContent()).toBe('Welcome to DocPal')
    await e.shot('accounts-first-run')

    await page.getByTestId('login-name').fill('Ada Lovelace')
    await page.getByTestId('login-email').fill('ada@example.com')
    await page.getByTestId('login-password').fill('short')
    await page.getByTestId('login-submit').click()
    // The server's refusal sits under the field at fault, without the field's name before it.
    const refusal = page.locator('.el-form-item__error').filter({ hasText: 'at least 8 characters' })
    await refusal.waitFor()
    expect(await refusal.textContent()).not.toContain('password:')
    await page.getByTestId('login-password').fill('analytical engine')
    await page.getByTestId('login-submit').click()
    await page.waitForURL((u) => u.pathname.startsWith('/apps/'))
    await page.goto(e.url('/'))
    await page.getByTestId('apps-empty').waitFor()
    await page.getByTestId('user-menu').getByText("Ada Lovelace · Ada Lovelace's company").waitFor()
    await page.getByTestId('admin-link').waitFor() // the first account administers the server
    await e.shot('accounts-signed-in')
    const cookies = await e.context.cookies()
    expect(cookies.find((c) => c.name === 'docpal_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' })

    await page.getByTestId('user-menu').click()
    await page.getByTestId('logout').click()
    await page.waitForURL(/\/login$/)
    expect(await page.getByTestId('login-title').textContent()).toBe('Log in to DocPal')
    await page.goto(e.url('/'))
    await page.waitForURL(/\/login/)

    await page.getByTestId('login-email').fill('ada@example.com')
    await page.getByTestId('login-password').fill('difference engine')
    await page.getByTestId('login-submit').click()
    await page.getByTestId('login-error').getByText('The email or the password is wrong.').waitFor()
    await e.shot('accounts-wrong-password')
    await page.getByTestId('login-password').fill('analytical engine')
    await page.getByTestId('login-submit').click()
    await page.getByTestId('apps-empty').waitFor()
    expect(e.pageErrors).toEqual([])
  })

  it('gives a second person their own company, without the server admin link', async () => {
    const context = await e.browser.newContext({ viewport: { width: 1280, height: 800 } })
    try {
      const page = await context.newPage()
      await page.goto(e.url('/'))
      await page.waitForURL(/\/login/)
      await page.getByTestId('login-switch').click()
      expect(await page.getByTestId('login-title').textContent()).toBe('Create your account')
      await page.getByTestId('login-name').fill('Grace Hopper')
      await page.getByTestId('login-email').fill('grace@example.com')
      await page.getByTestId('login-password').fill('compiler compiler')
      await page.getByTestId('login-submit').click()
      await page.getByTestId('apps-empty').waitFor()
      await page.getByTestId('user-menu').getByText("Grace Hopper · Grace Hopper's company").waitFor()
      expect(await page.getByTestId('admin-link').count()).toBe(0)
      await e.shot('accounts-second-person', page)
    } finally {
      await context.close()
    }
  })
})
