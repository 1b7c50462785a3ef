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

/** Records of a batched entry listed in a timeline; the rest are in the API answer. */
const MAX_BATCH_LINES = 20

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
  // A batched creation: on a record's timeline (narrowed to it) its values; elsewhere the first records, one line each.
  if (m.records?.length === 1) return Object.entries(m.records[0]?.values ?? {}).map(([field, v]) => ({ field, new: auditValue(v) }))
  if (m.records) return m.records.slice(0, MAX_BATCH_LINES).map((r) => ({ field: r.id.slice(0, 8), new: auditValue(r.values ?? {}) }))
  return []
}
