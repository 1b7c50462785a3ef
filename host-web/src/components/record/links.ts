import type { ColumnInfo } from '@docpal/plugin-sdk/client'

export interface RecordLink {
  id: string
  display: string
}

/**
 * The linked records of a value, when the column points at another table (`config.targetTableId`)
 * and the value has the API's link shape `[{id, display}]`; otherwise null. Read from the config
 * and the value, so any field type that links records gets links.
 */
export function linksOf(column: ColumnInfo, value: unknown): { tableId: string; links: RecordLink[] } | null {
  const tableId = column.config['targetTableId']
  if (typeof tableId !== 'string' || !Array.isArray(value)) return null
  const links: RecordLink[] = []
  for (const v of value) {
    if (!v || typeof v !== 'object' || typeof (v as { id?: unknown }).id !== 'string') return null
    const { id, display } = v as { id: string; display?: unknown }
    links.push({ id, display: display == null || display === '' ? id.slice(0, 8) : typeof display === 'string' ? display : JSON.stringify(display) })
  }
  return { tableId, links }
}
