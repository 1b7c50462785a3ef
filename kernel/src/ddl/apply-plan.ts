import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { dataTableColumns, dataTables } from '../db/schema.ts'
import { codes } from '../errors/codes.ts'
import type { ColumnMeta, TableMeta } from '../schema/table-model.ts'
import { findTable } from '../schema/table-repo.ts'
import type { FieldTypeLookup } from '../schema/field-types.ts'
import { col, ident } from '../sql/ident.ts'
import { newColumnName } from '../schema/names.ts'
import { hasStored, storedJoin } from '../schema/scope.ts'
import type { SchemaPlan, TargetColumn } from './schema-plan.ts'
import { addColumnSql, createdIndexSql, createTableSql, dropSearchIndexSql, linkTableSql } from './statements.ts'
import type { Pipeline } from '../db/pipeline.ts'
import { present } from '../errors/present.ts'
import type { DdlFacts } from './ddl-facts.ts'
import { archiveColumns, insertColumns, updateColumns, type ColumnRow } from './column-rows.ts'
import { sameConfig } from './column-spec.ts'

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
// PostgreSQL refuses the 1,601st attribute of a table; a few stay free for the conversions of one change.
const PG_MAX_ATTRIBUTES = 1590

/**
 * For `update <table> as t set ...<from> where <where> and ...`: lets a conversion read the row's
 * stored values (alias `tm`, as record queries name them) through a second reference to the table.
 */
function storedFrom(table: TableMeta): { from: SQL; where: SQL } {
  if (!hasStored(table)) return { from: sql``, where: sql`true` }
  return { from: sql` from ${ident(table.tableName)} x${storedJoin(table, 'x', 'tm')}`, where: sql`x.id = t.id` }
}

/** How many values each conversion would keep and lose: the dry run's report. */
export async function measureConversions(tx: Executor, table: TableMeta, plan: SchemaPlan, which: (t: TargetColumn) => boolean = () => true): Promise<Conversion[]> {
  const out: Conversion[] = []
  for (const t of plan.target) {
    if (!t.convert || !t.source || !t.current || !which(t)) continue
    const row = await tx.one<{ values: number; lost: number }>(
      sql`select count(${t.source})::int as values, count(*) filter (where (${t.source}) is not null and (${t.convert}) is null)::int as lost from ${ident(table.tableName)} t${storedJoin(table, 't')}`,
    )
    out.push({ columnId: t.id, name: t.name, from: t.current.type, to: t.spec.type, values: row?.values ?? 0, wouldEmpty: row?.lost ?? 0 })
  }
  return out
}

function linkTableName(columnId: string): string {
  return `lk_${columnId.replace(/-/g, '').slice(0, 16)}`
}

/** Keeps a column's old physical values, archived under a new column id, so a change can be undone. */
function archivedCopy(table: TableMeta, current: ColumnMeta, why: string): ColumnRow & { archived: true } {
  return {
    id: randomUUID(),
    dataTableId: table.id,
    name: `${current.name} (before change to ${why})`,
    type: current.type,
    config: current.config,
    order: current.order,
    required: false,
    columnName: current.columnName,
    dataType: current.dataType,
    archived: true,
  }
}

/**
 * Applies a plan inside the caller's transaction: DDL and metadata together. A conversion to a
 * new data type, or one that loses values, writes a fresh column and archives the old one (its
 * values stay restorable); a lossless one in the same data type rewrites in place (one to another
 * data type was already rewritten by convertInPlace: `convertedInPlace`). A relation field gets a
 * link table and, on its target, the field of the other side. Statements that need no answer go
 * into `pipe`, which the caller flushes (with its next reads, sharing their round trip).
 */
