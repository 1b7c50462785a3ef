import { api, ApiError, fetchTable, orderedColumns, type RecordData } from '@docpal/plugin-sdk/client'
import { remember } from './links.ts'

export interface Candidate {
  readonly id: string
  readonly label: string
}

const PAGE = 20

/**
 * Records of the target table whose display field contains `text`, with their display text. The
 * display field is the configured one, else the target's first column (as the server decides).
 * A display field without a `contains` operator (a number, say) is searched on this page only.
 */
export async function searchRecords(targetTableId: string, displayFieldId: string | undefined, text: string): Promise<Candidate[]> {
  const table = await fetchTable(targetTableId)
  const field = (displayFieldId ? table.columns.find((c) => c.id === displayFieldId) : undefined) ?? orderedColumns(table)[0]
  const query = (filter?: unknown) =>
    api.post<{ records: RecordData[] }>(
      `/api/tables/${targetTableId}/records/query`,
      { limit: PAGE, ...(field ? { fields: [field.id] } : {}), ...(filter ? { filter } : {}) },
      { fieldKey: 'id' },
    )
  const label = (r: RecordData) => remember(r.id, field ? r.fields[field.id] : null)
  const q = text.trim()
  if (!q || !field) return (await query()).records.map((r) => ({ id: r.id, label: label(r) }))
  try {
    return (await query({ and: [{ field: field.id, op: 'contains', value: q }] })).records.map((r) => ({ id: r.id, label: label(r) }))
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 400) throw err
    const all = (await query()).records.map((r) => ({ id: r.id, label: label(r) }))
    return all.filter((c) => c.label.toLowerCase().includes(q.toLowerCase()))
  }
}
