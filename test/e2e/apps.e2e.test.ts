import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startE2E, type E2E } from './support/browser.ts'

describe('app list', () => {
  let e: E2E
  beforeAll(async () => {
    e = await startE2E()
  })
  afterAll(async () => e?.close())

  it('creates, opens, edits and deletes an app', async () => {
    const { page } = e
    await page.goto(e.url('/'))
    await page.getByTestId('apps-empty').waitFor()
    await e.shot('apps-empty')

    await page.getByTestId('create-app').click()
    await page.getByTestId('app-name').fill('Sales CRM')
    await page.getByTestId('app-icon').fill('💼')
    await page.getByTestId('app-description').fill('Leads and deals')
    await page.getByTestId('save-app').click()
    await page.waitForURL(/\/apps\/[0-9a-f-]{36}$/)
    await page.getByTestId('sidebar').getByText('Sales CRM').waitFor()
    const apps = await e.server.api('GET', '/api/apps')
    expect(apps.body).toMatchObject([{ name: 'Sales CRM', icon: '💼', description: 'Leads and deals' }])

    await page.getByTestId('home-link').click()
    await page.getByTestId('app-card').filter({ hasText: 'Sales CRM' }).waitFor()
    await e.shot('apps-list')
    await page.getByTestId('edit-app').click()
    await page.getByTestId('app-name').fill('Sales')
    await page.getByTestId('save-app').click()
    await page.getByTestId('app-card').filter({ hasText: 'Sales' }).filter({ hasNotText: 'CRM' }).waitFor()
    expect((await e.server.api('GET', '/api/apps')).body[0].name).toBe('Sales')

    await page.getByTestId('delete-app').click()
    await page.getByRole('button', { name: 'Delete' }).last().click()
    await page.getByTestId('apps-empty').waitFor()
    expect((await e.server.api('GET', '/api/apps')).body).toEqual([])
    expect(e.pageErrors).toEqual([])
  })
})
