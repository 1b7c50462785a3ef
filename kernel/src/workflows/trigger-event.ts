import type { TriggerEvent } from '@docpal/plugin-sdk'
import { physicalColumn } from '../schema/table-model.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'
import { same, type ChangeFacts } from './conditions.ts'

/** One outbox row: a record write of a watched table, as committed. */
export interface OutboxRow {
  readonly id: string
  readonly table_name: string
  readonly op: 'created' | 'updated' | 'deleted'
  readonly row_new: Record<string, unknown> | null
  readonly row_old: Record<string, unknown> | null
}

export interface RecordWrite {
  readonly event: TriggerEvent
  readonly recordId: string
  /** The committed row (deletes: the row before), physical column names. */
  readonly row: Record<string, unknown>
  readonly facts: ChangeFacts
  /** Changed field names (updates). */
  readonly changed: string[]
  /** Field name -> value before, for the changed fields (updates). */
  readonly before: Record<string, unknown> | undefined
  /** Field name -> stored value (deletes: the record as it was). */
  readonly values: Record<string, unknown>
}

/** What an outbox row says, in the table's field names and ids. */
export function recordWrite(rt: TableRuntime, o: OutboxRow): RecordWrite {
  const row = (o.op === 'deleted' ? o.row_old : o.row_new) ?? {}
  const recordId = String(row['id'])
  const after: Record<string, unknown> = {}
  const values: Record<string, unknown> = {}
  let before: Record<string, unknown> | undefined
  let beforeById: Record<string, unknown> | undefined
  const changed: string[] = []
  const changedIds: string[] = []
  for (const b of rt.byId.values()) {
    if (!b.meta.columnName || b.meta.linkSide) continue
    const col = physicalColumn(b.meta)
    const v = row[col] ?? null
    after[b.meta.id] = v
    values[b.meta.name] = v
    if (o.op === 'updated' && o.row_old && !same(o.row_old[col], v)) {
      before ??= {}
      beforeById ??= {}
      before[b.meta.name] = o.row_old[col] ?? null
      beforeById[b.meta.id] = o.row_old[col] ?? null
      changed.push(b.meta.name)
      changedIds.push(b.meta.id)
    }
  }
  const companyId = rt.meta.companyId
  const userId = typeof row['created_by'] === 'string' ? row['created_by'] : ''
  const base = { tableId: rt.meta.id, recordId, companyId, userId }
  const event: TriggerEvent =
    o.op === 'created'
      ? { name: 'record.created', payload: base }
      : o.op === 'updated'
        ? { name: 'record.updated', payload: { ...base, changed: changedIds, changedNames: changed } }
        : { name: 'record.deleted', payload: base }
  return { event, recordId, row, facts: { before: o.op === 'updated' ? (beforeById ?? {}) : undefined, after }, changed, before, values }
}
