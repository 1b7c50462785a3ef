import { sql, type SQL } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'

/** The writes a table's outbox copies: one statement trigger each (functions in migration 20261209100000_workflows.sql). */
export type OutboxOp = 'created' | 'updated' | 'deleted'
export const OUTBOX_OPS: ReadonlyArray<OutboxOp> = ['created', 'updated', 'deleted']

/**
 * The statement triggers that copy a table's record writes into `workflow_outbox` inside the
 * writing transaction. A table carries the trigger of each kind of write some enabled workflow
 * listens to, and no other: one insert per statement whatever its row count, so bulk writes pay
 * once, and writes nobody listens to pay nothing.
 */
export async function setOutboxTriggers(ex: Executor, table: SQL, ops: ReadonlySet<OutboxOp>): Promise<void> {
  if (ops.has('created'))
    await ex.query(sql`create or replace trigger docpal_wf_created after insert on ${table} referencing new table as n for each statement execute function docpal_wf_created()`)
  else await ex.query(sql`drop trigger if exists docpal_wf_created on ${table}`)
  if (ops.has('updated')) {
    await ex.query(
      sql`create or replace trigger docpal_wf_updated after update on ${table} referencing old table as o new table as n for each statement execute function docpal_wf_updated()`,
    )
  } else await ex.query(sql`drop trigger if exists docpal_wf_updated on ${table}`)
  if (ops.has('deleted'))
    await ex.query(sql`create or replace trigger docpal_wf_deleted after delete on ${table} referencing old table as o for each statement execute function docpal_wf_deleted()`)
  else await ex.query(sql`drop trigger if exists docpal_wf_deleted on ${table}`)
}

/** The kinds of write `tableName` copies now (a table rebuilt by compaction gets the same again). */
export async function outboxOps(ex: Executor, tableName: string): Promise<Set<OutboxOp>> {
  const rows = await ex.query<{ name: string }>(
    sql`select tgname::text as name from pg_trigger where tgrelid = to_regclass(${tableName}::text) and tgname::text like 'docpal_wf_%'`,
  )
  return new Set(OUTBOX_OPS.filter((op) => rows.some((r) => r.name === `docpal_wf_${op}`)))
}
