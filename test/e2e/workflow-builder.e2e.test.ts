import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { startE2E, type E2E } from './support/browser.ts'
import { inviteMember } from './support/member.ts'
import { eventually } from '../support/second-server.ts'

/**
 * The workflow builder (issue 18) from scratch in the browser: "when a deal's Stage changes to Won
 * and its amount is over 1000, flag it": a record-updated trigger on Deals with a condition, a
 * condition step with an update-record action in its `then` branch. The server's 400 shows at the
 * input it names; saved, enabled, test-run on a chosen record with each step's output; then a
 * change through the API runs it. Screenshots at 1366x800 and 390x844.
 */
describe('workflow builder', () => {
  let e: E2E
  let appId: string
  let deals: string
  let acme: string
  let globex: string

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await e.server.api(method, path, body)
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300)
    return r.body
  }
  /** Picks an option of an Element Plus select (its dropdown is teleported to the body). */
  async function choose(page: Page, select: Locator, option: string | RegExp) {
    await select.click()
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: option }).first().click()
  }
  /** The app's main area scrolls, not the page: a shot shows what is scrolled into view. */
  async function shotAt(name: string, target: Locator, page?: Page) {
    await target.scrollIntoViewIfNeeded()
    await e.shot(name, page)
  }
  async function pickVariable(page: Page, field: Locator, token: string) {
    await field.getByTestId('variable-picker').first().click()
    await page.locator('.el-dropdown-menu:visible').getByTestId(`variable-${token}`).click()
  }

  beforeAll(async () => {
    e = await startE2E({ viewport: { width: 1366, height: 800 } })
    appId = (await api('POST', '/api/apps', { name: 'Sales' })).id
    deals = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Deals',
        columns: [
          { name: 'Name', type: 'text' },
          { name: 'Stage', type: 'text' },
          { name: 'Amount', type: 'number' },
          { name: 'Flag', type: 'text' },
          { name: 'Doubled', type: 'formula', config: { formula: '{Amount} * 2' } },
        ],
      })
    ).id
    acme = (await api('POST', `/api/tables/${deals}/records`, { fields: { Name: 'Acme', Stage: 'Open', Amount: 5000 } })).id
    globex = (await api('POST', `/api/tables/${deals}/records`, { fields: { Name: 'Globex', Stage: 'Open', Amount: 20000 } })).id
  })
  afterAll(() => e?.close())

  it('builds, saves, enables and test-runs a workflow, which then runs on a change', async () => {
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/workflows`))
    await page.getByTestId('workflow-name').fill('Flag big won deals')
    await choose(page, page.getByTestId('workflow-trigger'), /record updated/i)
    await page.getByTestId('workflow-create-submit').click()
    // A trigger that needs settings (a table) is set up in the builder before the workflow exists.
    const editor = page.getByTestId('workflow-editor')
    await editor.waitFor()
    expect(await page.getByTestId('wf-name').inputValue()).toBe('Flag big won deals')

    // The trigger: the table, then "Stage is Won" with the filter builder, and "Stage changed".
    const trigger = page.getByTestId('trigger-card')
    await choose(page, trigger.getByTestId('schema-tableId').locator('.el-select'), 'Deals')
    const conditions = trigger.getByTestId('trigger-conditions')
    await conditions.getByTestId('filter-add-condition').first().click()
    await choose(page, conditions.getByTestId('filter-field'), 'Stage')
    await conditions.getByTestId('filter-op').click()
    await page.locator('.el-select-dropdown:visible').getByTestId('filter-op-option-eq').click()
    await conditions.getByTestId('filter-value').locator('input').fill('Won')
    await choose(page, conditions.getByTestId('trigger-changed'), 'Stage')
    await page.keyboard.press('Escape')

    // A condition step: Amount > 1000 (the variable from the picker).
    await page.getByTestId('steps').getByTestId('add-step').last().click()
    await page.locator('.el-dropdown-menu:visible').getByTestId('add-step-condition').click()
    const cond = page.getByTestId('step-condition_1')
    await cond.getByTestId('step-name').fill('Is it big?')
    // The condition plugin ships its own config editor (a client contribution): rows of value – comparison – value.
    await expect.poll(() => cond.getByTestId('condition-editor').count()).toBe(1)
    await cond.getByTestId('condition-add').click()
    await choose(page, cond.getByTestId('condition-left'), /› Amount$/)
    await choose(page, cond.getByTestId('condition-op'), /^>$/)
    // Element Plus puts the attribute on the native input itself.
    await cond.getByTestId('condition-right').fill('1000')
    await shotAt('workflow-builder-1366-condition', cond)

    // Steps move and go: a delay added after the condition moves above it, then is removed.
    await page.getByTestId('steps').getByTestId('add-step').last().click()
    await page.locator('.el-dropdown-menu:visible').getByTestId('add-step-delay').click()
    const rootSteps = () => page.locator('[data-test=steps] > li > article').evaluateAll((els) => els.map((el) => el.getAttribute('data-test')))
    expect(await rootSteps()).toEqual(['step-condition_1', 'step-delay_1'])
    await page.getByTestId('step-delay_1').getByTestId('step-up').click()
    expect(await rootSteps()).toEqual(['step-delay_1', 'step-condition_1'])
    await page.getByTestId('step-delay_1').getByTestId('step-remove').click()
    await page.locator('.el-message-box__btns .el-button--danger').click()
    await page.getByTestId('step-delay_1').waitFor({ state: 'detached' })
    expect(await rootSteps()).toEqual(['step-condition_1'])

    // Its "then" branch: update the deal that started the run; the table is left out at first.
    const then = cond.getByTestId('branch-then')
    await then.getByTestId('add-step').last().click()
    await page.locator('.el-dropdown-menu:visible').getByTestId('add-step-update-record').click()
    const upd = then.getByTestId('step-update_record_1')
    // The picker says what each variable holds: the record's id, and each field by its type.
    await upd.getByTestId('schema-recordId').getByTestId('variable-picker').first().click()
    const menu = page.locator('.el-dropdown-menu:visible').filter({ has: page.getByTestId('variable-{{trigger.record.Amount}}') })
    expect(await menu.getByTestId('variable-{{trigger.record.Amount}}').getByTestId('variable-type').textContent()).toBe('Number')
    await shotAt('workflow-builder-variable-types', menu)
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'hidden' })
    await pickVariable(page, upd.getByTestId('schema-recordId'), '{{trigger.recordId}}')

    // Saving without the update's table: the server's 400 shows on that step, at that input.
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/apps/${appId}/workflows`))
    await page.getByTestId('wf-save').click()
    expect((await refused).status()).toBe(400)
    await upd.getByTestId('step-error').waitFor()
    expect(await upd.getByTestId('step-error').textContent()).toContain('config › tableId')
    await upd.getByTestId('schema-tableId').getByTestId('schema-error').waitFor()
    // Only that step shows it (not the condition step around it).
    expect(await page.getByTestId('step-error').count()).toBe(1)
    await shotAt('workflow-builder-1366-error', upd)

    await choose(page, upd.getByTestId('schema-tableId').locator('.el-select'), 'Deals')
    // The fields offered are those a step can write: not the formula.
    await upd.getByTestId('schema-map-add').click()
    const offered = page.locator('.el-select-dropdown:visible', { has: page.getByTestId('schema-map-option-Flag') }).locator('.el-select-dropdown__item')
    await offered.first().waitFor()
    expect((await offered.allTextContents()).map((x) => x.trim())).toEqual(['Name', 'Stage', 'Amount', 'Flag'])
    await offered.filter({ hasText: 'Flag' }).first().click()
    await upd.getByTestId('schema-map-row-Flag').locator('input').fill('big: ')
    await pickVariable(page, upd.getByTestId('schema-map-row-Flag'), '{{trigger.record.Name}}')
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/apps/${appId}/workflows`))
    await page.getByTestId('wf-save').click()
    expect((await created).status()).toBe(201)
    await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/)
    const workflowId = page.url().split('/').at(-1)!
    expect(await page.getByTestId('wf-version').textContent()).toContain('1')
    expect(await upd.getByTestId('step-error').count()).toBe(0)

    // What was stored is what was built.
    const stored = await api('GET', `/api/workflows/${workflowId}`)
    expect(stored.trigger).toEqual({
      type: 'record-updated',
      config: { tableId: deals, fields: [] },
      conditions: { and: [{ and: [{ field: expect.any(String), op: 'eq', value: 'Won' }] }, { changed: 'Stage' }] },
    })
    expect(stored.steps).toEqual([
      {
        id: 'condition_1',
        type: 'condition',
        name: 'Is it big?',
        config: { test: { and: [{ left: '{{trigger.record.Amount}}', op: 'gt', right: '1000' }] } },
        branches: {
          then: [{ id: 'update_record_1', type: 'update-record', config: { tableId: deals, recordId: '{{trigger.recordId}}', fields: { Flag: 'big: {{trigger.record.Name}}' } } }],
          else: [],
        },
      },
    ])

    const enabled = page.waitForResponse((r) => r.url().endsWith(`/api/workflows/${workflowId}/enable`))
    await page.getByTestId('wf-enabled').click()
    expect((await enabled).status()).toBe(200)

    // Test run on Acme (chosen by typing its name): each step's output shows.
    const test = page.getByTestId('test-run')
    await test.getByTestId('test-record').click()
    await page.keyboard.type('Acme')
    await page.locator('.el-select-dropdown:visible').getByTestId(`test-record-${acme}`).click()
    const ran = page.waitForResponse((r) => r.url().endsWith(`/api/workflows/${workflowId}/test`))
    await test.getByTestId('test-run-start').click()
    expect((await ran).status()).toBe(200)
    await test.getByTestId('test-run-status').filter({ hasText: 'completed' }).waitFor()
    expect(await test.getByTestId('run-step-id').allTextContents()).toEqual(['condition_1', 'update_record_1'])
    expect(await test.getByTestId('run-step-status').allTextContents()).toEqual(['completed', 'completed'])
    const outputs = await test.getByTestId('run-step-output').allTextContents()
    expect(JSON.parse(outputs[0]!)).toMatchObject({ result: true })
    expect(JSON.parse(outputs[1]!)).toMatchObject({ id: acme })
    expect((await api('GET', `/api/tables/${deals}/records/${acme}`)).fields).toMatchObject({ Flag: 'big: Acme' })
    await shotAt('workflow-builder-1366-test', test.getByTestId('run-step').last())
    await shotAt('workflow-builder-1366-top', trigger)

    // A change through the API starts it; the runs page, reached from the builder, shows the run.
    await api('PATCH', `/api/tables/${deals}/records/${globex}`, { fields: { Stage: 'Won' } })
    const runs = await eventually(
      async () => (await e.server.api('GET', `/api/workflows/${workflowId}/runs`)).body.runs as Array<{ status: string; test: boolean }>,
      (rs) => rs.some((r) => !r.test && r.status === 'completed'),
      20_000,
    )
    expect(runs.filter((r) => !r.test)).toHaveLength(1)
    expect((await api('GET', `/api/tables/${deals}/records/${globex}`)).fields).toMatchObject({ Flag: 'big: Globex' })
    await page.getByTestId('wf-runs-link').click()
    await page.getByTestId('run-list').locator('.el-table__row').first().click()
    await page.getByTestId('run-detail').waitFor()
    expect(await page.getByTestId('run-status').textContent()).toBe('completed')
    expect(await page.getByTestId('run-step-id').allTextContents()).toEqual(['condition_1', 'update_record_1'])
    expect(e.pageErrors).toEqual([])

    // A phone: the builder fits 390 px without a sideways scroll.
    const phone = await e.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    try {
      const p = await phone.newPage()
      await p.goto(e.url(`/apps/${appId}/workflows/${workflowId}`))
      await p.getByTestId('step-update_record_1').waitFor()
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow).toBeLessThanOrEqual(0)
      await e.shot('workflow-builder-390', p)
      await shotAt('workflow-builder-390-steps', p.getByTestId('step-update_record_1'), p)
      await shotAt('workflow-builder-390-test', p.getByTestId('test-run'), p)
      // Every string is translated: no message key shows, in English or in Chinese.
      expect(await p.getByTestId('workflow-editor').innerText()).not.toMatch(/\bwfb\.|\bworkflows\./)
      await p.evaluate(() => localStorage.setItem('docpal.locale', 'zh-CN'))
      await p.reload()
      await p.getByTestId('step-update_record_1').waitFor()
      expect(await p.getByTestId('trigger-card').innerText()).toContain('仅当')
      // The plugins' own words in Chinese: the trigger's description, the step's type and branch.
      expect(await p.getByTestId('trigger-card').innerText()).toContain('表中记录变化时启动')
      // The config form's help text too (the schema's English description otherwise).
      expect(await p.getByTestId('trigger-card').innerText()).toContain('仅当这些字段之一改变时启动（留空：任何改变）')
      expect(await p.getByTestId('trigger-card').innerText()).not.toContain('Start only when')
      expect(await p.getByTestId('step-update_record_1').getByTestId('step-type').textContent()).toBe('更新记录')
      expect(await p.getByTestId('workflow-editor').innerText()).not.toMatch(/\bwfb\.|\bworkflows\./)
      await e.shot('workflow-builder-390-zh', p)
    } finally {
      await phone.close()
    }
  })

  it('opens a workflow made through the API: every branch drawn, earlier outputs in the picker', async () => {
    const invoices = (await api('POST', `/api/apps/${appId}/tables`, { name: 'Invoices', columns: [{ name: 'Deal', type: 'text' }] })).id
    const wf = await api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Invoice and approve',
      trigger: { type: 'record-created', config: { tableId: deals } },
      steps: [
        { id: 'invoice', type: 'create-record', config: { tableId: invoices, fields: { Deal: '{{trigger.record.Name}}' } } },
        {
          id: 'approve',
          type: 'approval',
          config: { title: 'Approve {{trigger.record.Name}}', users: [e.server.owner.userId], roles: ['admin'], required: 'all' },
          branches: { approve: [{ id: 'mark', type: 'update-record', config: { tableId: invoices, recordId: '{{steps.invoice.id}}', fields: { Deal: 'ok' } } }] },
        },
      ],
    })
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/workflows`))
    await page.getByTestId('workflow-edit-link').filter({ hasText: 'Invoice and approve' }).click()
    const approve = page.getByTestId('step-approve')
    await approve.waitFor()
    expect(await approve.locator('[data-test^=branch-]:not([data-test^=branch-steps])').evaluateAll((els) => els.map((el) => el.getAttribute('data-test')))).toEqual([
      'branch-approve',
      'branch-reject',
      'branch-changes',
      'branch-timeout',
    ])
    // `required: "all"` is the second variant of its anyOf; approvers and roles show by name, from the company.
    expect(await approve.getByTestId('schema-required').getByTestId('schema-variant-pick').locator('.el-select__placeholder').textContent()).toBe('all')
    await expect.poll(() => approve.getByTestId('schema-users').getByTestId('schema-tags').textContent()).toContain('Owner (owner@example.com)')
    await expect.poll(() => approve.getByTestId('schema-roles').getByTestId('schema-tags').textContent()).toContain('Admin')
    const mark = approve.getByTestId('step-mark')
    await mark.getByTestId('schema-fields').getByTestId('variable-picker').click()
    const menu = page.locator('.el-dropdown-menu:visible')
    await menu.getByTestId('variable-{{trigger.recordId}}').waitFor()
    expect(await menu.getByTestId('variable-{{steps.invoice.id}}').count()).toBe(1)
    expect(await menu.getByTestId('variable-{{steps.approve.decision}}').count()).toBe(1)
    expect(await menu.getByTestId('variable-{{steps.mark.id}}').count()).toBe(0)
    await page.keyboard.press('Escape')
    // Opening it changed nothing: there is nothing to save.
    expect(await page.getByTestId('wf-save').isDisabled()).toBe(true)
    await e.shot('workflow-builder-1366-approval')

    // Parallel branches are named by the user; a loop over Deals offers its record's fields inside.
    const add = async (within: Locator, type: string) => {
      const item = page.locator('.el-dropdown-menu:visible').getByTestId(`add-step-${type}`)
      // The previous pick's menu fades out: until it is gone, its item is the one this would click
      // (seen on a busy machine: the item resolved, then vanished).
      await item.first().waitFor({ state: 'hidden' })
      await within.getByTestId('add-step').last().click()
      await item.click()
    }
    await add(page.getByTestId('steps'), 'parallel')
    const par = page.getByTestId('step-parallel_1')
    await par.getByTestId('branch-add').click()
    await page.locator('.el-message-box__input input').fill('Bad name')
    await page.locator('.el-message-box__errormsg').waitFor()
    await page.locator('.el-message-box__input input').fill('notify')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await add(par.getByTestId('branch-notify'), 'loop')
    const loop = par.getByTestId('step-loop_1')
    await choose(page, loop.getByTestId('schema-tableId').locator('.el-select'), 'Deals')
    await add(loop.getByTestId('branch-each'), 'update-record')
    const inner = loop.getByTestId('step-update_record_1')
    await choose(page, inner.getByTestId('schema-tableId').locator('.el-select'), 'Deals')
    await pickVariable(page, inner.getByTestId('schema-recordId'), '{{loop.loop_1.item.id}}')
    await choose(page, inner.getByTestId('schema-map-add'), 'Flag')
    await pickVariable(page, inner.getByTestId('schema-map-row-Flag'), '{{loop.loop_1.item.fields.Name}}')
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/api/workflows/${wf.id}`))
    await page.getByTestId('wf-save').click()
    expect((await saved).status()).toBe(200)
    await page.getByTestId('wf-version').filter({ hasText: '2' }).waitFor()
    const stored = await api('GET', `/api/workflows/${wf.id}`)
    expect(stored.version).toBe(2)
    expect(stored.steps[2]).toEqual({
      id: 'parallel_1',
      type: 'parallel',
      config: {},
      branches: {
        notify: [
          {
            id: 'loop_1',
            type: 'loop',
            config: { tableId: deals },
            branches: {
              each: [
                {
                  id: 'update_record_1',
                  type: 'update-record',
                  config: { tableId: deals, recordId: '{{loop.loop_1.item.id}}', fields: { Flag: '{{loop.loop_1.item.fields.Name}}' } },
                },
              ],
            },
          },
        ],
      },
    })
    await shotAt('workflow-builder-1366-parallel', par)
    expect(e.pageErrors).toEqual([])
  })

  it("warns at an approval's roles who may not read the run's record, and not once the rules let them", async () => {
    const me = await api('GET', '/api/auth/me')
    await api('POST', `/api/companies/${me.currentCompanyId as string}/roles`, { name: 'auditor', label: 'Auditor' })
    // Someone holds each role (a role nobody holds has a warning of its own).
    await inviteMember(e, 'mia@example.com', 'Mia')
    await inviteMember(e, 'abe@example.com', 'Abe', 'auditor')
    const payroll = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Payroll',
        columns: [
          { name: 'Person', type: 'text' },
          { name: 'Salary', type: 'number' },
        ],
      })
    ).id
    // Members read Payroll without Salary; auditors nothing of it.
    await api('PUT', `/api/tables/${payroll}/permissions`, { rules: [{ role: 'member', actions: ['view'], hiddenFields: ['Salary'] }] })
    const wf = await api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Approve raises',
      trigger: { type: 'record-updated', config: { tableId: payroll } },
      steps: [{ id: 'approve', type: 'approval', config: { title: 'Raise for {{trigger.record.Person}}', roles: ['member', 'auditor'] } }],
    })
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/workflows/${wf.id}`))
    const warnings = page.getByTestId('step-approve').getByTestId('step-warning')
    /** The page again in another language (the web app keeps the choice in localStorage), its warnings shown. */
    const inLocale = async (code: string) => {
      await page.evaluate((c) => localStorage.setItem('docpal.locale', c), code)
      await page.reload()
      await warnings.first().waitFor()
    }
    await warnings.first().waitFor()
    expect(await warnings.allTextContents()).toEqual([
      "⚠ Role 'Member' does not see 'Salary' of 'Payroll': the task shows its record without them.",
      "⚠ Role 'Auditor' may not read 'Payroll': the task will not show them its record.",
    ])
    await shotAt('workflow-builder-1366-approver-warnings', page.getByTestId('step-approve'))
    // In Chinese, worded by the web app from what each warning names.
    await inLocale('zh-CN')
    // The built-in role in Chinese words (the server's label for it is English), the company's own by its label.
    expect(await warnings.allTextContents()).toEqual([
      '⚠ 角色“成员”看不到“Payroll”的“Salary”：任务显示的记录不含这些字段。',
      '⚠ 角色“Auditor”无权读取“Payroll”：任务不会向其显示记录。',
    ])
    // The step's role picker too.
    expect(await page.getByTestId('step-approve').locator('.el-select__tags-text').allTextContents()).toEqual(['成员', 'Auditor'])
    await shotAt('workflow-builder-1366-approver-warnings-zh', page.getByTestId('step-approve'))
    await inLocale('en')

    // A phone: the warnings wrap within the step, nothing cut off or sideways.
    const phone = await e.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    try {
      const p = await phone.newPage()
      for (const code of ['en', 'zh-CN']) {
        await p.goto(e.url(`/apps/${appId}/workflows/${wf.id}`))
        await p.evaluate((c) => localStorage.setItem('docpal.locale', c), code)
        await p.reload()
        const shown = p.getByTestId('step-approve').getByTestId('step-warning')
        await shown.first().waitFor()
        expect(await shown.count()).toBe(2)
        expect(await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
        const step = await p.getByTestId('step-approve').boundingBox()
        for (const box of await Promise.all((await shown.all()).map((w) => w.boundingBox()))) {
          // Each warning inside its step, left and right.
          expect(box!.x).toBeGreaterThanOrEqual(step!.x)
          expect(box!.x + box!.width).toBeLessThanOrEqual(step!.x + step!.width + 0.5)
        }
        // The people picker's placeholder is read whole, not cut off with an ellipsis.
        const placeholder = p.getByTestId('step-approve').getByTestId('schema-users').locator('.el-select__placeholder')
        expect(await placeholder.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0)
        await shotAt(`workflow-builder-390-approver-warnings-${code}`, p.getByTestId('step-approve'), p)
      }
    } finally {
      await phone.close()
    }

    // Rules that let both read all of it: the next save's answer has nothing to say.
    await api('PUT', `/api/tables/${payroll}/permissions`, {
      rules: [
        { role: 'member', actions: ['view'] },
        { role: 'auditor', actions: ['view'] },
      ],
    })
    await page.getByTestId('step-approve').getByTestId('step-name').fill('Sign-off')
    await page.getByTestId('wf-save').click()
    await page.getByTestId('wf-version').filter({ hasText: '2' }).waitFor()
    expect(await warnings.count()).toBe(0)
    expect(e.pageErrors).toEqual([])
  })

  it("sets a record's fields with each field type's own editor (a select's options, a switch, a date) or a variable", async () => {
    const tickets = (
      await api('POST', `/api/apps/${appId}/tables`, {
        name: 'Tickets',
        columns: [
          { name: 'Title', type: 'text' },
          {
            name: 'Status',
            type: 'single_select',
            config: {
              options: [
                { id: 'open', label: 'Open' },
                { id: 'closed', label: 'Closed' },
              ],
            },
          },
          { name: 'Done', type: 'switch' },
          { name: 'Due', type: 'date' },
        ],
      })
    ).id
    const wf = await api('POST', `/api/apps/${appId}/workflows`, {
      name: 'Close tickets',
      trigger: { type: 'record-updated', config: { tableId: tickets } },
      steps: [{ id: 'close', type: 'update-record', config: { tableId: tickets, recordId: '{{trigger.recordId}}', fields: { Status: null, Done: null, Due: null } } }],
    })
    const { page } = e
    await page.goto(e.url(`/apps/${appId}/workflows/${wf.id}`))
    const step = page.getByTestId('step-close')
    await step.getByTestId('field-value-Status').waitFor()
    // The select's own editor: its options by label.
    await choose(page, step.getByTestId('field-value-Status').locator('.el-select'), 'Closed')
    await step.getByTestId('field-value-Done').locator('.el-switch').click()
    // A date from a variable: {x} puts the token in place of the editor.
    await pickVariable(page, step.getByTestId('field-value-Due'), '{{trigger.record.Due}}')
    expect(await step.getByTestId('field-value-Due').locator('input').inputValue()).toBe('{{trigger.record.Due}}')
    await shotAt('workflow-builder-1366-typed-values', step)
    await page.getByTestId('wf-save').click()
    await page.getByTestId('wf-version').filter({ hasText: '2' }).waitFor()
    const stored = await api('GET', `/api/workflows/${wf.id}`)
    expect(stored.steps[0].config.fields).toEqual({ Status: 'closed', Done: true, Due: '{{trigger.record.Due}}' })
    expect(e.pageErrors).toEqual([])
  })
})
