import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'

/**
 * Completes a waiting step with `output` and `branch` (a task answered, an event received, a
 * child run ended) and wakes its run, in the caller's transaction. Answers false when the step was
 * no longer waiting (settled already: a second answer changes nothing).
 */
export async function settleStep(ex: Executor, runId: string, path: string, output: Readonly<Record<string, unknown>>, branch: string | null): Promise<boolean> {
  const step = await ex.one<{ run_id: string }>(
    sql`update workflow_run_steps set status = 'completed', output = ${JSON.stringify(output)}::jsonb, branch = ${branch}, finished_at = now() where run_id = ${runId} and path = ${path} and status = 'waiting' returning run_id`,
  )
  if (!step) return false
  await wakeRun(ex, runId)
  return true
}

/**
 * Queues a waiting run to go on now. The run's row is locked whatever its status: a run whose
 * executor is still walking other branches (status `running`) parks only after this transaction
 * commits, and then finds the settled step (RunExecutor's park re-check), so no wake is lost.
 * Answers whether the run was waiting.
 */
export async function wakeRun(ex: Executor, runId: string): Promise<boolean> {
  const r = await ex.one<{ woke: boolean }>(
    sql`with old as (select id, status from workflow_runs where id = ${runId} for update)
        update workflow_runs r set
          next_at = case when old.status = 'waiting' then now() else r.next_at end,
          lease_owner = case when old.status = 'waiting' then null else r.lease_owner end,
          lease_until = case when old.status = 'waiting' then null else r.lease_until end,
          status = case when old.status = 'waiting' then 'queued' else r.status end
        from old where r.id = old.id returning old.status = 'waiting' as woke`,
  )
  return r?.woke === true
}
