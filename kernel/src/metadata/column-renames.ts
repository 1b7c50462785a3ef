import type { Actor } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import type { PlanStep } from '../ddl/schema-plan.ts'
import type { TableMeta } from '../schema/table-model.ts'

/** One column renamed by a schema change. */
export interface ColumnRename {
  readonly columnId: string
  readonly from: string
  readonly to: string
}

/**
 * Told of the columns a schema change renames, inside its transaction, before its DDL (so what
 * it writes rolls back with a change that fails). Workflows, a layer above, follow the names.
 */
export type ColumnsRenamed = (tx: Executor, actor: Actor, tableId: string, renamed: ReadonlyArray<ColumnRename>) => Promise<void>

/**
 * The renames of a plan, of live columns only: a restored column takes a new name when its old
 * one is another column's by now, and what named that one must keep naming it.
 */
export function liveRenames(steps: ReadonlyArray<PlanStep>, before: TableMeta): ColumnRename[] {
  const live = new Set(before.columns.map((c) => c.id))
  return steps.flatMap((s) => (s.kind === 'rename' && live.has(s.columnId) ? [{ columnId: s.columnId, from: String(s.from), to: s.name }] : []))
}
