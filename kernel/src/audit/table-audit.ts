import type { TableMeta } from '../schema/table-model.ts'
import type { AuditEntry } from './audit-entry.ts'

/** A step of a schema plan (ddl/schema-plan.ts `PlanStep`), as much as the entry lists. */
interface PlanStep {
  readonly kind: string
  readonly columnId: string
  readonly name: string
  readonly from?: unknown
  readonly to?: unknown
}

/** What a table update sets besides columns (metadata/table-row.ts `TablePatch`). */
interface TableChange {
  readonly name?: string
  readonly description?: string | null
  readonly form?: unknown
  readonly userCardView?: unknown
  readonly detailView?: unknown
}

/**
 * The entry of a table change: `table.schema.update` with the plan's steps (columns added,
 * removed, renamed, retyped) when columns changed, else `table.update` for name, description and
 * layouts; undefined when the request changed nothing.
 */
export function tableAuditEntry(before: TableMeta, patch: TableChange, steps: ReadonlyArray<PlanStep>): AuditEntry | undefined {
  const changes: Record<string, { old: unknown; new: unknown }> = {}
  if (patch.name !== undefined && patch.name !== before.name) changes['name'] = { old: before.name, new: patch.name }
  if (patch.description !== undefined && patch.description !== before.description) changes['description'] = { old: before.description, new: patch.description }
  const layouts = (['form', 'userCardView', 'detailView'] as const).filter((k) => patch[k] !== undefined)
  if (!steps.length && !Object.keys(changes).length && !layouts.length) return undefined
  const metadata: Record<string, unknown> = { changes }
  if (layouts.length) metadata['layouts'] = layouts
  if (steps.length)
    metadata['steps'] = steps.map((s) => ({
      kind: s.kind,
      columnId: s.columnId,
      column: s.name,
      ...(s.from !== undefined ? { from: s.from } : {}),
      ...(s.to !== undefined ? { to: s.to } : {}),
    }))
  return {
    action: steps.length ? 'table.schema.update' : 'table.update',
    resourceType: 'table',
    resourceId: before.id,
    resourceName: patch.name ?? before.name,
    tableId: before.id,
    metadata,
  }
}
