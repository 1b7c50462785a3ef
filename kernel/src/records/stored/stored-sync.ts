import { eq } from 'drizzle-orm'
import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../../db/executor.ts'
import { dataTableColumns } from '../../db/schema.ts'
import type { TableMeta } from '../../metadata/table-model.ts'
import { loadTable } from '../../metadata/table-repo.ts'
import { storedTableName } from '../../ddl/names.ts'
import { ident, isTypeName, typeName } from '../../sql/ident.ts'
import type { ScopeEnv } from '../scope.ts'
import { recompute } from './recompute.ts'
import { StoredMaintainer } from './stored-maintainer.ts'
import { storedFieldsOf, type StoredField } from './stored-fields.ts'

type Env = Omit<ScopeEnv, 'userId'>

/**
 * Brings the stored values of a group of related tables in line with their fields, inside the
 * schema change's transaction: adds `m_<hex>` columns to a table's side table (`ms_<hex>`, one row
 * per record holding any; a missing row reads as the empty values) for new stored fields, typed as
 * their values are; drops those of fields gone or no longer storable; and refills a field whose
 * definition changed (its signature), then what reads it.
 * `refill` picks fields to refill anyway (their inputs were rewritten in place, or written around
 * DocPal). Answers the physical tables whose rows were rewritten (worth a VACUUM once committed).
 */
export async function syncStored(tx: Executor, companyId: string, graph: Map<string, TableMeta>, env: (graph: ReadonlyMap<string, TableMeta>) => Env, refill: (f: StoredField) => boolean = () => false): Promise<Set<string>> {
  let fields = storedFieldsOf(graph.values(), env(graph))
  const wanted = new Map(fields.map((f) => [f.column.id, f]))
  const changedTables = new Set<string>()
  for (const table of graph.values()) {
    for (const c of [...table.columns, ...table.archived]) {
      if (!c.storedColumn || wanted.has(c.id)) continue
      await tx.query(sql`alter table if exists ${side(table)} drop column if exists ${ident(c.storedColumn)}`)
      await tx.orm.update(dataTableColumns).set({ storedColumn: null, storedSignature: null }).where(eq(dataTableColumns.id, c.id))
      changedTables.add(table.id)
    }
  }
  for (const f of fields) {
    const type = await valueType(tx, f)
    const current = f.column.storedColumn ? await columnType(tx, storedTableName(f.table.tableName), f.column.storedColumn) : undefined
    if (current === type) continue
    if (current !== undefined) await tx.query(sql`alter table ${side(f.table)} drop column ${ident(f.storedColumn)}`)
    if (!type) {
      if (f.column.storedColumn) await tx.orm.update(dataTableColumns).set({ storedColumn: null, storedSignature: null }).where(eq(dataTableColumns.id, f.column.id))
    } else {
      await tx.query(sql`create table if not exists ${side(f.table)} (id uuid primary key references ${ident(f.table.tableName)} (id) on delete cascade)`)
      await tx.query(sql`alter table ${side(f.table)} add column ${ident(f.storedColumn)} ${typeName(type)}`)
      await tx.orm.update(dataTableColumns).set({ storedColumn: f.storedColumn, storedSignature: null }).where(eq(dataTableColumns.id, f.column.id))
    }
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
    if (changed.length) rewritten.add(storedTableName(f.table.tableName))
    // Stored fields that read this one (unchanged themselves) follow its new values.
    await maintainer.rowsChanged(tx, f.table.id, changed, [f.storedColumn])
    await tx.orm.update(dataTableColumns).set({ storedSignature: f.signature }).where(eq(dataTableColumns.id, f.column.id))
  }
  return rewritten
}

const side = (t: TableMeta) => ident(storedTableName(t.tableName))

/** The SQL type of a field's values, or undefined when PostgreSQL cannot name one. */
async function valueType(tx: Executor, f: StoredField): Promise<string | undefined> {
  const g = f.grouped()
  // A definition PostgreSQL refuses (one reading a field that is gone reads null, untyped) stays
  // computed on read; the savepoint keeps the schema change's transaction alive.
  try {
    const row = await tx.savepoint((sp) => sp.one<{ t: string }>(sql`select pg_typeof((select x.v from (${g.sql}) x where false))::text as t`))
    const t = row?.t
    return t && t !== 'unknown' && isTypeName(t) ? t : undefined
  } catch {
    return undefined
  }
}

async function columnType(tx: Executor, table: string, column: string): Promise<string | undefined> {
  const row = await tx.one<{ t: string }>(sql`select format_type(a.atttypid, a.atttypmod) as t from pg_attribute a where a.attrelid = to_regclass(${table}) and a.attname = ${column} and not a.attisdropped`)
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
