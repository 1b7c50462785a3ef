import { arrayLiteral, sql, type ActionOutcome } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import type { Executor } from '../db/executor.ts'
import type { StepDef } from './definition.ts'
import type { ClaimedRun } from './run-executor.ts'
import { runEvent } from './run-events.ts'

type Wait = NonNullable<ActionOutcome['wait']>

/**
 * A step that waits: until a time (the run sleeps with `next_at` at that time, and the step
 * completes when the run is taken up again), or for a task (the run sleeps until the task is
 * settled: tasks-service completes the step with the task's outcome and queues the run).
 */
export async function waitFor(k: KernelContext, run: ClaimedRun, path: string, step: StepDef, wait: Wait, output: Readonly<Record<string, unknown>>, owner: string): Promise<void> {
  await k.db.transaction(async (tx) => {
    await tx.query(sql`update workflow_run_steps set status = 'waiting', output = ${JSON.stringify(output)}::jsonb where run_id = ${run.id} and path = ${path}`)
    if ('until' in wait) {
      const until = new Date(wait.until)
      const at = Number.isNaN(until.getTime()) ? new Date() : until
      await tx.query(sql`update workflow_runs set status = 'waiting', next_at = ${at}, lease_owner = null, lease_until = null where id = ${run.id} and lease_owner = ${owner}`)
    } else {
      const t = wait.task
      const due = t.dueAt ? new Date(t.dueAt) : null
      await tx.query(
        sql`insert into workflow_tasks (company_id, run_id, path, kind, title, assignee_users, assignee_roles, required, fields, due_at)
            values (${run.company_id}, ${run.id}, ${path}, ${t.kind}, ${t.title.slice(0, 500)}, ${arrayLiteral([...(t.assignees.users ?? [])])}::uuid[], ${arrayLiteral([...(t.assignees.roles ?? [])])}::text[],
                    ${t.required === 'all' ? null : (t.required ?? 1)}, ${t.fields ? JSON.stringify(t.fields) : null}::jsonb, ${due && !Number.isNaN(due.getTime()) ? due : null})`,
      )
      await tx.query(sql`update workflow_runs set status = 'waiting', next_at = 'infinity', lease_owner = null, lease_until = null where id = ${run.id} and lease_owner = ${owner}`)
    }
  })
  await runEvent(k, run, 'workflow.paused', { path, type: step.type, ...('until' in wait ? { until: wait.until } : { task: wait.task.kind }) })
}

/** A waiting step the run came back to: a time wait is over; a task wait whose task is still open keeps waiting. */
export async function waitOver(ex: Executor, runId: string, path: string): Promise<boolean> {
  const open = await ex.one(sql`select 1 from workflow_tasks where run_id = ${runId} and path = ${path} and status = 'open' limit 1`)
  if (open) return false
  await ex.query(sql`update workflow_run_steps set status = 'completed', finished_at = now() where run_id = ${runId} and path = ${path} and status = 'waiting'`)
  return true
}
