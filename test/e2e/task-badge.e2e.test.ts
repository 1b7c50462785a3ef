import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'
import { eventually } from '../support/second-server.ts'

interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** How much of `a` lies under `b`, as a share of a's area. */
function coveredShare(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x))
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))
  return (w * h) / (a.width * a.height)
}

/**
 * The task count in the top bar sits at the bell's corner, as el-badge puts it on a button: the
 * bell stays readable beside it, at a laptop's width and a phone's. A real form task gives the count.
 */
describe('the task badge in the top bar', () => {
  let e: E2E

  beforeAll(async () => {
    e = await startE2E({ viewport: { width: 1366, height: 800 } })
    const api = async (method: string, path: string, body?: unknown) => {
      const r = await e.server.api(method, path, body)
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
      return r.body
    }
    const appId = (await api('POST', '/api/apps', { name: 'Desk' })).id
    const wf = await api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Check in',
      trigger: { type: 'manual', config: {} },
      steps: [{ id: 'ask', type: 'user-form', config: { title: 'Check in', users: [e.server.owner.userId], fields: [{ name: 'Done', type: 'switch' }] } }],
    })
    await api('POST', `/api/workflows/${wf.id}/enable`)
    const run = await api('POST', `/api/workflows/${wf.id}/run`, {})
    await eventually(
      async () => (await api('GET', `/api/workflow-runs/${run.id}`)).status as string,
      (s) => s === 'waiting',
      20_000,
    )
  })
  afterAll(async () => e?.close())

  async function badgeBeside(page: Page, name: string): Promise<void> {
    await page.goto(e.url('/'))
    const link = page.getByTestId('tasks-link')
    const badge = page.getByTestId('tasks-count').locator('sup')
    await badge.filter({ hasText: '1' }).waitFor()
    const bell = (await link.locator('.el-icon').first().boundingBox()) as Box
    const count = (await badge.boundingBox()) as Box
    const header = (await page.locator('.dp-header').boundingBox()) as Box
    await e.shot(name, page)
    // At the bell's top right corner, as el-badge places it, not over its middle.
    expect(count.x + count.width / 2).toBeGreaterThan(bell.x + bell.width)
    expect(count.y + count.height / 2).toBeLessThan(bell.y + bell.height / 2)
    expect(coveredShare(bell, count), 'share of the bell under the count').toBeLessThan(0.2)
    // Readable: whole, inside the top bar, its digit at least 10 px.
    expect(count.y).toBeGreaterThanOrEqual(header.y)
    expect(count.height).toBeGreaterThanOrEqual(14)
    expect(Number.parseFloat(await badge.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(10)
  }

  it('sits at the bell’s corner at 1366x800', async () => {
    await badgeBeside(e.page, 'task-badge-1366')
    // The label follows the count without touching it.
    const count = (await e.page.getByTestId('tasks-count').locator('sup').boundingBox()) as Box
    const label = (await e.page.getByTestId('tasks-link').getByText('Tasks').boundingBox()) as Box
    expect(label.x).toBeGreaterThanOrEqual(count.x + count.width)
    expect(e.pageErrors).toEqual([])
  })

  it('sits at the bell’s corner at 390x844', async () => {
    const phone = await e.newContext({ viewport: { width: 390, height: 844 } })
    try {
      await badgeBeside(await phone.newPage(), 'task-badge-390')
    } finally {
      await phone.close()
    }
  })
})
