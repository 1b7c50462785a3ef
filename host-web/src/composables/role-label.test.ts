import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '@docpal/plugin-sdk/client'
import { installMessages, setLocale } from '../i18n/install.ts'
import { isBuiltInRole, roleLabel } from './role-label.ts'

installMessages()
afterEach(() => setLocale('en'))
const t = (key: string) => i18n.global.t(key)

describe("a role's name for people", () => {
  it('words owner, admin and member in the page language, whatever label the server sent', () => {
    setLocale('zh-CN')
    expect(roleLabel({ name: 'owner', label: 'Owner', builtIn: true }, t)).toBe('所有者')
    expect(roleLabel({ name: 'admin', label: 'Admin', builtIn: true }, t)).toBe('管理员')
    // Known by name alone (a member's role, an invitation's): built in all the same.
    expect(roleLabel({ name: 'member', label: 'Member' }, t)).toBe('成员')
    setLocale('en')
    expect(roleLabel({ name: 'member', label: 'MEMBER' }, t)).toBe('Member')
  })

  it("keeps the company's own roles' labels", () => {
    setLocale('zh-CN')
    expect(roleLabel({ name: 'sales_lead', label: 'Sales lead', builtIn: false }, t)).toBe('Sales lead')
    expect(roleLabel({ name: 'auditor', label: '审计员' }, t)).toBe('审计员')
    expect(isBuiltInRole('sales_lead')).toBe(false)
    expect(isBuiltInRole('member')).toBe(true)
  })
})
