import { sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import type { RecordsService } from '../records/records-service.ts'
import { callAction, runActor, type RunRef } from './call-action.ts'
import type { StepDef } from './definition.ts'
import { runEvent } from './run-events.ts'
import { fillVariables } from './variables.ts'
import { waitFor } from './waits.ts'

export interface StepInput {
  readonly runId: string
  readonly path: string
  readonly step: StepDef
  readonly vars: { readonly trigger: unknown; readonly steps: Readonly<Record<string, unknown>> }
  readonly attempt: number
}

export interface StepResult {
  readonly output: Record<string, unknown>
  readonly branch: string | null
  /** The step waits: until a time (ISO), or for its task (the run is resumed when the task settles). */
  readonly wait?: { readonly until: string } | { readonly task: true }
}

interface RunRow extends RunRef {
  readonly workflow_id: string
  readonly version: number
  readonly status: string
  readonly trigger: Record<string, unknown>
}

const TEMPORAL_OWNER = 'temporal'

/**
 * One step of a run executed for the Temporal worker (the interpreter workflow calls it as an
 * activity; Temporal owns retries and timers): the step's rows and audit events are written as the
 * embedded runner writes them, so runs look the same in the API and UI whichever executed them.
 * A failure is stored on the step and thrown for Temporal's retry policy.
 */
export async function runStepActivity(k: KernelContext, records: RecordsService, input: StepInput, signal: AbortSignal): Promise<StepResult> {
  const run = await k.db.one<RunRow>(sql`select id, company_id, run_as, workflow_id, version, status, trigger from workflow_runs where id = ${input.runId}`)
  if (!run) throw codes.KRN_ERR_NOT_FOUND('Workflow run', input.runId)
  if (run.status === 'cancelled') throw codes.KRN_ERR_CONFLICT('the run was cancelled')
  const { step, path, attempt } = input
  const action = k.plugins.registries.actions.get(step.type)
  if (!action) throw codes.KRN_ERR_VALIDATION(`No enabled plugin provides the action '${step.type}'.`)
  const filled = fillVariables(step.config, input.vars)
  await k.db.query(
    sql`insert into workflow_run_steps (run_id, path, step_id, type, status, attempt, input) values (${run.id}, ${path}, ${step.id}, ${step.type}, 'running', ${attempt}, ${JSON.stringify(filled ?? null)}::jsonb)
        on conflict (run_id, path) do update set status = 'running', attempt = excluded.attempt, input = excluded.input, error = null, started_at = now(), finished_at = null`,
  )
  try {
    const outcome = await callAction(k, records, action, run, step, { path, attempt, input: filled, vars: input.vars, actor: await runActor(k, run) }, signal)
    const output = { ...(outcome?.output ?? {}) }
    const branch = outcome?.branch ?? null
    if (outcome?.wait) {
      await k.db.query(sql`update workflow_runs set lease_owner = ${TEMPORAL_OWNER} where id = ${run.id}`)
      await waitFor(k, run, path, step, outcome.wait, output, TEMPORAL_OWNER)
      // Temporal's timer ends the wait: the embedded engine must not take the run up at that time.
      await k.db.query(sql`update workflow_runs set next_at = 'infinity', lease_owner = ${TEMPORAL_OWNER}, lease_until = 'infinity' where id = ${run.id} and status = 'waiting'`)
      return { output, branch, wait: 'until' in outcome.wait ? { until: outcome.wait.until } : { task: true } }
    }
    await k.db.query(
      sql`update workflow_run_steps set status = 'completed', output = ${JSON.stringify(output)}::jsonb, branch = ${branch}, finished_at = now() where run_id = ${run.id} and path = ${path}`,
    )
    await runEvent(k, run, 'workflow.action.executed', { path, type: step.type, attempt, branch, temporal: true })
    return { output, branch }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    await k.db.query(sql`update workflow_run_steps set error = ${JSON.stringify({ message, attempt })}::jsonb where run_id = ${run.id} and path = ${path}`)
    throw err
  }
}

/** A waiting step after its wait: a time wait completes with its output; a task wait answers the task's outcome. */
export async function stepOutcome(k: KernelContext, runId: string, path: string): Promise<StepResult> {
  await k.db.query(sql`update workflow_run_steps set status = 'completed', finished_at = now() where run_id = ${runId} and path = ${path} and status = 'waiting'`)
  const row = await k.db.one<{ output: Record<string, unknown> | null; branch: string | null }>(
    sql`select output, branch from workflow_run_steps where run_id = ${runId} and path = ${path}`,
  )
  return { output: row?.output ?? {}, branch: row?.branch ?? null }
}

/** The end of a run executed by Temporal: its status, error and event. */
export async function finishRunActivity(k: KernelContext, runId: string, status: 'completed' | 'failed', error: Record<string, unknown> | null): Promise<void> {
  const run = await k.db.one<RunRow>(
    sql`update workflow_runs set status = ${status}, error = ${error === null ? null : JSON.stringify(error)}::jsonb, finished_at = now(), lease_owner = null, lease_until = null
        where id = ${runId} and status not in ('completed', 'failed', 'cancelled') returning id, company_id, run_as, workflow_id, version, status, trigger`,
  )
  if (!run) return
  if (error) await k.db.query(sql`update workflow_run_steps set status = 'failed', finished_at = now() where run_id = ${runId} and status = 'running'`)
  await runEvent(k, run, status === 'completed' ? 'workflow.completed' : 'workflow.failed', error ?? { temporal: true })
}
