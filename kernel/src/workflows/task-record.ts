import { DocPalError } from '@docpal/plugin-sdk'
import type { Actor } from '../context.ts'
import type { RecordsService } from '../records/records-service.ts'

/** The record a task is about, as its assignee may read it. */
export type TaskRecordView = { readable: true; fields: Record<string, unknown> } | { readable: false }

/** Answers that mean "not for this person" (a row or table rule, or the record deleted), not a fault. */
const UNREADABLE = new Set(['KRN_ERR_NOT_FOUND', 'KRN_ERR_PERMISSION_DENIED'])

const READ_AT_ONCE = 4

export const taskRecordKey = (r: { tableId: string; recordId: string }): string => `${r.tableId}/${r.recordId}`

/**
 * Reads each task's record as the one who answers the task, by field name with values as labels,
 * so an approver decides from the task itself: their row and field rules apply as on any read (a
 * hidden column is not in `fields`). A record those rules keep from them, or one deleted since
 * the run started, is `readable: false`, so the inbox says so instead of linking to a page that
 * answers "not found". Any other failure goes on up. Records shared by several tasks are read once.
 */
export async function taskRecords(records: RecordsService, actor: Actor, refs: ReadonlyArray<{ tableId: string; recordId: string } | null>): Promise<Map<string, TaskRecordView>> {
  const keys = new Map<string, { tableId: string; recordId: string }>()
  for (const r of refs) if (r) keys.set(taskRecordKey(r), r)
  const out = new Map<string, TaskRecordView>()
  const read = async ([key, r]: [string, { tableId: string; recordId: string }]) => {
    try {
      const record = JSON.parse(await records.get(actor, r.tableId, r.recordId, 'name', 'label')) as { fields: Record<string, unknown> }
      out.set(key, { readable: true, fields: record.fields })
    } catch (err) {
      if (!(err instanceof DocPalError && UNREADABLE.has(err.code))) throw err
      out.set(key, { readable: false })
    }
  }
  // A few at a time: an inbox of 200 tasks must not take every pooled connection.
  const all = [...keys]
  for (let i = 0; i < all.length; i += READ_AT_ONCE) await Promise.all(all.slice(i, i + READ_AT_ONCE).map(read))
  return out
}
