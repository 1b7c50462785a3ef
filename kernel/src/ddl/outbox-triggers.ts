import { sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'

/**
 * The statement triggers that copy a table's record writes into `workflow_outbox` inside the
 * writing transaction (functions in migration 20261209100000_workflows.sql). Attached to a table
 * while an enabled workflow watches it; one insert per statement whatever its row count, so bulk
 * writes pay once, and tables nobody watches pay nothing.
 */
export async function attachOutboxTriggers(ex: Executor, table: SQL): Promise<void> {
  await ex.query(sql`create or replace trigger docpal_wf_created after insert on ${table} referencing new table as n for each statement execute function docpal_wf_created()`)
  await ex.query(
    sql`create or replace trigger docpal_wf_updated after update on ${table} referencing old table as o new table as n for each statement execute function docpal_wf_updated()`,
  )
  await ex.query(sql`create or replace trigger docpal_wf_deleted after delete on ${table} referencing old table as o for each statement execute function docpal_wf_deleted()`)
}

export async function detachOutboxTriggers(ex: Executor, table: SQL): Promise<void> {
  await ex.query(sql`drop trigger if exists docpal_wf_created on ${table}`)
  await ex.query(sql`drop trigger if exists docpal_wf_updated on ${table}`)
  await ex.query(sql`drop trigger if exists docpal_wf_deleted on ${table}`)
}

/** Whether `tableName` carries them (a table rebuilt by compaction gets them again). */
export async function hasOutboxTriggers(ex: Executor, tableName: string): Promise<boolean> {
  const row = await ex.one<{ n: number }>(sql`select count(*)::int as n from pg_trigger where tgrelid = to_regclass(${tableName}::text) and tgname = 'docpal_wf_created'`)
  return (row?.n ?? 0) > 0
}
