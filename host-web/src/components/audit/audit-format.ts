import type { AuditEntry } from '../../services/audit-api.ts'

/** A logged value as a person reads it: empty as a dash, lists joined, objects as compact JSON. */
export function auditValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—'
  if (Array.isArray(v)) return v.map((x) => auditValue(x)).join(', ')
  if (typeof v === 'boolean') return v ? '✓' : '✗'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  return JSON.stringify(v)
}

/** The lines of an entry's detail: `{field, old?, new?}` from changes, values or schema steps. */
export function auditLines(e: AuditEntry): Array<{ field: string; old?: string; new?: string }> {
  const m = e.metadata
  if (m.changes && Object.keys(m.changes).length)
    return Object.entries(m.changes).map(([field, c]) => ({ field, ...('old' in c ? { old: auditValue(c.old) } : {}), new: auditValue(c.new) }))
  if (m.steps)
    return m.steps.map((s) => ({
      field: `${s.kind}: ${s.column}`,
      ...(s.from !== undefined ? { old: auditValue(s.from) } : {}),
      ...(s.to !== undefined ? { new: auditValue(s.to) } : {}),
    }))
  if (m.values) return Object.entries(m.values).map(([field, v]) => ({ field, new: auditValue(v) }))
  return []
}
