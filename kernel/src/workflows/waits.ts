import { arrayLiteral, sql, type StepWait } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import type { Executor } from '../db/executor.ts'
import type { StepDef } from './definition.ts'
import type { RunRef } from './call-action.ts'
import { runEvent } from './run-events.ts'
import { childOutcome, LIVE } from './sub-runs.ts'
import { settleStep } from './wait-settle.ts'

/** When a waiting run should look again: at a time, or only when something settles its wait. */
export type Wake = Date | 'never'

/** What the step row keeps of its wait (the `wait` column), so any process can tell whether it is over. */
type StoredWait = { until: string } | { task: true } | { run: string } | { event: { name: string; key: string | null; until?: string | undefined } }

const MAX_NAME = 200

function dateOr(iso: string | undefined, fallback: Wake): Wake {
  if (iso === undefined) return fallback
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? new Date() : d
}

/**
 * A step that waits: the step row is stored `waiting` with its output and what it waits for, and
 * the thing waited for is made (a task, an event subscription, the link from a child run). The
 * run itself is parked by its executor once every branch under way has stopped (parallel
 * branches go on while one waits). Answers when the run should look again.
 */
export async function waitFor(
  k: KernelContext,
  run: RunRef & { readonly workflow_id: string; readonly trigger: Record<string, unknown> },
  path: string,
  step: StepDef,
  wait: StepWait,
  output: Readonly<Record<string, unknown>>,
): Promise<Wake> {
  const stored: StoredWait = 'task' in wait ? { task: true } : wait
  const wake = await k.db.transaction(async (tx): Promise<Wake> => {
    await tx.query(
      sql`update workflow_run_steps set status = 'waiting', output = ${JSON.stringify(output)}::jsonb, wait = ${JSON.stringify(stored)}::jsonb where run_id = ${run.id} and path = ${path}`,
    )
    if ('until' in wait) return dateOr(wait.until, new Date())
    if ('task' in wait) {
      const t = wait.task
      const due = t.dueAt ? new Date(t.dueAt) : null
      await tx.query(
        sql`insert into workflow_tasks (company_id, run_id, path, kind, title, assignee_users, assignee_roles, required, fields, due_at)
            values (${run.company_id}, ${run.id}, ${path}, ${t.kind}, ${t.title.slice(0, 500)}, ${arrayLiteral([...(t.assignees.users ?? [])])}::uuid[], ${arrayLiteral([...(t.assignees.roles ?? [])])}::text[],
                    ${t.required === 'all' ? null : (t.required ?? 1)}, ${t.fields ? JSON.stringify(t.fields) : null}::jsonb, ${due && !Number.isNaN(due.getTime()) ? due : null})`,
      )
      return 'never'
    }
    if ('run' in wait) {
      const child = await tx.one<{ status: string }>(
        sql`update workflow_runs set parent_run_id = ${run.id}, parent_path = ${path} where id = ${wait.run} and company_id = ${run.company_id} returning status`,
      )
      if (!child) throw codes.KRN_ERR_VALIDATION(`The step waits for workflow run ${wait.run}, which this company does not have.`)
      // It ended before the wait began: the step completes at once.
      if (!LIVE.includes(child.status)) return (await settleFromChild(tx, run.id, path, wait.run)) ? new Date() : 'never'
      return 'never'
    }
    const e = wait.event
    if (!e.name || e.name.length > MAX_NAME) throw codes.KRN_ERR_VALIDATION(`An event name is 1 to ${MAX_NAME} characters.`)
    const due = e.until === undefined ? 'never' : dateOr(e.until, new Date())
    await tx.query(
      sql`insert into workflow_event_waits (run_id, path, company_id, name, key, due_at) values (${run.id}, ${path}, ${run.company_id}, ${e.name}, ${e.key}, ${due === 'never' ? null : due})
          on conflict (run_id, path) do update set name = excluded.name, key = excluded.key, due_at = excluded.due_at`,
    )
    return due
  })
  await runEvent(k, run, 'workflow.paused', { path, type: step.type, wait: stored })
  return wake
}

async function settleFromChild(ex: Executor, runId: string, path: string, childId: string): Promise<boolean> {
  const outcome = await childOutcome(ex, childId)
  return outcome ? settleStep(ex, runId, path, outcome.output, outcome.branch) : false
}

/**
 * A waiting step its run came back to (woken by a time, or by another branch): over when its time
 * has come, its child run has ended or its event's time ran out (settled here with branch
 * `timeout`). Tasks and events that arrive complete the step themselves (wait-settle.ts).
 */
export async function waitOver(ex: Executor, runId: string, path: string): Promise<{ over: true } | { over: false; wake: Wake }> {
  const row = await ex.one<{ status: string; wait: StoredWait | null }>(sql`select status, wait from workflow_run_steps where run_id = ${runId} and path = ${path}`)
  if (!row || row.status !== 'waiting') return { over: true }
  const w = row.wait
  if (w === null || 'task' in w) {
    const open = await ex.one(sql`select 1 from workflow_tasks where run_id = ${runId} and path = ${path} and status = 'open' limit 1`)
    if (open) return { over: false, wake: 'never' }
  } else if ('until' in w) {
    const at = dateOr(w.until, new Date())
    if (at !== 'never' && at.getTime() > Date.now()) return { over: false, wake: at }
  } else if ('run' in w) {
    return (await settleFromChild(ex, runId, path, w.run)) ? { over: true } : { over: false, wake: 'never' }
  } else {
    const due = dateOr(w.event.until, 'never')
    if (due === 'never' || due.getTime() > Date.now()) return { over: false, wake: due }
    const gone = await ex.one(sql`delete from workflow_event_waits where run_id = ${runId} and path = ${path} returning run_id`)
    if (gone)
      await ex.query(
        sql`update workflow_run_steps set status = 'completed', branch = 'timeout', finished_at = now() where run_id = ${runId} and path = ${path} and status = 'waiting'`,
      )
    return { over: true }
  }
  await ex.query(sql`update workflow_run_steps set status = 'completed', finished_at = now() where run_id = ${runId} and path = ${path} and status = 'waiting'`)
  return { over: true }
}
