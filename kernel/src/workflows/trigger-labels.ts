import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import type { Logger } from '../logger.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'

/** A triggering record's values as a person reads them: `trigger.labels` of a run. */
export interface TriggerLabels {
  readonly record: Record<string, unknown>
  /** The changed fields' values before an update. */
  readonly before?: Record<string, unknown>
}

/** A committed row (physical column names, as the outbox copied it) and, for an update, the row before and the changed field names. */
export interface LabelledWrite {
  readonly row: Record<string, unknown>
  readonly old?: Record<string, unknown> | undefined
  readonly changed?: ReadonlyArray<string>
}

/**
 * The writes' values as the API answers them with `cellFormat=label`: options by label, linked
 * records by their display (the links as they are now: the outbox copies the row, not its links),
 * users by name. `{{trigger.record.Stage}}` written into an email then reads "Won", not the option's
 * id; a whole-value variable keeps the stored value (variables.ts). The rows are rebuilt from their
 * JSON as rows of the table's type and rendered by the same SQL as a read, one query per table and
 * slice, in a savepoint: when it fails (a field type's plugin disabled since), the runs go on with
 * stored values, and the failure is logged with the table.
 */
export async function triggerLabels(ex: Executor, logger: Logger, rt: TableRuntime, writes: ReadonlyArray<LabelledWrite>): Promise<Array<TriggerLabels | undefined>> {
  if (!writes.length) return []
  const rows: Array<Record<string, unknown>> = []
  for (const w of writes) rows.push(w.row, ...(w.old ? [w.old] : []))
  const query = sql`select (${rt.recordJson('name', undefined, undefined, 'label')})::text as r
    from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) with ordinality as e(v, n)
    cross join lateral jsonb_populate_record(null::${rt.physical}, e.v) t${rt.storedJoin} order by e.n`
  let read: Array<{ r: string }>
  try {
    read = await ex.savepoint((sp) => sp.query<{ r: string }>(query))
  } catch (err) {
    logger.warn('workflow runs get stored values for text: the record labels could not be read', { table: rt.meta.id, err: err instanceof Error ? err.message : String(err) })
    return writes.map(() => undefined)
  }
  const fields = read.map((x) => (JSON.parse(x.r) as { fields: Record<string, unknown> }).fields)
  let i = 0
  return writes.map((w) => {
    const record = fields[i++] ?? {}
    if (!w.old) return { record }
    const was = fields[i++] ?? {}
    return { record, before: Object.fromEntries((w.changed ?? []).map((name) => [name, was[name] ?? null])) }
  })
}
