import { afterEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages, setLocale } from '../../i18n/install.ts'
import type { AuditEntry } from '../../services/audit-api.ts'
import { me, type Me } from '../../services/session.ts'
import AuditTimeline from './AuditTimeline.vue'

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: over.action ?? 'e',
  action: 'record.update',
  resourceType: 'record',
  resourceId: 'r',
  resourceName: null,
  tableId: null,
  userId: 'u',
  userName: 'Ada',
  metadata: {},
  ipAddress: null,
  userAgent: null,
  requestId: null,
  createdAt: '2026-12-04T10:00:00.000Z',
  ...over,
})

// What the kernel writes (members-service setRole, invitations-service accept, table-audit, a record's update).
const entries: AuditEntry[] = [
  entry({ action: 'member.update', resourceType: 'member', resourceName: 'Bea', metadata: { changes: { role: { old: 'admin', new: 'member' } }, email: 'bea@example.com' } }),
  entry({ action: 'member.join', resourceType: 'member', resourceName: 'Cy', metadata: { role: 'sales_lead', email: 'cy@example.com' } }),
  entry({ action: 'view.update', resourceType: 'view', resourceName: 'Board', metadata: { changes: { name: { old: 'Board', new: 'Pipeline' } } } }),
  entry({ action: 'table.schema.update', resourceType: 'table', metadata: { changes: {}, steps: [{ kind: 'convert', column: 'Size', from: 'text', to: 'number' }] } }),
  entry({ action: 'record.update', resourceType: 'record', metadata: { changes: { role: { old: 'admin', new: 'member' } } } }),
]

vi.mock('../../services/audit-api.ts', () => ({ auditApi: { list: () => Promise.resolve({ entries, nextCursor: undefined }) } }))
// The company's own roles, as GET /api/companies/:id/roles answers.
const listRoles = vi.fn((_companyId: string) =>
  Promise.resolve([
    { name: 'owner', label: 'Owner', builtIn: true },
    { name: 'sales_lead', label: 'Sales lead', builtIn: false },
  ]),
)
vi.mock('../../services/permissions-api.ts', () => ({ rolesApi: { list: (companyId: string) => listRoles(companyId) } }))
// The field types' labels, as the server and plugins give them in the reader's language.
vi.mock('../builder/useTypeOptions.ts', () => ({
  useTypeOptions: () => ({
    options: ref([
      { type: 'text', label: '文本' },
      { type: 'number', label: '数字' },
    ]),
  }),
}))

installMessages()
me.value = { user: { id: 'u', name: 'Ada', email: 'ada@example.com' }, companies: [{ id: 'c1', name: 'Acme', role: 'owner' }], currentCompanyId: 'c1' } as unknown as Me
let w: VueWrapper | undefined
afterEach(() => {
  w?.unmount()
  setLocale('en')
})

async function timeline() {
  w = mount(AuditTimeline, { props: { filter: {} }, global: { plugins: [ElementPlus, i18n] } })
  await flushPromises()
  const shown = w.findAll('[data-test=audit-entry]')
  // "field: old → new", from the parts the timeline shows.
  return (i: number) =>
    shown[i]!.findAll('[data-test=audit-change]').map((c) => {
      const old = c.find('[data-test=audit-old]')
      return `${c.get('[data-test=audit-field]').text()}: ${old.exists() ? `${old.text()} → ` : ''}${c.get('[data-test=audit-new]').text()}`
    })
}

describe('AuditTimeline: the words of a change', () => {
  it("names settings and built-in roles in Chinese, the company's own role by its label, a record column as it is", async () => {
    setLocale('zh-CN')
    const lines = await timeline()
    expect(lines(0)).toEqual(['角色: 管理员 → 成员'])
    expect(lines(1)).toEqual(['角色: Sales lead'])
    expect(listRoles).toHaveBeenCalledWith('c1')
    expect(lines(2)).toEqual(['名称: Board → Pipeline'])
    expect(lines(3)).toEqual(['更改字段 Size 的类型: 文本 → 数字'])
    // A record's field named "role" is the table's own word, and its values the record's.
    expect(lines(4)).toEqual(['role: admin → member'])
  })

  it('reads in English the same way', async () => {
    const lines = await timeline()
    expect(lines(0)).toEqual(['Role: Admin → Member'])
    expect(lines(3)).toEqual(['Field Size changed type: 文本 → 数字'])
    expect(lines(4)).toEqual(['role: admin → member'])
  })
})
