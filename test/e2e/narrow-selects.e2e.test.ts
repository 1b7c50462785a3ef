import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'

/** Selects whose chosen value is cut ("…"): the text's test-id path and the words. */
async function cutSelects(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    for (const sel of Array.from(document.querySelectorAll<HTMLElement>('.el-select'))) {
      if (!sel.offsetParent) continue
      // The boxes that clip (inline spans inside them report no width of their own), and option chips.
      for (const span of Array.from(sel.querySelectorAll<HTMLElement>('.el-select__placeholder:not(.is-transparent), .el-select__tags-text, .dp-tag'))) {
        if (span.scrollWidth > span.clientWidth + 1 || span.scrollHeight > span.clientHeight + 1) {
          const ids: string[] = []
          for (let n: HTMLElement | null = sel; n; n = n.parentElement) if (n.dataset['test']) ids.unshift(n.dataset['test'])
          out.push(`${ids.join(' > ')}: ${span.textContent ?? ''} (${span.clientWidth}/${span.scrollWidth})`)
        }
      }
    }
    return out
  })
}

/**
 * A long chosen value in a select is read whole on a phone (it wraps; Element Plus cuts it with
 * "…" on one line), and a filter condition gives its field and operator a line each there; a
 * desktop keeps a condition on one line.
 */
describe('chosen values in selects, on a phone and on a desktop', () => {
  let e: E2E
  let appId: string
  let deals: string
  let wfId: string
  const LONG = 'Negotiation with the purchasing department'

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }

  beforeAll(async () => {
    e = await startE2E({ viewport: { width: 1366, height: 800 } })
    appId = (await api('POST', '/api/apps', { name: 'Sales' })).id
    deals = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Deals',
        columns: [
          { name: 'Name', type: 'text' },
          {
            name: 'Stage of the purchasing process',
            type: 'single_select',
            config: {
              options: [
                { id: 'nego', label: LONG },
                { id: 'won', label: 'Won' },
              ],
            },
          },
          { name: 'Amount', type: 'number' },
        ],
      })
    ).id
    await api('POST', `/api/tables/${deals}/records`, { fields: { Name: 'Acme', 'Stage of the purchasing process': 'nego', Amount: 5 } })
    wfId = (
      await api('POST', `/api/apps/${appId}/workflows`, {
        name: 'Chase',
        trigger: { type: 'record-updated', config: { tableId: deals }, conditions: { field: 'Stage of the purchasing process', op: 'neq', value: 'nego' } },
        steps: [
          {
            id: 'cond',
            type: 'condition',
            config: { test: { left: '{{trigger.record.Amount}}', op: 'notContains', right: '1' } },
            branches: {
              then: [{ id: 'mark', type: 'update-record', config: { tableId: deals, recordId: '{{trigger.recordId}}', fields: { 'Stage of the purchasing process': 'nego' } } }],
            },
          },
          { id: 'approve', type: 'approval', config: { title: 'Ok?', users: [e.server.owner.userId], required: 'all' } },
        ],
      })
    ).id
  })
  afterAll(() => e?.close())

  it('shows a long chosen value whole at 390x844: the trigger’s filter in the workflow builder, a record’s select field', async () => {
    const phone = await e.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    try {
      const p = await phone.newPage()
      await p.goto(e.url(`/apps/${appId}/workflows/${wfId}`))
      await p.getByTestId('step-mark').waitFor()
      const cond = p.getByTestId('trigger-card').getByTestId('filter-condition')
      await cond.getByText(LONG).waitFor()
      await e.shot('narrow-selects-builder-390', p)
      // The condition step's comparison (its operands and operator) below.
      await p.getByTestId('step-cond').scrollIntoViewIfNeeded()
      await e.shot('narrow-selects-builder-390-steps', p)
      expect(await cutSelects(p)).toEqual([])
      // The field keeps the remove button beside it; the operator and the value take lines of their own.
      const field = (await cond.locator('.dp-filter-field').boundingBox())!
      const remove = (await cond.getByTestId('filter-remove').boundingBox())!
      const op = (await cond.locator('.dp-filter-op').boundingBox())!
      expect(Math.abs(remove.y + remove.height / 2 - (field.y + field.height / 2))).toBeLessThan(4)
      expect(op.y).toBeGreaterThanOrEqual(field.y + field.height)
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

      await p.goto(e.url(`/apps/${appId}/tables/${deals}/records/new`))
      const stage = p.locator('[data-test="form-field"][data-column="Stage of the purchasing process"] .el-select')
      await stage.click()
      await p.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: LONG }).click()
      await p.keyboard.press('Escape')
      await stage.getByText(LONG).waitFor()
      await e.shot('narrow-selects-record-390', p)
      expect(await cutSelects(p)).toEqual([])
    } finally {
      await phone.close()
    }
  })

  it('keeps a filter condition on one line on a desktop', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/workflows/${wfId}`))
    const cond = page.getByTestId('trigger-card').getByTestId('filter-condition')
    await cond.getByText(LONG).waitFor()
    const middle = async (sel: string) => {
      const b = (await cond.locator(sel).first().boundingBox())!
      return b.y + b.height / 2
    }
    const field = await middle('.dp-filter-field')
    for (const sel of ['.dp-filter-op', '[data-test=filter-value] .el-select', '[data-test=filter-remove]']) expect(Math.abs((await middle(sel)) - field), sel).toBeLessThan(4)
    await e.shot('narrow-selects-builder-1366')
    expect(e.pageErrors).toEqual([])
  })

  it('shows every chosen value whole at 1366x800: the trigger’s filter and the condition step', async () => {
    const { page } = e
    await page.setViewportSize({ width: 1366, height: 800 })
    await page.goto(e.url(`/apps/${appId}/workflows/${wfId}`))
    await page.getByTestId('step-mark').waitFor()
    await page.getByTestId('trigger-card').getByTestId('filter-condition').getByText(LONG).waitFor()
    await page.getByTestId('step-cond').scrollIntoViewIfNeeded()
    await e.shot('narrow-selects-builder-1366-steps')
    // At this width a select sized for a short value ("Stage of th…", "does not con…") cut its text.
    expect(await cutSelects(page)).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366)
    // Opened to search, the field's box keeps its width: the faded value stays under the search input.
    const field = page.getByTestId('trigger-card').getByTestId('filter-field')
    const closed = (await field.boundingBox())!.width
    await field.click()
    await page.locator('.el-select-dropdown:visible').waitFor()
    await e.shot('narrow-selects-builder-1366-open')
    expect(Math.abs((await field.boundingBox())!.width - closed)).toBeLessThan(2)
    await page.keyboard.press('Escape')
    expect(e.pageErrors).toEqual([])
  })
})
