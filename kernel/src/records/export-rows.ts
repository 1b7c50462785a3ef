/** One cell of an exported row: what a spreadsheet can hold. */
export type ExportCell = string | number | boolean | null

/** Rows per page read for an export: big enough to amortise the query, small enough to keep memory flat. */
export const EXPORT_PAGE = 1_000

interface PageJson {
  records: Array<{ fields: Record<string, unknown> }>
  nextCursor?: string
}

/** A value of the API's JSON as one cell: linked records, users and options by their display text. */
export function exportCell(v: unknown): ExportCell {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  if (Array.isArray(v)) return v.map((x) => String(exportCell(x) ?? '')).join(', ')
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    for (const k of ['display', 'name', 'label', 'id']) if (typeof o[k] === 'string' || typeof o[k] === 'number') return o[k]
  }
  return JSON.stringify(v)
}

/**
 * The rows of a list (a table's or a view's, with the request's filter, sort, search and fields)
 * for an export: the header first (column names, in the answer's order), then one row per
 * record, read page by page with the keyset cursor so memory stays flat at any size. Values come
 * as the API answers them with `cellFormat=label` (select options by label).
 */
export async function* exportRows(
  pageOf: (raw: Record<string, unknown>) => Promise<string>,
  request: Record<string, unknown>,
  columns: readonly string[],
): AsyncGenerator<ExportCell[]> {
  const base = { ...request, limit: EXPORT_PAGE, offset: 0, count: 'none', cellFormat: 'label', fieldKey: 'name' }
  let header: string[] | undefined
  let cursor: string | undefined
  do {
    const page = JSON.parse(await pageOf(cursor ? { ...base, cursor } : base)) as PageJson
    if (!header) {
      header = page.records[0] ? Object.keys(page.records[0].fields) : [...columns]
      yield header
    }
    for (const r of page.records) yield header.map((name) => exportCell(r.fields[name]))
    cursor = page.nextCursor
  } while (cursor)
}
