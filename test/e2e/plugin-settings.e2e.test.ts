import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'

/**
 * Plugin settings edited in the admin panel: the fixture plugin's route answers from its settings,
 * so a save is seen by the plugin at once. Also the admin dialogs in dark mode on a phone.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/settings-plugins/', import.meta.url))

describe('admin: plugin settings', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E({ pluginDirs: [FIXTURES] })
  })
  afterAll(async () => e?.close())

  const card = (page: Page, id: string) => page.locator(`[data-test="plugin-card"][data-plugin-id="${id}"]`)
  const field = (page: Page, key: string) => page.locator(`[data-test="plugin-settings-dialog"] [data-test="settings-field"][data-key="${key}"]`)
  const greet = async () => ((await e.server.api('GET', '/api/plugins/fixture-settings/greet')).body as { text: string }).text

  it("edits a plugin's settings: defaults shown, a refusal at its field, a save the plugin sees at once", async () => {
    const { page } = e
    await page.goto(e.url('/admin/plugins'))
    await card(page, 'fixture-settings').getByTestId('plugin-settings').click()
    const dialog = page.getByTestId('plugin-settings-dialog')
    await dialog.getByTestId('plugin-settings-form').waitFor()
    expect(await dialog.locator('.el-dialog__title').textContent()).toBe('Fixture with settings: settings')
    expect(await field(page, 'greeting').locator('input').inputValue()).toBe('Hello')
    expect(await field(page, 'times').locator('input').inputValue()).toBe('1')
    expect(await field(page, 'times').getByTestId('settings-hint').textContent()).toBe('From 1 to 5')
    await e.shot('plugin-settings-1-defaults')

    // Out of range: the server refuses and its reason is shown at the field, nothing saved.
    await field(page, 'times').locator('input').fill('9')
    await dialog.getByTestId('plugin-settings-save').click()
    const error = field(page, 'times').locator('.el-form-item__error')
    await error.waitFor()
    expect(await error.textContent()).toMatch(/^\s*At most 5\.\s*$/)
    expect(await field(page, 'times').locator('input').inputValue()).toBe('9') // what was typed, not clamped
    await e.shot('plugin-settings-2-refused')
    expect(await greet()).toBe('Hello')

    // Fixed, and saved with Enter in the number (its typed value is committed first): the plugin
    // answers with the new settings.
    await field(page, 'greeting').locator('input').fill('Hi')
    await field(page, 'times').locator('input').fill('3')
    await field(page, 'times').locator('input').press('Enter')
    await dialog.waitFor({ state: 'hidden' })
    await page.locator('.el-message--success').getByText('Settings of Fixture with settings saved').waitFor()
    expect(await greet()).toBe('Hi Hi Hi')
    expect((await e.server.api('GET', '/api/plugins/fixture-settings/settings')).body.value).toEqual({ greeting: 'Hi', times: 3 })

    // Opened again: the saved values; Esc cancels an edit.
    await card(page, 'fixture-settings').getByTestId('plugin-settings').click()
    await dialog.getByTestId('plugin-settings-form').waitFor()
    expect(await field(page, 'greeting').locator('input').inputValue()).toBe('Hi')
    expect(await field(page, 'times').locator('input').inputValue()).toBe('3')
    await field(page, 'greeting').locator('input').fill('Bye')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await greet()).toBe('Hi Hi Hi')

    // The server says which plugins have settings: one without offers no button.
    expect(await card(page, 'field-text').getByTestId('plugin-settings').count()).toBe(0)
    expect(await card(page, 'fixture-settings').getByTestId('plugin-settings').count()).toBe(1)
    expect(e.pageErrors).toEqual([])
  })

  it('fits a 390px phone in dark mode: settings, upload and catalog', async () => {
    const context = await e.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'dark' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    try {
      await page.goto(e.url('/admin/plugins'))
      await card(page, 'fixture-settings').waitFor()
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true)
      const noHorizontalScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
      expect(await noHorizontalScroll()).toBe(true)

      await card(page, 'fixture-settings').getByTestId('plugin-settings').click()
      const dialog = page.getByTestId('plugin-settings-dialog')
      await dialog.getByTestId('plugin-settings-form').waitFor()
      await field(page, 'times').locator('input').fill('0')
      await dialog.getByTestId('plugin-settings-save').click()
      await field(page, 'times').locator('.el-form-item__error').waitFor()
      const box = await dialog.boundingBox()
      expect(box!.width).toBeLessThanOrEqual(390)
      expect(await dialog.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgb(255, 255, 255)')
      await e.shot('plugin-settings-mobile-dark', page)
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })

      await page.getByTestId('plugin-upload').click()
      const upload = page.getByTestId('plugin-install-dialog')
      await upload.getByTestId('plugin-upload-input').waitFor()
      expect((await upload.boundingBox())!.width).toBeLessThanOrEqual(390)
      await e.shot('admin-upload-mobile-dark', page)
      await page.keyboard.press('Escape')
      await upload.waitFor({ state: 'hidden' })

      await page.getByRole('tab', { name: 'Catalog' }).click()
      await page.getByTestId('catalog-entry').first().waitFor()
      expect(await noHorizontalScroll()).toBe(true)
      await e.shot('admin-catalog-mobile-dark', page)
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('speaks Simplified Chinese', async () => {
    const context = await e.newContext({ viewport: { width: 1280, height: 800 } })
    await context.addInitScript(() => localStorage.setItem('docpal.locale', 'zh-CN'))
    const page = await context.newPage()
    try {
      await page.goto(e.url('/admin/plugins'))
      await card(page, 'fixture-settings').getByTestId('plugin-settings').getByText('设置').click()
      const dialog = page.getByTestId('plugin-settings-dialog')
      await dialog.getByTestId('plugin-settings-form').waitFor()
      expect(await dialog.locator('.el-dialog__title').textContent()).toBe('Fixture with settings：设置')
      expect(await field(page, 'times').getByTestId('settings-hint').textContent()).toBe('1 到 5')
      await dialog.getByText('回车保存，Esc 取消').waitFor()
      await e.shot('plugin-settings-zh', page)
      // The server's refusal in the chosen language too (the app sends it as Accept-Language).
      await field(page, 'times').locator('input').fill('9')
      await dialog.getByTestId('plugin-settings-save').click()
      const error = field(page, 'times').locator('.el-form-item__error')
      await error.waitFor()
      expect(await error.textContent()).toMatch(/^\s*最多 5。\s*$/)
      await e.shot('plugin-settings-zh-refused', page)
    } finally {
      await context.close()
    }
  })

  it("edits a company's own settings of a plugin that keeps them per company, on the company page", async () => {
    const { page } = e
    const companyGreeting = async () => ((await e.server.api('GET', '/api/plugins/fixture-company-settings/company-greeting')).body as { text: string }).text
    expect(await companyGreeting()).toBe('Hello')
    await page.goto(e.url('/company'))
    await page.getByTestId('tab-plugins').waitFor({ state: 'attached' })
    await page.getByRole('tab', { name: 'Plugins' }).click()
    const row = page.locator('[data-test="company-plugin"][data-plugin-id="fixture-company-settings"]')
    await row.waitFor()
    // Only plugins that keep settings per company are listed here.
    expect(await page.locator('[data-test="company-plugin"][data-plugin-id="fixture-settings"]').count()).toBe(0)
    await row.getByTestId('company-plugin-settings').click()
    const dialog = page.getByTestId('plugin-settings-dialog')
    await dialog.getByTestId('plugin-settings-form').waitFor()
    expect(await field(page, 'greeting').locator('input').inputValue()).toBe('Hello')
    await field(page, 'greeting').locator('input').fill('Hi from our company')
    await e.shot('company-plugin-settings')
    await field(page, 'greeting').locator('input').press('Enter')
    await dialog.waitFor({ state: 'hidden' })
    expect(await companyGreeting()).toBe('Hi from our company')
    // Saved: a reload shows it again.
    await page.reload()
    await page.getByRole('tab', { name: 'Plugins' }).click()
    await row.getByTestId('company-plugin-settings').click()
    await dialog.getByTestId('plugin-settings-form').waitFor()
    expect(await field(page, 'greeting').locator('input').inputValue()).toBe('Hi from our company')
    expect(e.pageErrors).toEqual([])
  })
})