export async function applyPlan(
  tx: Executor,
  fieldTypes: FieldTypeLookup,
  table: TableMeta,
  plan: SchemaPlan,
  conversions: Conversion[],
  opts: { create?: boolean; maxColumns: number; convertedInPlace?: ReadonlySet<string>; facts: DdlFacts; pipe: Pipeline },
): Promise<string[]> {
  const { pipe, facts } = opts
  const inPlace = opts.convertedInPlace ?? new Set<string>()
  const adding = plan.target.filter((t) => !t.current || (t.convert && !inPlace.has(t.id))).length
  const physical = table.columns.length + table.archived.length + adding
  if (physical > MAX_PHYSICAL || plan.target.length > opts.maxColumns) throw codes.KRN_ERR_DDL_TOO_MANY_COLUMNS(opts.maxColumns, { path: ['columns'] })
  // PostgreSQL's own count: every column the table ever had, dropped ones included, until compacted.
  if (!opts.create && adding > 0 && facts.slots + adding > PG_MAX_ATTRIBUTES) throw codes.KRN_ERR_DDL_TABLE_NEEDS_COMPACTION(table.name, facts.slots, { path: ['columns'] })
  const lost = new Map(conversions.map((c) => [c.columnId, c.wouldEmpty]))
  const now = new Date().toISOString()
  const inserts: ColumnRow[] = []
  const archived: string[] = plan.archive.map((a) => a.id)
  const updates: ColumnRow[] = []
  // Columns that become searchable text here (added, retyped or restored) get their search index.
  const searchable: string[] = []
  if (opts.create) {
    const cols = plan.target.flatMap((t) => (t.spec.dataType && !t.spec.fieldType.links ? [{ t, dataType: t.spec.dataType }] : []))
    const names = new Map(cols.map(({ t }) => [t.id, `f_${t.id.replace(/-/g, '').slice(0, 16)}`]))
    pipe.query(
      createTableSql(
        table.tableName,
        cols.map(({ t, dataType }) => ({ columnName: present(names.get(t.id), 'a new column name'), dataType })),
      ),
    )
    pipe.query(createdIndexSql(table.tableName))
  }
  for (const t of plan.target) {
    if (opts.create || !t.current) {
      if (t.spec.fieldType.links) {
        // Its statements wait for the table it links (created above): send those first.
        await pipe.flush()
        await addLinks(tx, fieldTypes, table, t, now)
        continue
      }
      const columnName = t.spec.dataType ? (opts.create ? `f_${t.id.replace(/-/g, '').slice(0, 16)}` : newColumnName()) : null
      if (columnName && t.spec.dataType && !opts.create) pipe.query(addColumnSql(table.tableName, columnName, t.spec.dataType))
      if (columnName && t.spec.fieldType.traits?.searchIndex) searchable.push(columnName)
      inserts.push(columnRow(table.id, t, columnName))
      continue
    }
    let columnName = t.current.columnName
    const wasPhysical = columnName !== null && t.current.linkSide === null
    if (inPlace.has(t.id)) {
      // Already rewritten by convertInPlace (ALTER ... TYPE): only the metadata follows.
    } else if (t.convert && t.spec.dataType) {
      const sameType = wasPhysical && t.current.dataType === t.spec.dataType && (lost.get(t.id) ?? 0) === 0
      // sameType implies wasPhysical, so columnName is known; the check repeats it for the compiler.
      if (sameType && columnName !== null) {
        const s = storedFrom(table)
        pipe.query(
          sql`update ${ident(table.tableName)} as t set ${ident(columnName)} = ${t.convert}${s.from} where ${s.where} and ${col(columnName)} is distinct from (${t.convert})`,
        )
      } else {
        const fresh = newColumnName()
        // The old column is archived: its search index would only slow the refill below and every later write.
        if (wasPhysical && columnName !== null) pipe.query(dropSearchIndexSql(table.tableName, columnName))
        pipe.query(addColumnSql(table.tableName, fresh, t.spec.dataType))
        const s = storedFrom(table)
        pipe.query(sql`update ${ident(table.tableName)} as t set ${ident(fresh)} = ${t.convert}${s.from} where ${s.where} and (${t.source}) is not null`)
        if (wasPhysical) {
          const copy = archivedCopy(table, t.current, t.spec.type)
          inserts.push(copy)
          archived.push(copy.id)
        }
        columnName = fresh
      }
    } else if (wasPhysical && !t.spec.dataType && !t.spec.fieldType.links) {
      // Stored -> computed: the stored values stay, archived; the field now computes.
      const copy = archivedCopy(table, t.current, t.spec.type)
      inserts.push(copy)
      archived.push(copy.id)
      columnName = null
    }
    // Restored columns too: a column archived by a retype lost its search index.
    if (columnName && t.spec.fieldType.traits?.searchIndex && (t.convert || t.current.type !== t.spec.type || t.current.archivedAt)) searchable.push(columnName)
    const row = columnRow(table.id, t, columnName)
    const c = t.current
    const unchanged =
      !c.archivedAt &&
      c.name === row.name &&
      c.type === row.type &&
      sameConfig(c.config, row.config) &&
      c.order === row.order &&
      c.required === row.required &&
      c.columnName === row.columnName &&
      c.dataType === row.dataType
    if (!unchanged) updates.push(row)
  }
  insertColumns(pipe, inserts)
  updateColumns(pipe, updates, now)
  // Archived copies are inserted first, then marked with the removed columns.
  archiveColumns(pipe, archived, now)
  for (const a of plan.archive) {
    // Removing either side of a relation removes the other (the links stay, restorable).
    if (a.linkSide && a.columnName) {
      await pipe.flush()
      await tx.orm
        .update(dataTableColumns)
        .set({ archivedAt: now, updatedAt: now })
        .where(and(eq(dataTableColumns.columnName, a.columnName)))
    }
  }
  // Quick search's trigram indexes, built after the commit (buildSearchIndexes): a GIN build reads
  // every row, which made adding a column cost ~0.3 ms per 1,000 rows. Without pg_trgm, search reads the table.
  return facts.trigram ? searchable : []
}

