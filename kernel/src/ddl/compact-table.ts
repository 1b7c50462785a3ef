import { outboxOps, setOutboxTriggers } from './outbox-triggers.ts'
import { randomBytes } from 'node:crypto'
import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { codes } from '../errors/codes.ts'
import { catalogDefinition, ident } from '../sql/ident.ts'
import { attributeSlots } from './purge-archived.ts'

/**
 * Rebuilds a table so that PostgreSQL's dropped attributes stop counting against its 1,600-slot
 * ceiling (a dropped column keeps its slot for the table's life; no VACUUM frees it). In the
 * caller's transaction, under the schema lock and an exclusive lock on the table: a copy with the
 * live columns (defaults, NOT NULL and checks kept) takes the rows, the old table goes, the copy
 * takes its name, and its primary key, indexes and the foreign keys other tables (link tables,
 * the stored-values side table) hold on it are recreated, names included. A failure anywhere
 * rolls everything back.
 */
export async function compactTable(tx: Executor, tableName: string): Promise<{ slotsBefore: number; slotsAfter: number }> {
  const slotsBefore = await attributeSlots(tx, tableName)
  const table = ident(tableName)
  await tx.query(sql`lock table ${table} in access exclusive mode`)
  const regclass = sql`to_regclass(${tableName}::text)`
  const own = await tx.query<{ name: string; def: string }>(
    sql`select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = ${regclass} and contype in ('p', 'u') order by conname`,
  )
  // Indexes other than the constraints' own; pg_get_indexdef names the table, which the copy takes.
  const indexes = await tx.query<{ def: string }>(
    sql`select pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = ${regclass} and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid) order by c.relname`,
  )
  const referencing = await tx.query<{ owner: string; name: string; def: string }>(
    sql`select r.relname as owner, k.conname as name, pg_get_constraintdef(k.oid) as def from pg_constraint k join pg_class r on r.oid = k.conrelid where k.confrelid = ${regclass} and k.contype = 'f' and k.conrelid <> k.confrelid order by k.conname`,
  )
  const watched = await outboxOps(tx, tableName)
  const copy = ident(`${tableName.slice(0, 15)}_${randomBytes(8).toString('hex')}`)
  for (const f of referencing) await tx.query(sql`alter table ${ident(f.owner)} drop constraint ${ident(f.name)}`)
  await tx.query(sql`create table ${copy} (like ${table} including defaults including constraints including generated including identity)`)
  await tx.query(sql`insert into ${copy} select * from ${table}`)
  await tx.query(sql`drop table ${table}`)
  await tx.query(sql`alter table ${copy} rename to ${table}`)
  // Definitions PostgreSQL printed from its own catalogue (no user input), replayed as they were.
  for (const c of own) await tx.query(sql`alter table ${table} add constraint ${ident(c.name)} ${catalogDefinition(c.def)}`)
  for (const i of indexes) await tx.query(catalogDefinition(i.def))
  if (watched.size) await setOutboxTriggers(tx, table, watched)
  for (const f of referencing) await tx.query(sql`alter table ${ident(f.owner)} add constraint ${ident(f.name)} ${catalogDefinition(f.def)}`)
  const slotsAfter = await attributeSlots(tx, tableName)
  if (slotsAfter > slotsBefore) throw codes.KRN_ERR_INVARIANT(`compaction of ${tableName} to use no more attribute slots than before`)
  return { slotsBefore, slotsAfter }
}
