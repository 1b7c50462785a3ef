import { api, fetchTable, orderedColumns, type ColumnInfo, type RecordData } from '@docpal/plugin-sdk/client'
import { linksOf, remember } from './links.ts'

/** Linked ids looked up in one request: a page of history names far fewer. */
const MAX_IDS = 500

/**
 * Stored links (lists of record ids, as the audit log keeps them) as the API answers them,
 * `[{id, display}]`: one query of the target table for the display field of every id. A record
 * since deleted, or one the reader may not see, keeps its id as its text.
 */
export async function resolveLinks(values: ReadonlyArray<unknown>, column: ColumnInfo): Promise<unknown[]> {
  const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : v == null ? [] : [v])
  const target = column.config['targetTableId']
  const ids = [...new Set(values.flatMap(listOf).filter((v): v is string => typeof v === 'string'))].slice(0, MAX_IDS)
  if (typeof target === 'string' && ids.length) {
    const table = await fetchTable(target)
    const displayId = column.config['displayFieldId']
    const field = (typeof displayId === 'string' ? table.columns.find((c) => c.id === displayId) : undefined) ?? orderedColumns(table)[0]
    const { records } = await api.post<{ records: RecordData[] }>(
      `/api/tables/${target}/records/query`,
      { limit: ids.length, filter: { and: [{ field: 'id', op: 'in', value: ids }] }, ...(field ? { fields: [field.id] } : {}) },
      { fieldKey: 'id' },
    )
    for (const r of records) remember(r.id, field ? r.fields[field.id] : null)
  }
  return values.map((v) => linksOf(listOf(v)))
}
