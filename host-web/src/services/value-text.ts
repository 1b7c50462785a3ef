/**
 * A stored value as plain text, where no field type displays it (an audit line of no known column,
 * a task's record fields): empty as a dash, lists joined, booleans as a tick or a cross, a linked
 * record or a user by name, other objects as compact JSON. Unlike the kit's `plainText` it formats nothing for the locale and keeps `false`
 * visible: the value as it was stored.
 */
export function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—'
  if (Array.isArray(v)) return v.map((x) => valueText(x)).join(', ')
  if (typeof v === 'boolean') return v ? '✓' : '✗'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  // A linked record or a user as the API answers them ({id, display} / {id, name}): its name.
  const named = v as { id?: unknown; display?: unknown; name?: unknown }
  if (typeof named.display === 'string') return named.display
  if (typeof named.name === 'string' && named.id !== undefined) return named.name
  return JSON.stringify(v)
}
