import type { AuditEntry } from '../../services/audit-api.ts'

/** What a line's values are, where the shell has words for them: a member's role, a field's type. */
export type AuditValueKind = 'role' | 'fieldType'

/** A message key and its parameters: what the display translates. */
export interface AuditWords {
  readonly key: string
  readonly params?: Readonly<Record<string, string>>
}

/**
 * One line of an entry's detail. Record values keep their stored form (option ids, linked ids)
 * with the column they belong to, so the timeline displays them as that column's field type does.
 */
export interface AuditLine {
  readonly field: string
  /** The record column the values are of; absent for schema steps and batch lines. */
  readonly column?: string
  /** Whether the line has an old value (`old` may itself be null: a value set where none was). */
  readonly hasOld: boolean
  readonly old?: unknown
  readonly new?: unknown
  /** A line for one record of a batch: its values by column. */
  readonly cells?: Readonly<Record<string, unknown>>
  /**
   * The field's name in the reader's language (a setting of an app, a view, a member...); absent
   * on a record's lines, whose fields are named by the table's own columns, shown as written.
   */
  readonly label?: AuditWords
  /** Set where the values are words the shell translates (roles, field types), not free text. */
  readonly values?: AuditValueKind
}

/** Records of a batched entry listed in a timeline; the rest are in the API answer. */
const MAX_BATCH_LINES = 20

const valueLines = (values: Readonly<Record<string, unknown>>): AuditLine[] => Object.entries(values).map(([field, v]) => ({ field, column: field, hasOld: false, new: v }))

/**
 * Whether an entry's changes are keyed by a table's columns (a record's), named as the table
 * names them. Every other entry's changes are keyed by the kernel's own setting names (`role`,
 * `name`, `queryConfig`...), which have words in `audit.fields`.
 */
const keyedByColumn = (e: AuditEntry): boolean => e.resourceType === 'record'

/** Settings whose values are role names (members.setRole's `role`). */
const ROLE_FIELDS = new Set(['role'])
/** Schema steps whose from/to are field types (ddl/schema-plan.ts: add, convert). */
const TYPE_STEPS = new Set(['add', 'convert'])

const settingLine = (field: string, c: { old?: unknown; new?: unknown }): AuditLine => ({
  field,
  label: { key: `audit.fields.${field}` },
  hasOld: 'old' in c,
  ...('old' in c ? { old: c.old } : {}),
  new: c.new,
  ...(ROLE_FIELDS.has(field) ? { values: 'role' as const } : {}),
})

/** The lines of an entry's detail: `{field, old?, new}` from changes, values or schema steps. */
export function auditLines(e: AuditEntry): AuditLine[] {
  const m = e.metadata
  if (m.changes && Object.keys(m.changes).length)
    return keyedByColumn(e)
      ? Object.entries(m.changes).map(([field, c]) => ({ field, column: field, hasOld: 'old' in c, ...('old' in c ? { old: c.old } : {}), new: c.new }))
      : Object.entries(m.changes).map(([field, c]) => settingLine(field, c))
  if (m.steps)
    return m.steps.map((s) => ({
      field: `${s.kind}: ${s.column}`,
      label: { key: `audit.steps.${s.kind}`, params: { column: s.column } },
      hasOld: s.from !== undefined,
      ...(s.from !== undefined ? { old: s.from } : {}),
      ...(s.to !== undefined ? { new: s.to } : {}),
      ...(TYPE_STEPS.has(s.kind) ? { values: 'fieldType' as const } : {}),
    }))
  // A member who joined, left or was removed: the role they held (members-service, invitations-service).
  if (!keyedByColumn(e) && typeof m['role'] === 'string') return [settingLine('role', { new: m['role'] })]
  if (m.values) return valueLines(m.values)
  // A batched creation: on a record's timeline (narrowed to it) its values; elsewhere the first records, one line each.
  if (m.records?.length === 1) return valueLines(m.records[0]?.values ?? {})
  // Labelled by place in the batch: ids made in one request share their leading (time) digits.
  if (m.records) return m.records.slice(0, MAX_BATCH_LINES).map((r, i) => ({ field: `#${i + 1}`, hasOld: false, cells: r.values ?? {} }))
  return []
}

/** Every stored value the lines show, by column: what the field types resolve before display. */
export function storedValues(lines: ReadonlyArray<AuditLine>): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>()
  const add = (column: string, v: unknown) => {
    if (v === null || v === undefined) return
    const list = out.get(column) ?? []
    list.push(v)
    out.set(column, list)
  }
  for (const l of lines) {
    if (l.column !== undefined) {
      if (l.hasOld) add(l.column, l.old)
      add(l.column, l.new)
    }
    for (const [column, v] of Object.entries(l.cells ?? {})) add(column, v)
  }
  return out
}
