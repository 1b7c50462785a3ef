import type { TableMeta } from '@docpal/plugin-sdk/client'

/**
 * The `prefill` query parameter of a new-record form: JSON of values by column name (what a view
 * asks for with `create(fields)`), keyed by column id for the form. Unknown columns and text that
 * is not a JSON object are left out: a link that went stale opens an empty form, not an error.
 */
export function prefillOf(raw: unknown, table: TableMeta): Record<string, unknown> {
  if (typeof raw !== 'string' || raw === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return {}
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
  const out: Record<string, unknown> = {}
  for (const c of table.columns) if (Object.hasOwn(parsed, c.name)) out[c.id] = (parsed as Record<string, unknown>)[c.name]
  return out
}
