import type { Executor } from '../db/executor.ts'
import { fieldIndexSql } from '../ddl/statements.ts'
import { SYSTEM_FIELD_COLUMNS, isSystemField } from '../schema/system-fields.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'

/** System columns every table indexes from the start (the primary key; created_at with id, the default order). */
const ALREADY_INDEXED: ReadonlySet<string> = new Set(['id', 'created_at'])

/**
 * Indexes the stored columns a view or a row rule sorts, groups or filters by (column ids or
 * system field names such as `createdBy`), in the caller's transaction: idempotent, so saving
 * the same view or rule again costs a catalogue lookup. Computed and link columns have no
 * column of their own and are skipped. A rule's filter is part of every page its role reads,
 * which is why rules index their columns the way views do (issue 17: a member's counted page
 * with `createdBy = me OR Status = todo` is a bitmap scan instead of a scan of every row).
 */
export async function indexFields(ex: Executor, rt: TableRuntime, keys: Iterable<string>): Promise<void> {
  for (const key of keys) {
    const column = isSystemField(key) ? SYSTEM_FIELD_COLUMNS[key].column : rt.byId.get(key)?.meta.columnName
    if (column && !ALREADY_INDEXED.has(column)) await ex.query(fieldIndexSql(rt.meta.tableName, column))
  }
}
