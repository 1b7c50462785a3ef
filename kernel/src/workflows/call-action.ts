import { sql, type ActionOutcome, type AnyAction, type WorkflowStarter } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { RecordsService } from '../records/records-service.ts'
import { parseOrThrow } from '../validation.ts'
import { DEFAULT_TIMEOUT_MS, withTimeout } from './attempts.ts'
import type { StepDef } from './definition.ts'
import { runRecords } from './run-records.ts'
import { startChild } from './sub-runs.ts'
import { emitEvent } from './workflow-events.ts'

/** What an action call needs of its run. */
export interface RunRef {
  readonly id: string
  readonly company_id: string
  readonly run_as: string
}

/** Other workflows as a step of `run` reaches them: sub-workflows (one per step, however often retried) and events. */
export function runWorkflows(k: KernelContext, run: RunRef & { readonly trigger: Readonly<Record<string, unknown>> }, idempotencyKey: string): WorkflowStarter {
  let starts = 0
  return {
    start: (workflowId, input) => startChild(k, run, `${idempotencyKey}:${starts++}`, workflowId, input),
    emit: (name, key, data) => emitEvent(k, run.company_id, { name, key, data }, run.run_as),
  }
}

/**
 * One attempt of one step's action: its filled config checked by the plugin's schema, run with
 * the run's records (as the run's user), the step's idempotency key (`<run>:<path>`, the same on
 * every attempt) and a signal that aborts at the action's timeout or the run's cancellation. Used
 * by the embedded runner and by the Temporal activity alike.
 */
export function callAction(
  k: KernelContext,
  records: RecordsService,
  action: AnyAction,
  run: RunRef & { readonly trigger: Readonly<Record<string, unknown>> },
  step: StepDef,
  at: { readonly path: string; readonly attempt: number; readonly input: unknown; readonly vars: unknown; readonly actor: Actor },
  signal: AbortSignal,
): Promise<ActionOutcome | undefined> {
  const config = parseOrThrow(action.config, at.input, ['config'])
  const plugin = k.plugins.registries.actions.owner(step.type) ?? '?'
  const idempotencyKey = `${run.id}:${at.path}`
  return withTimeout(action.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal, (stepSignal) =>
    action.run(config, {
      input: at.vars as Readonly<Record<string, unknown>>,
      companyId: run.company_id,
      userId: run.run_as,
      logger: k.logger.child({ plugin, action: step.type, run: run.id, step: at.path }),
      run: { id: run.id, stepId: step.id, attempt: at.attempt, idempotencyKey },
      records: runRecords(k, records, at.actor, idempotencyKey, at.attempt === 1),
      signal: stepSignal,
      workflows: runWorkflows(k, run, idempotencyKey),
    }),
  )
}

/** The run's user as an actor: their role in the company limits what the run may do (none when they left). */
export async function runActor(k: KernelContext, run: RunRef): Promise<Actor> {
  const member = await k.db.one<{ role: string }>(sql`select role from company_members where company_id = ${run.company_id} and user_id = ${run.run_as}`)
  return { userId: run.run_as, companyId: run.company_id, role: member?.role ?? 'none' }
}
