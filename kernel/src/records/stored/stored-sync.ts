import { eq } from 'drizzle-orm'
import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../../db/executor.ts'
import { dataTableColumns } from '../../db/schema.ts'
import type { TableMeta } from '../../schema/table-model.ts'
import { loadTable } from '../../schema/table-repo.ts'
import { isSideColumn, storedColumnName, storedTableName } from '../../schema/names.ts'
import { ident, isTypeName, typeName } from '../../sql/ident.ts'
import type { ScopeEnv } from '../../schema/scope.ts'
import { recompute } from './recompute.ts'
import { StoredMaintainer } from './stored-maintainer.ts'
import { storedFieldsOf, type StoredField } from '../../schema/stored-fields.ts'
import { pgCode } from '../../db/pg-code.ts'

type Env = Omit<ScopeEnv, 'userId'>

/**
 * Brings the stored values of a group of related tables in line with their fields, inside the
 * schema change's transaction: adds a column for each new stored field, typed as its values are
 * (fixed-width values in the row as `m_<hex>`, defaulting to the value of a record without links;
 * wide ones as `mw_<hex>` in the side table `ms_<hex>`, one row per record holding any, a missing
 * row reading as the empty value); drops those of fields gone or no longer storable; and refills a
 * field whose definition changed (its signature), then what reads it.
 * `refill` picks fields to refill anyway (their inputs were rewritten in place, or written around
 * DocPal). Answers the physical tables whose rows were rewritten (worth a VACUUM once committed).
 */
export async function syncStored(
  tx: Executor,
  companyId: string,
  graph: Map<string, TableMeta>,
  env: (graph: ReadonlyMap<string, TableMeta>) => Env,
  refill: (f: StoredField) => boolean = () => false,
): Promise<Set<string>> {
  let fields = storedFieldsOf(graph.values(), env(graph))
  const wanted = new Map(fields.map((f) => [f.column.id, f]))
  const changedTables = new Set<string>()
  for (const table of graph.values()) {
    for (const c of [...table.columns, ...table.archived]) {
      if (!c.storedColumn || wanted.has(c.id)) continue
      await dropStored(tx, table, c.storedColumn)
      await tx.orm.update(dataTableColumns).set({ storedColumn: null, storedSignature: null }).where(eq(dataTableColumns.id, c.id))
      changedTables.add(table.id)
    }
  }
  for (const f of fields) {
    // Same compiled definition, same value type: the column in place is right.
    if (f.column.storedColumn && f.column.storedSignature === f.signature) continue
    const type = await valueType(tx, f)
    const name = type ? storedColumnName(f.column.id, type) : undefined
    const current = f.column.storedColumn
    if (current && current === name && (await columnType(tx, holder(f.table, current), current)) === type) continue
    if (current) await dropStored(tx, f.table, current)
    if (name && type) {
      if (isSideColumn(name)) {
        await tx.query(
          sql`create table if not exists ${ident(storedTableName(f.table.tableName))} (id uuid primary key references ${ident(f.table.tableName)} (id) on delete cascade)`,
        )
        await tx.query(sql`alter table ${ident(storedTableName(f.table.tableName))} add column ${ident(name)} ${typeName(type)}`)
      } else {
        // In the row: the default is the value of a record without links, so new rows need nothing.
        await tx.query(sql`alter table ${ident(f.table.tableName)} add column ${ident(name)} ${typeName(type)} default (${f.grouped().empty})::${typeName(type)}`)
      }
    }
    await tx.orm
      .update(dataTableColumns)
      .set({ storedColumn: name ?? null, storedSignature: null })
      .where(eq(dataTableColumns.id, f.column.id))
    changedTables.add(f.table.id)
  }
  if (changedTables.size) {
    // Compile again with the columns in place: chained fields now read each other's stored values.
    for (const id of changedTables) graph.set(id, await loadTable(tx, companyId, id))
    fields = storedFieldsOf(graph.values(), env(graph))
  }
  fields = fields.filter((f) => f.column.storedColumn)
  const stale = fields.filter((f) => f.column.storedSignature !== f.signature || refill(f))
  const rewritten = new Set<string>()
  if (!stale.length) return rewritten
  const maintainer = new StoredMaintainer(fields)
  for (const f of dependencyOrder(stale)) {
    const changed = await recompute(tx, [f])
    if (changed.length) rewritten.add(holder(f.table, f.storedColumn))
    // Stored fields that read this one (unchanged themselves) follow its new values.
    await maintainer.rowsChanged(tx, f.table.id, changed, [f.storedColumn])
    await tx.orm.update(dataTableColumns).set({ storedSignature: f.signature }).where(eq(dataTableColumns.id, f.column.id))
  }
  return rewritten
}

/** The physical table holding a stored column: the table itself, or its side table. */
const holder = (t: TableMeta, column: string) => (isSideColumn(column) ? storedTableName(t.tableName) : t.tableName)

async function dropStored(tx: Executor, table: TableMeta, column: string): Promise<void> {
  await tx.query(sql`alter table if exists ${ident(holder(table, column))} drop column if exists ${ident(column)}`)
}

const REFUSED = /^(?:42|22|0A)/

/** The SQL type of a field's values, or undefined when PostgreSQL cannot name one. */
async function valueType(tx: Executor, f: StoredField): Promise<string | undefined> {
  const g = f.grouped()
  // A definition PostgreSQL refuses (one reading a field that is gone reads null, untyped) stays
  // computed on read; the savepoint keeps the schema change's transaction alive.
  try {
    const row = await tx.savepoint((sp) => sp.one<{ t: string }>(sql`select pg_typeof((select x.v from (${g.sql}) x where false))::text as t`))
    const t = row?.t
    return t && t !== 'unknown' && isTypeName(t) ? t : undefined
  } catch (err) {
    // Refused as a query (classes 42: syntax or undefined object, 22: data, 0A: unsupported)
    // is the expected case; a failing connection or server is not, and must surface.
    if (REFUSED.test(pgCode(err))) return undefined
    throw err
  }
}

async function columnType(tx: Executor, table: string, column: string): Promise<string | undefined> {
  const row = await tx.one<{ t: string }>(
    sql`select format_type(a.atttypid, a.atttypmod) as t from pg_attribute a where a.attrelid = to_regclass(${table}) and a.attname = ${column} and not a.attisdropped`,
  )
  return row?.t
}

/** Fields before the fields that read their stored values. */
function dependencyOrder(fields: StoredField[]): StoredField[] {
  const out: StoredField[] = []
  const left = new Set(fields)
  while (left.size) {
    const ready = [...left].filter((f) => ![...left].some((g) => g !== f && f.targetTableId === g.table.id && f.targetColumns.has(g.storedColumn)))
    for (const f of ready.length ? ready : [...left]) {
      out.push(f)
      left.delete(f)
    }
  }
  return out
}
