import { describe, expect, it } from 'vitest'
import { newRule, toDraft, toGrant, toTableRule, missingGrantee } from './rule-draft.ts'

const takesValue = (_field: string, op: string) => !['is_current_user', 'is_empty'].includes(op)

describe('permission rule drafts', () => {
  it('round-trips a table rule: grantee, actions, filters, field matrix', () => {
    const rule = {
      id: 'r1',
      role: 'sales',
      actions: ['view' as const, 'edit' as const],
      readFilter: { and: [{ field: 'createdBy', op: 'is_current_user' }] },
      hiddenFields: ['Secret'],
      readOnlyFields: ['Amount'],
    }
    const d = toDraft(rule)
    expect(d).toMatchObject({ id: 'r1', who: 'role', role: 'sales', fields: { Secret: 'hidden', Amount: 'readOnly' }, editFilter: null })
    expect(toTableRule(d, takesValue)).toEqual({ ...rule })
  })

  it('drops half-built conditions and empty filters, so edit falls back to read', () => {
    const d = newRule()
    d.readFilter = {
      and: [
        { field: 'Status', op: 'eq' },
        { field: 'createdBy', op: 'is_current_user' },
      ],
    }
    d.editFilter = { or: [{ field: 'Status', op: 'eq', value: '' }] }
    const out = toTableRule(d, takesValue)
    expect(out.readFilter).toEqual({ and: [{ field: 'createdBy', op: 'is_current_user' }] })
    expect('editFilter' in out).toBe(false)
    expect(out).toMatchObject({ role: 'member', actions: ['view'], hiddenFields: [], readOnlyFields: [] })
  })

  it('names one member by id, and an app or view grant carries actions only', () => {
    const d = toDraft({ userId: 'u-1', actions: ['view', 'manage'] })
    expect(d.who).toBe('user')
    expect(toGrant(d)).toEqual({ userId: 'u-1', actions: ['view', 'manage'] })
    expect(missingGrantee({ ...d, userId: '' })).toBe(true)
  })
})
