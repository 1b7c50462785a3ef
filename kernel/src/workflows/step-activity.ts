import { sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import type { RecordsService } from '../records/records-service.ts'
import { callAction, runActor, type RunRef } from './call-action.ts'
import type { StepDef } from './definition.ts'
import { runEvent } from './run-events.ts'
import { completeStep, fanOf, noteStepError, type Fan } from './step-rows.ts'
import { settleParent } from './sub-runs.ts'
import { fillVariables } from './variables.ts'
import { waitFor, waitOver } from './waits.ts'
import { stepFailure } from './step-failure.ts'

export interface StepInput {
  readonly runId: string
  readonly path: string
  readonly step: StepDef
  readonly vars: { readonly trigger: unknown; readonly steps: Readonly<Record<string, unknown>>; readonly loop?: Readonly<Record<string, unknown>> }
  readonly attempt: number
}

export interface StepResult {
  readonly output: Record<string, unknown>
  readonly branch: string | null
  /** What the step fans out into: a loop's items, or every branch at once. */
  readonly fan?: Fan | null
  /**
   * The step waits: look again at `until` (ISO; null: only when signalled). Histories written
   * before waits generalised hold `{until}` for time waits and `{task: true}` for the rest.
   */
  readonly wait?: { readonly until?: string | null; readonly task?: true }
}

interface RunRow extends RunRef {
  readonly workflow_id: string
  readonly version: number
  readonly status: string
  readonly trigger: Record<string, unknown>
}

const TEMPORAL_OWNER = 'temporal'

async function stepRow(k: KernelContext, runId: string, path: string): Promise<{ status: string } & StepResult> {
  const row = await k.db.one<{ status: string; output: Record<string, unknown> | null; branch: string | null; fan: Fan | null }>(
    sql`select status, output, branch, fan from workflow_run_steps where run_id = ${runId} and path = ${path}`,
  )
  return { status: row?.status ?? 'missing', output: row?.output ?? {}, branch: row?.branch ?? null, fan: row?.fan ?? null }
}

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
  if (!action) throw codes.KRN_ERR_WORKFLOW_ACTION_UNAVAILABLE(step.type)
  const filled = fillVariables(step.config, input.vars)
  await k.db.query(
    sql`insert into workflow_run_steps (run_id, path, step_id, type, status, attempt, input) values (${run.id}, ${path}, ${step.id}, ${step.type}, 'running', ${attempt}, ${JSON.stringify(filled ?? null)}::jsonb)
        on conflict (run_id, path) do update set status = 'running', attempt = excluded.attempt, input = excluded.input, error = null, started_at = now(), finished_at = null`,
  )
  try {
    const outcome = await callAction(k, records, action, run, step, { path, attempt, input: filled, vars: input.vars, actor: await runActor(k, run) }, signal)
    const output = { ...(outcome?.output ?? {}) }
    const branch = outcome?.branch ?? null
    const fan = fanOf(outcome)
    if (outcome?.wait) {
      const wake = await waitFor(k, run, path, step, outcome.wait, output)
      // Temporal's timer or signal ends the wait: the embedded engine must not take the run up meanwhile.
      await k.db.query(
        sql`update workflow_runs set status = 'waiting', next_at = 'infinity', lease_owner = ${TEMPORAL_OWNER}, lease_until = 'infinity' where id = ${run.id} and status in ('running', 'waiting')`,
      )
      // Settled before the run was marked waiting (its settler found it running): no signal will come.
      const now = await stepRow(k, run.id, path)
      if (now.status !== 'waiting') return { output: now.output, branch: now.branch, fan: now.fan ?? null }
      return { output, branch, fan, wait: { until: wake === 'never' ? null : wake.toISOString() } }
    }
    await completeStep(k.db, run.id, path, { output, branch, fan })
    await runEvent(k, run, 'workflow.action.executed', { path, type: step.type, attempt, branch, temporal: true })
    return { output, branch, fan }
  } catch (err) {
    await noteStepError(k.db, run.id, path, stepFailure(err, action), attempt)
    throw err
  }
}

/** A waiting step after a timer or a signal: over (with the step's result), or when to look again. */
export async function waitOverActivity(k: KernelContext, runId: string, path: string): Promise<{ over: true; result: StepResult } | { over: false; until: string | null }> {
  const w = await waitOver(k.db, runId, path)
  if (!w.over) return { over: false, until: w.wake === 'never' ? null : w.wake.toISOString() }
  const { status: _status, ...result } = await stepRow(k, runId, path)
  return { over: true, result }
}

/** A waiting step after its wait (histories from before waitOverActivity): a time wait completes with its output; a task wait answers the task's outcome. */
export async function stepOutcome(k: KernelContext, runId: string, path: string): Promise<StepResult> {
  await k.db.query(sql`update workflow_run_steps set status = 'completed', finished_at = now() where run_id = ${runId} and path = ${path} and status = 'waiting'`)
  const { status: _status, ...result } = await stepRow(k, runId, path)
  return result
}

/** The end of a run executed by Temporal: its status, error and event; a parent waiting for it goes on. */
export async function finishRunActivity(k: KernelContext, runId: string, status: 'completed' | 'failed', error: Record<string, unknown> | null): Promise<void> {
  const run = await k.db.transaction(async (tx) => {
    const r = await tx.one<RunRow>(
      sql`update workflow_runs set status = ${status}, error = ${error === null ? null : JSON.stringify(error)}::jsonb, finished_at = now(), lease_owner = null, lease_until = null
          where id = ${runId} and status not in ('completed', 'failed', 'cancelled') returning id, company_id, run_as, workflow_id, version, status, trigger`,
    )
    if (r) await settleParent(tx, runId)
    return r
  })
  if (!run) return
  if (error) await k.db.query(sql`update workflow_run_steps set status = 'failed', finished_at = now() where run_id = ${runId} and status = 'running'`)
  await runEvent(k, run, status === 'completed' ? 'workflow.completed' : 'workflow.failed', error ?? { temporal: true })
}
