import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { dataTableColumns } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import type { TableMeta } from '../metadata/table-model.ts'
import { MAX_COLUMNS } from '../metadata/inputs.ts'
import { col, ident } from '../sql/ident.ts'
import { newColumnName } from './names.ts'
import type { SchemaPlan, TargetColumn } from './schema-plan.ts'
import { addColumnSql } from './statements.ts'

export interface Conversion {
  readonly columnId: string
  readonly name: string
  readonly from: string
  readonly to: string
  /** Rows holding a value before the change. */
  readonly values: number
  /** Of those, how many would become empty because they do not convert. */
  readonly wouldEmpty: number
}

// Physical columns, archived ones included; PostgreSQL's own ceiling is 1600 (dropped count too).
const MAX_PHYSICAL = 1200

/** How many values each conversion would keep and lose: the dry run's report. */
export async function measureConversions(tx: Executor, table: TableMeta, plan: SchemaPlan): Promise<Conversion[]> {
  const out: Conversion[] = []
  for (const t of plan.target) {
    if (!t.convert || !t.current?.columnName) continue
    const old = col(t.current.columnName)
    const row = await tx.one<{ values: number; lost: number }>(
      sql`select count(${old})::int as values, count(*) filter (where ${old} is not null and (${t.convert}) is null)::int as lost from ${ident(table.tableName)} t`,
    )
    out.push({ columnId: t.id, name: t.name, from: t.current.type, to: t.spec.type, values: row?.values ?? 0, wouldEmpty: row?.lost ?? 0 })
  }
  return out
}

/**
 * Applies a plan inside the caller's transaction: DDL and metadata together. A conversion to a
 * new data type, or one that loses values, writes a fresh column and archives the old one (its
 * values stay restorable); a lossless one in the same data type rewrites in place.
 */
export async function applyPlan(tx: Executor, table: TableMeta, plan: SchemaPlan, conversions: Conversion[]): Promise<void> {
  const physical = table.columns.length + table.archived.length + plan.target.filter((t) => !t.current || t.convert).length
  if (physical > MAX_PHYSICAL || plan.target.length > MAX_COLUMNS) throw codes.KRN_ERR_DDL_TOO_MANY_COLUMNS(MAX_COLUMNS, { path: ['columns'] })
  const lost = new Map(conversions.map((c) => [c.columnId, c.wouldEmpty]))
  const now = new Date().toISOString()
  for (const t of plan.target) {
    if (!t.current) {
      const columnName = t.spec.dataType ? newColumnName() : null
      if (columnName && t.spec.dataType) await tx.query(addColumnSql(table.tableName, columnName, t.spec.dataType))
      await tx.orm.insert(dataTableColumns).values(columnRow(table.id, t, columnName))
      continue
    }
    let columnName = t.current.columnName
    if (t.convert && columnName && t.spec.dataType) {
      const inPlace = t.current.dataType === t.spec.dataType && (lost.get(t.id) ?? 0) === 0
      if (inPlace) {
        await tx.query(sql`update ${ident(table.tableName)} as t set ${ident(columnName)} = ${t.convert} where ${col(columnName)} is distinct from (${t.convert})`)
      } else {
        const fresh = newColumnName()
        await tx.query(addColumnSql(table.tableName, fresh, t.spec.dataType))
        await tx.query(sql`update ${ident(table.tableName)} as t set ${ident(fresh)} = ${t.convert} where ${col(columnName)} is not null`)
        // The old values stay, archived under a new column id, so a regretted change can be undone.
        await tx.orm.insert(dataTableColumns).values({
          id: randomUUID(),
          dataTableId: table.id,
          name: `${t.current.name} (before change to ${t.spec.type})`,
          type: t.current.type,
          config: t.current.config,
          order: t.current.order,
          required: false,
          columnName,
          dataType: t.current.dataType,
          archivedAt: now,
        })
        columnName = fresh
      }
    }
    await tx.orm
      .update(dataTableColumns)
      .set({ name: t.name, type: t.spec.type, config: t.spec.config, order: t.order, required: t.required, columnName, dataType: t.spec.dataType, archivedAt: null, updatedAt: now })
      .where(eq(dataTableColumns.id, t.id))
  }
  for (const a of plan.archive) {
    await tx.orm.update(dataTableColumns).set({ archivedAt: now, updatedAt: now }).where(eq(dataTableColumns.id, a.id))
  }
}

export function columnRow(tableId: string, t: TargetColumn, columnName: string | null) {
  return {
    id: t.id,
    dataTableId: tableId,
    name: t.name,
    type: t.spec.type,
    config: t.spec.config,
    order: t.order,
    required: t.required,
    columnName,
    dataType: t.spec.dataType,
  }
}
