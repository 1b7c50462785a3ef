/**
 * A stored value as plain text, where no field type displays it (an audit line of no known column,
 * a task's record fields): empty as a dash, lists joined, booleans as a tick or a cross, objects
 * as compact JSON. Unlike the kit's `plainText` it formats nothing for the locale and keeps `false`
 * visible: the value as it was stored.
 */
export function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—'
  if (Array.isArray(v)) return v.map((x) => valueText(x)).join(', ')
  if (typeof v === 'boolean') return v ? '✓' : '✗'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  return JSON.stringify(v)
}
