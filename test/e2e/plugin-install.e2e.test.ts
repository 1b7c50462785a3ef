import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packPlugin, type PackedPlugin } from '@docpal/plugin-sdk/build'
import { EXAMPLE_RATING } from '../support/plugin-packages.ts'
import { startE2E, type E2E } from './support/browser.ts'

// Evaluated in the page: whether the shell registered the plugin's client half.
const hasHalf = (id: string) => `import('@docpal/plugin-sdk/client').then(({ registry }) => registry.plugins.has('${id}'))`

/**
 * Issue 5 end to end: the example plugin built to a tarball, uploaded in the admin panel, enabled
 * after its capabilities were shown, used in the grid, force-disabled (its column unavailable with
 * a reason), enabled again with the data intact; uninstalling it while in use is refused; the
 * catalog lists it. No page reload between admin panel and grid: the shell follows live.
 */
describe('admin: install a plugin from a tarball', () => {
  let e: E2E
  let dataDir: string
  let rating: PackedPlugin
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'docpal-e2e-install-'))
    rating = await packPlugin(EXAMPLE_RATING, { outDir: join(dataDir, 'built') })
    e = await startE2E({ dataDir })
  })
  afterAll(async () => {
    await e?.close()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('uploads, enables, rates in the grid, force-disables, re-enables, refuses uninstall in use, finds it in the catalog', async () => {
    const { page } = e
    const card = () => page.locator('[data-test="plugin-card"][data-plugin-id="field-rating"]')
    const state = (s: string) => card().locator(`[data-test="plugin-state"][data-state="${s}"]`)
    const box = page.locator('.el-message-box')
    await page.goto(e.url('/admin/plugins'))
    await page.getByTestId('plugin-card').first().waitFor()
    expect(await card().count()).toBe(0)

    // Upload: pick the .tgz, give its sha256, install. It arrives disabled, its capabilities shown.
    await page.getByTestId('plugin-upload').click()
    await page.locator('[data-test="plugin-upload-input"] input[type=file]').setInputFiles(rating.file)
    // A digest that does not match: refused, the server's reason shown in the dialog, nothing installed.
    await page.getByTestId('plugin-upload-sha256').fill('0'.repeat(64))
    await page.getByTestId('plugin-upload-install').click()
    const error = page.getByTestId('plugin-install-error')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('KRN_ERR_PLUGIN_CHECKSUM')
    await error.getByText('The file does not match the expected SHA-256').waitFor()
    await e.shot('install-0-checksum-refused')
    expect(await card().count()).toBe(0)

    await page.getByTestId('plugin-upload-sha256').fill(rating.sha256)
    await e.shot('install-1-upload')
    await page.getByTestId('plugin-upload-install').click()
    const summary = page.getByTestId('plugin-summary')
    await summary.waitFor()
    expect(await summary.getByTestId('plugin-summary-name').textContent()).toBe('Rating')
    expect(await summary.getByTestId('plugin-summary-version').textContent()).toBe('v1.0.0')
    // The example asks for nothing beyond its field type; the review says so in words.
    expect((await summary.getByTestId('plugin-capabilities').textContent())?.trim()).toBe('No special access')
    // What it contributes comes from the packed manifest: shown before any of its code runs.
    expect((await summary.getByTestId('plugin-summary-contributes').textContent())?.replace(/\s+/g, '')).toBe('Fieldtypes:rating')
    await page.getByTestId('plugin-enable-question').waitFor()
    await state('disabled').waitFor()
    expect(await card().getByTestId('plugin-source').textContent()).toContain('Installed')
    expect(await page.evaluate(hasHalf('field-rating'))).toBe(false)
    await e.shot('install-2-review-before-enable')

    // Enable now: the server offers the type and the browser registers its half, no reload.
    await page.getByTestId('plugin-enable-now').click()
    await summary.waitFor({ state: 'hidden' })
    await state('enabled').waitFor()
    await expect.poll(() => page.evaluate(hasHalf('field-rating'))).toBe(true)
    await card().getByText('rating', { exact: true }).waitFor() // its contribution is listed
    await e.shot('install-3-enabled')

    // A table with a rating column, made in the table builder: the browser offers the type it has
    // just learned, with the plugin's own config editor. Then a rating is set in the grid.
    const app = (await e.server.api('POST', '/api/apps', { name: 'Cinema' })).body
    await page.goto(e.url(`/apps/${app.id}/tables/new`))
    await page.getByTestId('table-builder').waitFor()
    await page.getByTestId('table-name').fill('Films')
    const columnDialog = page.locator('.el-dialog').filter({ has: page.getByTestId('column-form') })
    await page
      .getByTestId('column-row')
      .filter({ has: page.getByTestId('column-label').getByText('Name', { exact: true }) })
      .getByTestId('column-edit')
      .click()
    await columnDialog.getByTestId('column-name').fill('Title')
    await columnDialog.getByTestId('column-done').click()
    await columnDialog.waitFor({ state: 'hidden' })
    await page.getByTestId('add-column').click()
    await columnDialog.getByTestId('column-name').fill('Stars')
    await columnDialog.getByTestId('column-type').click()
    await page.getByTestId('type-option-rating').click()
    await columnDialog.getByText('Stars', { exact: true }).last().waitFor() // the plugin's config editor ("Stars" max)
    await e.shot('install-3b-rating-column-in-builder')
    await columnDialog.getByTestId('column-done').click()
    await columnDialog.waitFor({ state: 'hidden' })
    await page.getByTestId('save-table').click()
    await page.waitForURL(/\/tables\/[0-9a-f-]{36}$/)
    const made = (await e.server.api('GET', `/api/apps/${app.id}/tables`)).body.find((x: { name: string }) => x.name === 'Films')
    expect(made.columns.map((c: { name: string; type: string; config: { max?: number } }) => [c.name, c.type, c.config.max ?? null])).toEqual([
      ['Title', 'text', null],
      ['Stars', 'rating', 5],
    ])
    const table = { body: made as { id: string } }
    const rec = (await e.server.api('POST', `/api/tables/${table.body.id}/records`, { fields: { Title: 'Alien' } })).body
    await page.goto(e.url(`/apps/${app.id}/tables/${table.body.id}`))
    const stars = page.locator(`[data-test="grid-row"][data-id="${rec.id}"] [data-col="Stars"]`)
    await stars.waitFor()
    await stars.dblclick()
    const editor = page.locator('[data-test="grid-editor"] [data-test="rating"]')
    // A pick commits by itself (the SDK's cell-editor contract): no Enter needed.
    await editor.locator('.el-rate__item').nth(3).click()
    await page.getByTestId('grid-editor').waitFor({ state: 'hidden' })
    await expect.poll(async () => (await e.server.api('GET', `/api/tables/${table.body.id}/records/${rec.id}`)).body.fields.Stars).toBe(4)
    expect(await stars.locator('[data-test="rating"]').getAttribute('aria-valuenow')).toBe('4')
    await e.shot('install-4-rated-in-grid')

    // Disable while in use: refused with the usage, then "Disable anyway".
    await page.getByTestId('admin-link').click()
    await card().getByTestId('plugin-toggle').click()
    await box.getByRole('button', { name: 'Disable' }).click()
    const refusal = page.getByTestId('plugin-refusal')
    await refusal.waitFor()
    expect(await refusal.getByTestId('plugin-refusal-item').allTextContents()).toEqual(['Column “Stars” in table “Films”'])
    await refusal
      .getByTestId('plugin-refusal-force-explain')
      .getByText(/become unavailable/)
      .waitFor()
    await e.shot('install-5-disable-refused-force-offered')
    await page.getByTestId('plugin-refusal-force').click()
    await refusal.waitFor({ state: 'hidden' })
    await state('disabled').waitFor()
    await expect.poll(() => page.evaluate(hasHalf('field-rating'))).toBe(false)

    // Back to the grid (history, no reload): the column is there, unavailable, with the reason.
    await page.goBack()
    const mark = page.getByTestId('column-unavailable-Stars')
    await mark.waitFor()
    expect(await mark.getAttribute('data-reason')).toMatch(/'rating'.*disabled or not installed.*enable the plugin/)
    expect(await stars.getByTestId('unavailable-value').textContent()).toBe('Unavailable')
    await stars.dblclick() // nothing to edit
    expect(await page.getByTestId('grid-editor').count()).toBe(0)
    await e.shot('install-6-column-unavailable')
    await mark.hover()
    await page
      .locator('.el-popper:visible')
      .getByText(/disabled or not installed/)
      .waitFor()
    await e.shot('install-6b-column-unavailable-reason')

    // The record's detail and edit form say the same; the form offers nothing to edit there.
    await page.locator(`[data-test="grid-row"][data-id="${rec.id}"] [data-test="grid-row-expand"]`).click()
    const detail = page.locator('[data-test="detail-field"][data-column="Stars"]')
    await detail.getByTestId('unavailable-value').waitFor()
    await detail.getByTestId('column-unavailable-Stars').waitFor()
    await e.shot('install-6c-record-detail-unavailable')
    await page.getByTestId('edit-record').click()
    const row = page.locator('[data-test="form-field"][data-column="Stars"]')
    await row.getByTestId('unavailable-value').waitFor()
    expect(await row.locator('input, [data-test="rating"]').count()).toBe(0)
    await e.shot('install-6d-record-form-unavailable')
    await page.goBack()
    await page.goBack()
    await mark.waitFor()

    // Enable again: the rating is back, the data intact.
    await page.getByTestId('admin-link').click()
    await card().getByTestId('plugin-toggle').click()
    await box.getByRole('button', { name: 'Enable' }).click()
    await state('enabled').waitFor()
    await page.goBack()
    await expect.poll(() => stars.locator('[data-test="rating"]').getAttribute('aria-valuenow')).toBe('4')
    expect(await mark.count()).toBe(0)
    await e.shot('install-7-enabled-again-data-intact')

    // Uninstall while in use: refused, the reason shown.
    await page.getByTestId('admin-link').click()
    await card().getByTestId('plugin-uninstall').click()
    await box.getByRole('button', { name: 'Uninstall' }).click()
    await refusal.waitFor()
    expect(await page.locator('.el-dialog__title').filter({ hasText: 'could not be uninstalled' }).count()).toBe(1)
    await refusal
      .getByTestId('plugin-refusal-message')
      .getByText(/in use|Stars/)
      .waitFor()
    expect(await refusal.getByTestId('plugin-refusal-force').count()).toBe(0)
    await e.shot('install-8-uninstall-refused')
    await page.getByTestId('plugin-refusal-ok').click()
    await refusal.waitFor({ state: 'hidden' })
    await state('enabled').waitFor()

    // The catalog lists it (installed), searchable; "Show installed" opens its card.
    await page.getByRole('tab', { name: 'Catalog' }).click()
    await page.getByTestId('catalog-entry').first().waitFor()
    expect(await page.getByTestId('catalog-entry').count()).toBeGreaterThan(10)
    await e.shot('install-9a-catalog-all')
    await page.getByTestId('catalog-search').fill('star rating')
    const entry = page.locator('[data-test="catalog-entry"][data-plugin-id="field-rating"]')
    await expect.poll(() => page.getByTestId('catalog-entry').count()).toBe(1)
    expect(await entry.getByTestId('catalog-installed').textContent()).toContain('1.0.0')
    await e.shot('install-9-catalog')
    await page.getByTestId('catalog-search').fill('')
    await page.getByTestId('catalog-category').getByText('Views').click()
    await expect.poll(() => page.getByTestId('catalog-entry').count()).toBe(4)
    await page.getByTestId('catalog-category').getByText('All').click()
    await entry.getByTestId('catalog-open').click()
    await card().and(page.locator('.highlighted')).waitFor()
    await e.shot('install-10-catalog-opens-installed-card')
    expect(e.pageErrors).toEqual([])
  })
})
