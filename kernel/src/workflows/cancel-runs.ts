import { arrayLiteral, sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import { settleParent } from './sub-runs.ts'

/** A run cancelled with the others it took down (its sub-runs, theirs, ...): enough for their audit events. */
export interface CancelledRun {
  readonly id: string
  readonly company_id: string
  readonly workflow_id: string
  readonly run_as: string
  readonly trigger: Record<string, unknown>
}

/**
 * Cancels a run and every unfinished run it started, however deep (sub-workflows started by
 * `run-workflow` steps, found by `parent_run_id`), in the caller's transaction: a cancelled
 * parent leaves no child running on with nobody waiting for its end. Their running and waiting
 * steps, open tasks and event waits end with them. The run's own parent (when it is a sub-run)
 * goes on, on its `cancelled` branch. Answers the runs cancelled, the given one first; none when
 * it had already ended.
 */
export async function cancelRunTree(tx: Executor, id: string): Promise<CancelledRun[]> {
  const rows = await tx.query<CancelledRun>(
    sql`with recursive tree(id) as (
          select id from workflow_runs where id = ${id} and status in ('queued', 'running', 'waiting')
          union
          select r.id from workflow_runs r join tree t on r.parent_run_id = t.id where r.status in ('queued', 'running', 'waiting')
        )
        update workflow_runs set status = 'cancelled', finished_at = now(), lease_owner = null, lease_until = null
        where id in (select id from tree) and status in ('queued', 'running', 'waiting')
        returning id, company_id, workflow_id, run_as, trigger`,
  )
  if (!rows.some((r) => r.id === id)) return []
  const ids = arrayLiteral(rows.map((r) => r.id))
  await tx.query(sql`update workflow_run_steps set status = 'cancelled', finished_at = now() where run_id = any(${ids}::uuid[]) and status in ('running', 'waiting')`)
  await tx.query(sql`update workflow_tasks set status = 'cancelled', completed_at = now() where run_id = any(${ids}::uuid[]) and status = 'open'`)
  await tx.query(sql`delete from workflow_event_waits where run_id = any(${ids}::uuid[])`)
  // A parent waiting for this run goes on, on its `cancelled` branch (the sub-runs' parents are cancelled with them).
  await settleParent(tx, id)
  return [...rows.filter((r) => r.id === id), ...rows.filter((r) => r.id !== id)]
}
