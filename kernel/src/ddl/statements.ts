import { sql, TYPE_SQL, type ColumnDataType, type SQL } from '@docpal/plugin-sdk'
import { COLUMN_DATA_TYPES } from '@docpal/plugin-sdk'
import { codes } from '../errors/codes.ts'
import { ident } from '../sql/ident.ts'
import { indexName, storedTableName } from '../schema/names.ts'

export function dataTypeSql(t: ColumnDataType): SQL {
  // A plugin's `column()` result is data: check it against the whitelist before it becomes DDL.
  if (!(COLUMN_DATA_TYPES as ReadonlyArray<string>).includes(t)) throw codes.KRN_ERR_INVARIANT(`an allowed column data type (a field type's column() gave '${t}')`)
  return TYPE_SQL[t]
}

export function createTableSql(tableName: string, columns: ReadonlyArray<{ columnName: string; dataType: ColumnDataType }>): SQL {
  const user = columns.map((c) => sql`, ${ident(c.columnName)} ${dataTypeSql(c.dataType)}`)
  return sql`create table ${ident(tableName)} (id uuid primary key default gen_random_uuid(), created_at timestamptz not null default now(), updated_at timestamptz not null default now(), created_by uuid${sql.join(user, sql``)})`
}

/** The default order (created_at, id) is served by an index from the start. */
export function createdIndexSql(tableName: string): SQL {
  return sql`create index ${ident(indexName(tableName, 'created'))} on ${ident(tableName)} (created_at, id)`
}

export function addColumnSql(tableName: string, columnName: string, dataType: ColumnDataType): SQL {
  return sql`alter table ${ident(tableName)} add column ${ident(columnName)} ${dataTypeSql(dataType)}`
}

export function fieldIndexSql(tableName: string, columnName: string): SQL {
  return sql`create index if not exists ${ident(indexName(tableName, columnName))} on ${ident(tableName)} (${ident(columnName)}, id)`
}

/**
 * Quick search's index on a text column: trigrams serve `ilike '%text%'` (a btree cannot, the
 * pattern starts with a wildcard). Needs pg_trgm.
 */
export function searchIndexSql(tableName: string, columnName: string): SQL {
  return sql`create index if not exists ${ident(indexName(tableName, `${columnName}_trgm`))} on ${ident(tableName)} using gin (${ident(columnName)} gin_trgm_ops)`
}

/** A search index goes with its column's text: a retype drops it (the new type may not take trigrams). */
export function dropSearchIndexSql(tableName: string, columnName: string): SQL {
  return sql`drop index if exists ${ident(indexName(tableName, `${columnName}_trgm`))}`
}

export function dropTableSql(tableName: string): SQL {
  return sql`drop table if exists ${ident(storedTableName(tableName))}, ${ident(tableName)}`
}

/**
 * A relation's link table: one row per link, both ends indexed, each end a foreign key that
 * cascades, so a deleted record disappears from every link. A single-valued end is unique.
 */
export function linkTableSql(link: string, srcTable: string, dstTable: string, opts: { uniqueSrc: boolean; uniqueDst: boolean }): SQL[] {
  const hex = link.slice(3)
  const out = [
    sql`create table ${ident(link)} (src uuid not null references ${ident(srcTable)} (id) on delete cascade, dst uuid not null references ${ident(dstTable)} (id) on delete cascade, primary key (src, dst))`,
    sql`create index ${ident(`ix_${hex}_dst`)} on ${ident(link)} (dst, src)`,
  ]
  if (opts.uniqueSrc) out.push(sql`create unique index ${ident(`ix_${hex}_one_src`)} on ${ident(link)} (src)`)
  if (opts.uniqueDst) out.push(sql`create unique index ${ident(`ix_${hex}_one_dst`)} on ${ident(link)} (dst)`)
  return out
}
