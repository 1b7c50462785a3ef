import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages, setLocale } from '../../../i18n/install.ts'
import type { WorkflowWarning } from '../../../services/workflows-api.ts'
import { warningText } from './warning-text.ts'

installMessages()
afterEach(() => setLocale('en'))
const words = { t: (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {}), te: (key: string) => i18n.global.te(key) }
const at = ['steps', 0, 'config', 'roles', 0]

describe("a workflow warning in the reader's language", () => {
  it('words it from its code and what it names, as the server does in English', () => {
    const w: WorkflowWarning = {
      path: at,
      code: 'assignee_cannot_read',
      message: "Role 'Auditor' may not read 'Payroll': the task will not show them its record.",
      params: { who: { kind: 'role', id: 'auditor', name: 'Auditor' }, table: 'Payroll' },
    }
    expect(warningText(w, words)).toBe(w.message)
    setLocale('zh-CN')
    expect(warningText(w, words)).toBe('角色“Auditor”无权读取“Payroll”：任务不会向其显示记录。')
  })

  it('says a role nobody holds, in both languages', () => {
    const w: WorkflowWarning = {
      path: at,
      code: 'assignee_role_empty',
      message: "Role 'Reviewer' is held by nobody in this company now: its task will wait until someone has it.",
      params: { who: { kind: 'role', id: 'reviewer', name: 'Reviewer' }, table: '' },
    }
    expect(warningText(w, words)).toBe(w.message)
    setLocale('zh-CN')
    expect(warningText(w, words)).toBe('本公司目前没有人拥有角色“Reviewer”：其任务会一直等待，直到有人拥有该角色。')
  })

  it('names five hidden fields and counts the rest', () => {
    const w: WorkflowWarning = {
      path: at,
      code: 'assignee_fields_hidden',
      message: '(server text)',
      params: { who: { kind: 'user', id: 'u1', name: 'Alice' }, table: 'Deals', fields: ['A', 'B', 'C', 'D', 'E', 'F', 'G'] },
    }
    expect(warningText(w, words)).toBe("'Alice' does not see 'A', 'B', 'C', 'D', 'E' and 2 more of 'Deals': the task shows its record without them.")
    setLocale('zh-CN')
    expect(warningText(w, words)).toBe('“Alice”看不到“Deals”的“A”、“B”、“C”、“D”、“E”等另外 2 个字段：任务显示的记录不含这些字段。')
  })

  it("keeps the server's message for a code this build does not know", () => {
    const w = {
      path: at,
      code: 'something_new',
      message: 'A newer server says so.',
      params: { who: { kind: 'role', id: 'x', name: 'X' }, table: 'T' },
    } as unknown as WorkflowWarning
    setLocale('zh-CN')
    expect(warningText(w, words)).toBe('A newer server says so.')
  })

  it("names a built-in role in the reader's language (the server's label is English) and the company's own by its label", () => {
    const warn = (id: string, label: string): WorkflowWarning => ({
      path: ['steps', 0, 'config', 'roles', 0],
      code: 'assignee_cannot_read',
      message: `Role '${label}' may not read 'Payroll': the task will not show them its record.`,
      params: { who: { kind: 'role', id, name: label }, table: 'Payroll' },
    })
    setLocale('zh-CN')
    expect(warningText(warn('member', 'Member'), words)).toBe('角色“成员”无权读取“Payroll”：任务不会向其显示记录。')
    expect(warningText(warn('auditor', 'Auditor'), words)).toBe('角色“Auditor”无权读取“Payroll”：任务不会向其显示记录。')
  })
})
