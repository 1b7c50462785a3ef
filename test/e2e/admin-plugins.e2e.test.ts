import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

// Evaluated in the page: the import map resolves the SDK to the one module the shell also uses.
// The plugin's client half is registered, and the field type is offered only if that half registered
// it (some halves are still placeholders without components).
const browserState = (pluginId: string, type: string) =>
  `import('@docpal/plugin-sdk/client').then(({ registry }) => ({ half: registry.plugins.has('${pluginId}'), fieldType: registry.fieldType('${type}') !== undefined }))`
const offers = (pluginId: string, type: string) => `${browserState(pluginId, type)}.then((s) => s.half)`
const offersType = (pluginId: string, type: string) => `${browserState(pluginId, type)}.then((s) => s.fieldType)`

describe('admin: plugins', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E()
  })
  afterAll(async () => e?.close())

  const serverOffers = async (type: string) => ((await e.server.api('GET', '/api/field-types')).body as Array<{ type: string }>).some((f) => f.type === type)

  it('lists plugins, disables and re-enables one without a reload, shows why one in use cannot be disabled', async () => {
    const { page } = e
    await page.goto(e.url('/'))
    await page.getByTestId('admin-link').click()
    const card = (id: string) => page.locator(`[data-test="plugin-card"][data-plugin-id="${id}"]`)
    await card('field-url').waitFor()
    await expect.poll(() => page.evaluate(offers('field-url', 'url'))).toBe(true)
    await e.shot('admin-plugins-list')

    // Search and category narrow the list.
    await page.getByTestId('plugin-search').fill('kanban')
    await expect.poll(() => page.getByTestId('plugin-card').count()).toBe(1)
    await card('view-kanban').waitFor()
    await page.getByTestId('plugin-search').fill('')
    await page.getByTestId('plugin-category').getByText('Views').click()
    await expect.poll(() => page.getByTestId('plugin-card').count()).toBe(4)
    await page.getByTestId('plugin-category').getByText('All').click()

    // Disable an unused plugin: confirmation, then the browser stops offering its field type.
    await card('field-url').getByTestId('plugin-toggle').click()
    const box = page.locator('.el-message-box')
    await box.getByText(/will stop offering: Field types \(url\)/).waitFor()
    await e.shot('admin-plugins-confirm-disable')
    await box.getByRole('button', { name: 'Disable' }).click()
    await card('field-url').locator('[data-test="plugin-state"][data-state="disabled"]').waitFor()
    await expect.poll(() => page.evaluate(offers('field-url', 'url'))).toBe(false)
    expect(await page.evaluate(offersType('field-url', 'url'))).toBe(false)
    expect(await serverOffers('url')).toBe(false)
    expect((await e.server.api('GET', '/api/plugins')).body.find((p: { id: string }) => p.id === 'field-url').state).toBe('disabled')
    await e.shot('admin-plugins-url-disabled')

    // Enable it again: offered again, still without a reload.
    await card('field-url').getByTestId('plugin-toggle').click()
    await box.getByRole('button', { name: 'Enable' }).click()
    await card('field-url').locator('[data-test="plugin-state"][data-state="enabled"]').waitFor()
    await expect.poll(() => page.evaluate(offers('field-url', 'url'))).toBe(true)
    expect(await serverOffers('url')).toBe(true)
    await card('field-url').getByText('url', { exact: true }).waitFor() // its contribution is listed again

    // A plugin in use: the server refuses and the admin sees what uses it.
    const app = await e.server.api('POST', '/api/apps', { name: 'CRM' })
    const table = await e.server.api('POST', `/api/apps/${app.body.id}/tables`, { name: 'Contacts', columns: [{ name: 'Work email', type: 'email' }] })
    expect(table.status).toBe(201)
    await card('field-email').getByTestId('plugin-toggle').click()
    await box.getByRole('button', { name: 'Disable' }).click()
    const refusal = page.getByTestId('plugin-refusal')
    await refusal.waitFor()
    await refusal
      .getByTestId('plugin-refusal-message')
      .getByText(/cannot be disabled while it is in use/)
      .waitFor()
    expect(await refusal.getByTestId('plugin-refusal-item').allTextContents()).toEqual(['Column “Work email” in table “Contacts”'])
    await e.shot('admin-plugins-email-refused')
    await page.getByTestId('plugin-refusal-ok').click()
    await refusal.waitFor({ state: 'hidden' })
    await card('field-email').locator('[data-test="plugin-state"][data-state="enabled"]').waitFor()
    expect(await page.evaluate(offers('field-email', 'email'))).toBe(true)
    expect(await serverOffers('email')).toBe(true)
    expect(e.pageErrors).toEqual([])
  })
})
