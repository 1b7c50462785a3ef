/**
 * What a run was about, in a few words, for the runs list (a page of 18 runs started in the same
 * minute by an import reads alike otherwise): the triggering record by its first field (the one
 * the grid shows first), else its first text value; a manual run's inputs; null when neither.
 */
export function runSubject(trigger: Readonly<Record<string, unknown>>, primaryField?: string): string | null {
  const record = asObject(trigger['record'])
  if (record) {
    const primary = primaryField !== undefined ? text(record[primaryField]) : null
    const values = Object.values(record)
    // Without the table's first field: its first text, else its first value of any kind.
    const first = values.find((v) => typeof v === 'string' && v.trim() !== '')
    return primary ?? text(first) ?? values.map(text).find((v) => v !== null) ?? null
  }
  const input = asObject(trigger['input'])
  if (input) {
    const parts = Object.entries(input)
      .map(([k, v]) => [k, text(v)] as const)
      .filter((e): e is readonly [string, string] => e[1] !== null)
      .slice(0, 3)
    return parts.length ? parts.map(([k, v]) => `${k}: ${v}`).join(', ') : null
  }
  return null
}

const asObject = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null)

/** A value as short text: text and numbers as they are, linked records and lists by their display values. */
function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.length > 60 ? `${v.slice(0, 60)}…` : v
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  if (Array.isArray(v)) {
    const parts = v.map((x) => text(asObject(x)?.['display'] ?? asObject(x)?.['name'] ?? x)).filter((x): x is string => x !== null)
    return parts.length ? parts.join(', ') : null
  }
  return null
}
