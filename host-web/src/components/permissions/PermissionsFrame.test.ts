import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, type TableMeta } from '@docpal/plugin-sdk/client'
import { installMessages, setLocale } from '../../i18n/install.ts'
import { stubFetch, type Call } from '../admin/test-fetch.ts'
import { me } from '../../services/session.ts'
import GrantsDialog from './GrantsDialog.vue'
import TablePermissionsDialog from './TablePermissionsDialog.vue'

/**
 * The app/view dialog and the table dialog share one frame (PermissionsFrame) and one load/save
 * (useRuleEditor): each shows its rules, adds one, saves them all with one PUT and closes; a
 * refused save keeps the dialog open with the server's words. The table dialog adds its field matrix.
 */
installMessages()
const COMPANY = 'c0000000-0000-4000-8000-000000000001'
const table = {
  id: 't1',
  appId: 'a1',
  name: 'Deals',
  columns: [
    { id: 'f1', name: 'Title', type: 'text', config: {}, required: false, order: 0 },
    { id: 'f2', name: 'Amount', type: 'text', config: {}, required: false, order: 1 },
  ],
} as unknown as TableMeta
const people = {
  // The table dialog's filter builders ask which operators each field type has.
  'GET /api/field-types': () => ({ status: 200, body: [] }),
  'GET /api/view-types': () => ({ status: 200, body: [] }),
  [`GET /api/companies/${COMPANY}/roles`]: () => ({
    status: 200,
    body: ['owner', 'admin', 'member', 'sales'].map((name) => ({ name, label: name.toUpperCase(), builtIn: name !== 'sales' })),
  }),
  [`GET /api/companies/${COMPANY}/members`]: () => ({
    status: 200,
    body: [{ userId: 'u1', name: 'Mo Member', email: 'mo@example.com', avatar: null, role: 'member', joinedAt: '' }],
  }),
}

let w: VueWrapper | undefined
beforeEach(() => {
  me.value = { user: { id: 'u0', email: 'o@example.com', name: 'Owner', avatar: null, isInstanceAdmin: false, emailVerified: true }, companies: [], currentCompanyId: COMPANY }
})
afterEach(() => {
  w?.unmount()
  w = undefined
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
  setLocale('en')
})
const $ = (sel: string) => document.body.querySelector<HTMLElement>(sel)
const $$ = (sel: string) => [...document.body.querySelectorAll<HTMLElement>(sel)]
const global = { plugins: [ElementPlus, i18n] }

describe('permission dialogs on their shared frame', () => {
  it("an app's grants: its rules load, a rule is added, one PUT saves them all and the dialog closes", async () => {
    const calls: Call[] = stubFetch({
      ...people,
      'GET /api/apps/a1/permissions': () => ({ status: 200, body: { rules: [{ id: 'r1', role: 'sales', actions: ['view', 'edit'] }] } }),
      'PUT /api/apps/a1/permissions': (c) => ({ status: 200, body: c.body }),
    })
    w = mount(GrantsDialog, { props: { modelValue: true, kind: 'app', id: 'a1', name: 'CRM' }, global, attachTo: document.body })
    await vi.waitFor(() => expect($$('[data-test=permission-rule]')).toHaveLength(1))
    expect($('[data-test=grants-dialog]')?.textContent).toContain('Permissions of app CRM')
    // No field matrix: apps grant actions only.
    expect($('[data-test=field-matrix]')).toBeNull()
    $('[data-test=permissions-add-rule]')!.click()
    await flushPromises()
    expect($$('[data-test=permission-rule]')).toHaveLength(2)
    $('[data-test=permissions-save]')!.click()
    await vi.waitFor(() => expect(w!.emitted('saved')).toHaveLength(1))
    const put = calls.find((c) => c.method === 'PUT')
    expect(put?.body).toEqual({ rules: [expect.objectContaining({ role: 'sales', actions: ['view', 'edit'] }), expect.objectContaining({ role: 'member', actions: ['view'] })] })
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it("a view's grants keep only view and manage", async () => {
    const calls = stubFetch({
      ...people,
      'GET /api/views/v1/permissions': () => ({ status: 200, body: { rules: [{ role: 'member', actions: ['view'] }] } }),
      'PUT /api/views/v1/permissions': (c) => ({ status: 200, body: c.body }),
    })
    w = mount(GrantsDialog, { props: { modelValue: true, kind: 'view', id: 'v1', name: 'Pipeline' }, global, attachTo: document.body })
    await vi.waitFor(() => expect($$('[data-test=permission-rule]')).toHaveLength(1))
    expect($$('[data-test^=rule-action-]').map((e) => e.dataset.test)).toEqual(['rule-action-view', 'rule-action-manage'])
    $('[data-test=permissions-save]')!.click()
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true))
  })

  it("a table's rules show the field matrix below them; a refused save keeps the dialog open", async () => {
    stubFetch({
      ...people,
      'GET /api/tables/t1/permissions': () => ({ status: 200, body: { rules: [{ role: 'member', actions: ['view'], hiddenFields: ['Amount'] }] } }),
      'PUT /api/tables/t1/permissions': () => ({ status: 400, body: { error: { code: 'KRN_ERR_VALIDATION', message: 'Rule 0: no such column' } } }),
    })
    w = mount(TablePermissionsDialog, { props: { modelValue: true, table }, global, attachTo: document.body })
    await vi.waitFor(() => expect($$('[data-test=permission-rule]')).toHaveLength(1))
    const dialog = $('[data-test=permissions-dialog]')!
    expect(dialog.textContent).toContain('Permissions of Deals')
    expect($('[data-test=field-matrix]')).not.toBeNull()
    $('[data-test=permissions-save]')!.click()
    await vi.waitFor(() => expect(document.body.textContent).toContain('Rule 0: no such column'))
    expect(w.emitted('saved')).toBeUndefined()
    expect(w.emitted('update:modelValue')).toBeUndefined()
  })

  it("names built-in roles in the page's language and the company's own by their label (zh-CN)", async () => {
    setLocale('zh-CN')
    stubFetch({
      ...people,
      'GET /api/apps/a1/permissions': () => ({
        status: 200,
        body: {
          rules: [
            { role: 'member', actions: ['view'] },
            { role: 'sales', actions: ['view'] },
          ],
        },
      }),
    })
    w = mount(GrantsDialog, { props: { modelValue: true, kind: 'app', id: 'a1', name: 'CRM' }, global, attachTo: document.body })
    await vi.waitFor(() => expect($$('[data-test=permission-rule]')).toHaveLength(2))
    await flushPromises()
    // The server's labels here are MEMBER and SALES: the first is built in, the second the company's.
    expect(
      $$('[data-test=rule-role] .el-select__selected-item')
        .map((e) => e.textContent?.trim())
        .filter(Boolean),
    ).toEqual(['成员', 'SALES'])
  })
})
