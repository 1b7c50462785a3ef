/** One cell of an exported row: what a spreadsheet can hold. */
export type ExportCell = string | number | boolean | null

/** What a person reads of an object: a linked record's display, a user's or option's name; its id when it has nothing else. */
const NAMED = ['display', 'name', 'label', 'id'] as const

/**
 * A value of the API's JSON as a person reads it, one cell: linked records, users and options by
 * their display text, lists joined with ', ' (empty items left out), other objects as JSON. The
 * one spelling for exports (CSV, Excel) and for workflow variables written inside text.
 */
export function exportCell(v: unknown): ExportCell {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  if (Array.isArray(v))
    return v
      .map(cellText)
      .filter((x) => x !== '')
      .join(', ')
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    for (const k of NAMED) if (typeof o[k] === 'string' || typeof o[k] === 'number') return o[k]
  }
  return JSON.stringify(v)
}

/** `exportCell` as text: nothing is ''. */
export function cellText(v: unknown): string {
  const c = exportCell(v)
  return c === null ? '' : String(c)
}
