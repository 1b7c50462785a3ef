import { sql, type TaskOutcome } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import { settleStep } from './wait-settle.ts'

/**
 * Settles an open task in the caller's transaction: the task is done, its waiting step completes
 * with the outcome as output and the decision as branch, and the run is queued to go on. Answers
 * false when the task was settled already (a second answer changes nothing).
 */
export async function settleTask(k: KernelContext, tx: Executor, taskId: string, outcome: TaskOutcome): Promise<boolean> {
  const t = await tx.one<{ run_id: string; path: string; company_id: string }>(
    sql`update workflow_tasks set status = 'done', outcome = ${JSON.stringify(outcome)}::jsonb, completed_at = now() where id = ${taskId} and status = 'open' returning run_id, path, company_id`,
  )
  if (!t) return false
  const woke = await settleStep(tx, t.run_id, t.path, { ...outcome }, outcome.decision)
  const run = woke
    ? await tx.one<{ workflow_id: string; run_as: string; trigger: Record<string, unknown> }>(sql`select workflow_id, run_as, trigger from workflow_runs where id = ${t.run_id}`)
    : undefined
  if (run) {
    await k.audit.write(
      tx,
      { userId: outcome.by ?? run.run_as, companyId: t.company_id },
      {
        action: 'workflow.resumed',
        resourceType: 'workflow',
        resourceId: run.workflow_id,
        tableId: typeof run.trigger['tableId'] === 'string' ? run.trigger['tableId'] : null,
        metadata: { runId: t.run_id, path: t.path, taskId, decision: outcome.decision },
      },
    )
  }
  return true
}
