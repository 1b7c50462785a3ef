import { createHash } from 'node:crypto'
import type { Executor } from '../db/executor.ts'
import { coveringIndexSql, fieldIndexSql } from '../ddl/statements.ts'
import { SYSTEM_FIELD_COLUMNS, isSystemField } from '../schema/system-fields.ts'
import type { TableRuntime } from '../schema/table-runtime.ts'

/** System columns every table indexes from the start (the primary key; created_at with id, the default order). */
const ALREADY_INDEXED: ReadonlySet<string> = new Set(['id', 'created_at'])

/** The stored column of a field key (a column id or a system field name); undefined for computed and link fields. */
function storedColumn(rt: TableRuntime, key: string): string | undefined {
  if (isSystemField(key)) return SYSTEM_FIELD_COLUMNS[key].column
  const b = rt.byId.get(key)
  return b?.meta.linkSide ? undefined : (b?.meta.columnName ?? undefined)
}

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
    const column = storedColumn(rt, key)
    if (column && !ALREADY_INDEXED.has(column)) await ex.query(fieldIndexSql(rt.meta.tableName, column))
  }
}

/** A covering index this wide or wider is not made: each column widens every entry the table's writes add. */
const MAX_COVERED = 8
/** Column types a covering index takes: small scalars (arrays and jsonb make wide entries a btree may refuse). */
const COVERABLE: ReadonlySet<string> = new Set(['text', 'numeric', 'boolean', 'date', 'timestamptz', 'uuid', 'smallint', 'integer', 'bigint', 'double precision'])

/**
 * One index over all the columns a row rule's read filter compares, when it compares two or more
 * (issue 17). Per-column indexes serve a narrow rule ("my rows"); a wide one (`createdBy = me OR
 * Status in (todo)`, 40% of the rows) is not helped by them, and its role's counted pages tested
 * every row of the table: ~2x the unfiltered count. With every compared column in one index,
 * PostgreSQL counts the rule's rows by an index-only scan of it, as it counts all rows by a scan of
 * the smallest index (docs/benchmarks.md). Named by the set of columns, so saving the rule again,
 * or another rule over the same columns, finds it made; dropped by PostgreSQL with any of its columns.
 */
export async function indexRuleColumns(ex: Executor, rt: TableRuntime, keys: Iterable<string>): Promise<void> {
  const columns: string[] = []
  for (const key of keys) {
    const column = storedColumn(rt, key)
    const type = isSystemField(key) ? 'scalar' : rt.byId.get(key)?.meta.dataType
    if (!column || !type || (type !== 'scalar' && !COVERABLE.has(type))) return
    if (!columns.includes(column)) columns.push(column)
  }
  if (columns.length < 2 || columns.length > MAX_COVERED) return
  const suffix = `rule_${createHash('sha256')
    .update([...columns].sort().join(','))
    .digest('hex')
    .slice(0, 12)}`
  await ex.query(coveringIndexSql(rt.meta.tableName, suffix, columns))
}
