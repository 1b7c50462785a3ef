import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../services/audit-api.ts'
import { auditLines, storedValues } from './audit-format.ts'
import { actionLabel } from './action-label.ts'

const entry = (metadata: AuditEntry['metadata']): AuditEntry => ({
  id: 'e',
  action: 'record.update',
  resourceType: 'record',
  resourceId: 'r',
  resourceName: 'Tasks',
  tableId: 't',
  userId: 'u',
  userName: 'Ada',
  metadata,
  ipAddress: null,
  userAgent: null,
  requestId: null,
  createdAt: '2026-12-04T10:00:00.000Z',
})

describe('audit entry formatting', () => {
  it('lists changes as old -> new with their column, created values as new only, schema steps by kind', () => {
    expect(auditLines(entry({ changes: { Name: { old: 'A', new: 'B' }, Links: { new: ['x'] } } }))).toEqual([
      { field: 'Name', column: 'Name', hasOld: true, old: 'A', new: 'B' },
      { field: 'Links', column: 'Links', hasOld: false, new: ['x'] },
    ])
    expect(auditLines(entry({ values: { Qty: 1 } }))).toEqual([{ field: 'Qty', column: 'Qty', hasOld: false, new: 1 }])
    expect(auditLines(entry({ steps: [{ kind: 'rename', column: 'Size', from: 'Size', to: 'Weight' }] }))).toEqual([
      { field: 'rename: Size', label: { key: 'audit.steps.rename', params: { column: 'Size' } }, hasOld: true, old: 'Size', new: 'Weight' },
    ])
    expect(auditLines(entry({ steps: [{ kind: 'add', column: 'Size', to: 'number' }] }))).toEqual([
      { field: 'add: Size', label: { key: 'audit.steps.add', params: { column: 'Size' } }, hasOld: false, new: 'number', values: 'fieldType' },
    ])
    expect(auditLines(entry({ changes: {} }))).toEqual([])
    // A batched creation: one record (a record's timeline) shows its values; many, a line per record.
    expect(auditLines(entry({ via: 'bulk', count: 9, records: [{ id: 'r1', values: { Qty: 2 } }] }))).toEqual([{ field: 'Qty', column: 'Qty', hasOld: false, new: 2 }])
    const batch = auditLines(
      entry({
        records: [
          { id: '0123456789', values: { Qty: 2, Stage: 'opt_a' } },
          { id: 'abcdefghij', values: {} },
        ],
      }),
    )
    expect(batch).toEqual([
      { field: '#1', hasOld: false, cells: { Qty: 2, Stage: 'opt_a' } },
      { field: '#2', hasOld: false, cells: {} },
    ])
    // What the field types resolve before display: every stored value, by column; nulls left out.
    expect(storedValues([...batch, ...auditLines(entry({ changes: { Stage: { old: null, new: 'opt_b' } } }))])).toEqual(
      new Map<string, unknown[]>([
        ['Qty', [2]],
        ['Stage', ['opt_a', 'opt_b']],
      ]),
    )
  })

  it("names a setting's change by a message key, not as a record's column; a member's role as a role", () => {
    const member = { ...entry({ changes: { role: { old: 'admin', new: 'member' } } }), action: 'member.update', resourceType: 'member', tableId: null }
    expect(auditLines(member)).toEqual([{ field: 'role', label: { key: 'audit.fields.role' }, hasOld: true, old: 'admin', new: 'member', values: 'role' }])
    const joined = { ...entry({ role: 'admin', email: 'bea@example.com' }), action: 'member.join', resourceType: 'member', tableId: null }
    expect(auditLines(joined)).toEqual([{ field: 'role', label: { key: 'audit.fields.role' }, hasOld: false, new: 'admin', values: 'role' }])
    const view = { ...entry({ changes: { name: { old: 'A', new: 'B' } } }), action: 'view.update', resourceType: 'view' }
    expect(auditLines(view)).toEqual([{ field: 'name', label: { key: 'audit.fields.name' }, hasOld: true, old: 'A', new: 'B' }])
    // A record's own "role" column stays the table's word.
    expect(auditLines(entry({ role: 'x', values: { Qty: 1 } }))).toEqual([{ field: 'Qty', column: 'Qty', hasOld: false, new: 1 }])
  })

  it("labels known actions in the reader's language and shows unknown ones as written", () => {
    const t = (key: string) => (key === 'audit.action.record_update' ? 'changed' : key)
    expect(actionLabel(t, 'record.update')).toBe('changed')
    expect(actionLabel(t, 'workflow.triggered')).toBe('workflow.triggered')
  })
})
