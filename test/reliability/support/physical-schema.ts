import { sql } from '@docpal/plugin-sdk'
import type { Database } from '@docpal/kernel'

/** PostgreSQL's own spelling (format_type) of each column data type DocPal creates. */
const PG_TYPE: Record<string, string> = { timestamptz: 'timestamp with time zone' }

interface MetaColumn {
  table_id: string
  table_name: string
  id: string
  name: string
  column_name: string | null
  data_type: string | null
  link_side: string | null
  stored_column: string | null
}

/**
 * The metadata against the introspected physical schema (pg_class / pg_attribute): every table and
 * column the metadata names exists with its data type, link and stored-value tables exist, and no
 * data table or user column exists that the metadata does not name. Answers the differences.
 */
export async function schemaMismatches(db: Database): Promise<string[]> {
  const out: string[] = []
  const tables = await db.query<{ id: string; table_name: string }>(sql`select id, table_name from data_tables`)
  const relations = new Set(
    (
      await db.query<{ relname: string }>(
        sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'`,
      )
    ).map((r) => r.relname),
  )
  const attrs = await db.query<{ relname: string; attname: string; type: string }>(
    sql`select c.relname, a.attname, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped and (c.relname like 'dt\\_%' or c.relname like 'ms\\_%')`,
  )
  const physical = new Map<string, string>(attrs.map((a) => [`${a.relname}.${a.attname}`, a.type]))
  const known = new Set(tables.map((t) => t.table_name))
  for (const t of tables) if (!relations.has(t.table_name)) out.push(`table ${t.id}: physical table ${t.table_name} is missing`)
  for (const r of relations) if (r.startsWith('dt_') && !known.has(r)) out.push(`physical table ${r} has no metadata`)
  const columns = await db.query<MetaColumn>(
    sql`select t.id as table_id, t.table_name, c.id, c.name, c.column_name, c.data_type, c.link_side, c.stored_column from data_table_columns c join data_tables t on t.id = c.data_table_id`,
  )
  const named = new Set<string>()
  for (const c of columns) {
    const where = `column '${c.name}' (${c.id}) of ${c.table_name}`
    if (c.column_name && c.link_side) {
      if (!relations.has(c.column_name)) out.push(`${where}: link table ${c.column_name} is missing`)
    } else if (c.column_name) {
      named.add(`${c.table_name}.${c.column_name}`)
      const type = physical.get(`${c.table_name}.${c.column_name}`)
      const want = c.data_type ? (PG_TYPE[c.data_type] ?? c.data_type) : undefined
      if (type === undefined) out.push(`${where}: physical column ${c.column_name} is missing`)
      else if (type !== want) out.push(`${where}: metadata says ${String(c.data_type)}, the column is ${type}`)
    }
    if (c.stored_column) {
      const holder = c.stored_column.startsWith('mw_') ? `ms_${c.table_name.slice(-16)}` : c.table_name
      named.add(`${holder}.${c.stored_column}`)
      if (!physical.has(`${holder}.${c.stored_column}`)) out.push(`${where}: stored column ${holder}.${c.stored_column} is missing`)
    }
  }
  // A user column (f_, m_, mw_) of a data table or its side table that no metadata row names is an orphan.
  const ownerOf = new Map(tables.flatMap((t) => [[t.table_name, t.table_name] as const, [`ms_${t.table_name.slice(-16)}`, t.table_name] as const]))
  for (const a of attrs) {
    if (/^(f|m|mw)_[0-9a-f]+$/.test(a.attname) && ownerOf.has(a.relname) && !named.has(`${a.relname}.${a.attname}`))
      out.push(`physical column ${a.relname}.${a.attname} (${a.type}) has no metadata`)
  }
  return out
}
