import { createHash } from 'node:crypto'
import type { AnyFieldType, SQL } from '@docpal/plugin-sdk'
import { compile } from '../db/executor.ts'
import type { ColumnMeta, TableMeta } from './table-model.ts'
import { AliasCounter, TableScope, definitionBroken, newReads, type ScopeEnv } from './scope.ts'
import { present } from '../errors/present.ts'

/**
 * A field whose values are kept in a column of its own table (`m_<hex>`): a relation, lookup or
 * aggregation, anything whose type has a grouped form that reads exactly one link table and the
 * table behind it. Reading a page is then reading columns; the kernel recomputes the values of
 * the affected rows on every write that can change them (see StoredMaintainer).
 */
export interface StoredField {
  readonly table: TableMeta
  readonly column: ColumnMeta
  /** Its column (`m_<hex>` in the row, `mw_<hex>` in the side table); empty until the sync made one. */
  readonly storedColumn: string
  /** The link table it reads, and which end of it is this table's row. */
  readonly link: { readonly table: string; readonly self: 'src' | 'dst' }
  readonly targetTableId: string
  /** Columns of the target table it reads (physical or stored). */
  readonly targetColumns: ReadonlySet<string>
  /** The compiled definition; a different signature means refill (data rewritten in place by a
   * schema change is refilled by the caller). */
  readonly signature: string
  /** `select id, v` of the values over `rows` (a subquery of ids; all rows when absent). */
  grouped(rows?: SQL): { sql: SQL; empty: SQL }
}

// Values that change with the clock or by chance cannot be kept: they are computed on read.
const VOLATILE = /\b(?:now|current_date|current_time|current_timestamp|clock_timestamp|statement_timestamp|transaction_timestamp|localtime|localtimestamp|random|timeofday)\b/i

/** The stored fields among `tables`, each checked to be keepable. */
export function storedFieldsOf(tables: Iterable<TableMeta>, env: Omit<ScopeEnv, 'userId'>): StoredField[] {
  const out: StoredField[] = []
  for (const table of tables) {
    for (const column of table.columns) {
      const ft = env.fieldType(column.type)
      if (!ft?.grouped) continue
      const f = storedField(table, column, ft, env)
      if (f) out.push(f)
    }
  }
  return out
}

function storedField(table: TableMeta, column: ColumnMeta, ft: AnyFieldType, env: Omit<ScopeEnv, 'userId'>): StoredField | undefined {
  const build = (userId: string, counter: AliasCounter, rows?: SQL) => {
    const scope = new TableScope(table, 't', { ...env, userId }, counter)
    return ft.grouped?.(column.config, scope.at(column), rows)
  }
  const reads = newReads()
  let g: { sql: SQL; empty: SQL } | undefined
  let other: { sql: SQL; empty: SQL } | undefined
  try {
    g = build('00000000-0000-4000-8000-000000000001', new AliasCounter(reads))
    other = build('00000000-0000-4000-8000-000000000002', new AliasCounter())
  } catch (err) {
    // A definition that no longer stands is computed on read (where it reads as empty); any other
    // failure is a fault of the field type and must not pass for "not storable".
    if (definitionBroken(ft, column, new TableScope(table, 't', { ...env, userId: '' }, new AliasCounter()).at(column))) return undefined
    throw err
  }
  if (!g || !other) return undefined
  const link = reads.links[0]
  if (reads.links.length !== 1 || !link || link.fromTableId !== table.id || reads.other) return undefined
  const targetTableId = linkTarget(table, link.table, env)
  if (!targetTableId) return undefined
  const readTables = [...reads.columns.keys()]
  if (readTables.some((id) => id !== targetTableId)) return undefined
  const text = compile(g.sql)
  const empty = compile(g.empty)
  if (empty.params.length || VOLATILE.test(text.sql) || VOLATILE.test(empty.sql)) return undefined
  // A value that depends on who asks carries the user id as a parameter: not keepable.
  if (JSON.stringify(text.params) !== JSON.stringify(compile(other.sql).params)) return undefined
  const signature = createHash('sha256')
    .update(JSON.stringify([text.sql, text.params, empty.sql]))
    .digest('hex')
    .slice(0, 32)
  return {
    table,
    column,
    storedColumn: column.storedColumn ?? '',
    link: { table: link.table, self: link.self },
    targetTableId,
    targetColumns: reads.columns.get(targetTableId) ?? new Set(),
    signature,
    grouped: (rows) => present(build('', new AliasCounter(), rows), `the grouped form of field '${column.name}'`),
  }
}

/** The table at the other end of link table `link`, seen from `table`. */
function linkTarget(table: TableMeta, link: string, env: Omit<ScopeEnv, 'userId'>): string | undefined {
  const c = table.columns.find((x) => x.columnName === link && x.linkSide)
  return c ? env.fieldType(c.type)?.links?.(c.config).targetTableId : undefined
}