/** A relation field: its link table, its metadata, and the field of the other side on the target. */
async function addLinks(tx: Executor, fieldTypes: FieldTypeLookup, table: TableMeta, t: TargetColumn, now: string): Promise<void> {
  const ft = t.spec.fieldType
  if (!ft.links) throw codes.KRN_ERR_INVARIANT(`the links of relation field '${t.name}'`)
  const links = ft.links(t.spec.config)
  const target = links.targetTableId === table.id ? table : await findTable(tx, table.companyId, links.targetTableId)
  if (!target)
    throw codes.KRN_ERR_VALIDATION(`The linked table '${links.targetTableId}' does not exist in this company.`, { path: ['columns', t.order, 'config', 'targetTableId'] })
  const reverse = ft.reverseLink?.(t.spec.config, { sourceTableId: table.id, sourceTableName: table.name, fieldId: t.id, fieldName: t.name })
  const reverseMany = reverse ? ft.links(parseReverse(fieldTypes, t.spec.type, reverse.config)).many : true
  const lk = linkTableName(t.id)
  for (const q of linkTableSql(lk, table.tableName, target.tableName, { uniqueSrc: !links.many, uniqueDst: !reverseMany })) await tx.query(q)
  await tx.orm.insert(dataTableColumns).values({ ...columnRow(table.id, t, lk), linkSide: 'src' })
  if (!reverse) return
  const taken = new Set([...(target.id === table.id ? [] : target.columns.map((c) => c.name.toLowerCase())), t.name.toLowerCase()])
  let name = reverse.name
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${reverse.name} (${n})`
  await tx.orm.insert(dataTableColumns).values({
    id: randomUUID(),
    dataTableId: target.id,
    name,
    type: t.spec.type,
    config: parseReverse(fieldTypes, t.spec.type, reverse.config),
    order: target.id === table.id ? t.order + 1 : target.columns.length,
    required: false,
    columnName: lk,
    dataType: null,
    linkSide: 'dst',
    createdAt: now,
    updatedAt: now,
  })
  if (target.id !== table.id)
    await tx.orm
      .update(dataTables)
      .set({ version: target.version + 1, updatedAt: now })
      .where(eq(dataTables.id, target.id))
}

function parseReverse(fieldTypes: FieldTypeLookup, type: string, config: unknown): unknown {
  return present(fieldTypes.get(type), `field type '${type}'`).config.parse(config)
}

export function columnRow(tableId: string, t: TargetColumn, columnName: string | null): ColumnRow {
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
