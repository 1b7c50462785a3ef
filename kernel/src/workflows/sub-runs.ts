import { sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import type { Executor } from '../db/executor.ts'
import { isUuid } from '../validation.ts'
import { queueRun } from './dispatcher.ts'
import { uuidOf } from './run-records.ts'
import { settleStep } from './wait-settle.ts'

/** Statuses of a run that has not ended. */
export const LIVE: ReadonlyArray<string> = ['queued', 'running', 'waiting']

/** How deep sub-workflows may start sub-workflows: a workflow that starts itself stops here, failed, instead of forever. */
export const MAX_NESTING = 5

interface Parent {
  readonly id: string
  readonly company_id: string
  readonly trigger: Readonly<Record<string, unknown>>
}

/**
 * Starts a run of another workflow of the company for a step (`ctx.workflows.start`). Its id is a
 * function of the step's idempotency key, so a retried or resumed step finds the run it started
 * instead of starting another. The child's trigger is `{type: 'workflow', input, parentRunId, depth}`.
 */
export async function startChild(
  k: KernelContext,
  parent: Parent,
  idempotencyKey: string,
  workflowId: string,
  input: Readonly<Record<string, unknown>>,
): Promise<{ runId: string }> {
  const id = uuidOf(`${idempotencyKey}:run`)
  const depth = (typeof parent.trigger['depth'] === 'number' ? parent.trigger['depth'] : 0) + 1
  if (depth > MAX_NESTING) throw codes.KRN_ERR_VALIDATION(`Sub-workflows nest at most ${MAX_NESTING} deep (a workflow that starts itself stops here).`)
  if (!isUuid(workflowId)) throw codes.KRN_ERR_NOT_FOUND('Workflow', workflowId)
  return k.db.transaction(async (tx) => {
    const had = await tx.one(sql`select 1 from workflow_runs where id = ${id}`)
    if (had) return { runId: id }
    const w = await tx.one<{ id: string; name: string; company_id: string; version: number; run_as: string }>(
      sql`select id, name, company_id, version, run_as from workflows where id = ${workflowId} and company_id = ${parent.company_id}`,
    )
    if (!w) throw codes.KRN_ERR_NOT_FOUND('Workflow', workflowId)
    await queueRun(k, tx, w, { type: 'workflow', input, parentRunId: parent.id, depth }, null, false, id)
    return { runId: id }
  })
}

/** A child run's answer to the step that waits for it: `{runId, status, error, steps}` and its status as branch; undefined while it runs. */
export async function childOutcome(ex: Executor, childId: string): Promise<{ output: Record<string, unknown>; branch: string } | undefined> {
  const c = await ex.one<{ status: string; error: unknown }>(sql`select status, error from workflow_runs where id = ${childId}`)
  if (!c || LIVE.includes(c.status)) return undefined
  const steps = await ex.query<{ step_id: string; output: unknown }>(
    sql`select step_id, output from workflow_run_steps where run_id = ${childId} and status = 'completed' order by finished_at, path`,
  )
  return { output: { runId: childId, status: c.status, error: c.error ?? null, steps: Object.fromEntries(steps.map((s) => [s.step_id, s.output])) }, branch: c.status }
}

/** A run ended: the parent step waiting for it (if any) completes with its outcome, in the caller's transaction. */
export async function settleParent(ex: Executor, childId: string): Promise<void> {
  const link = await ex.one<{ parent_run_id: string | null; parent_path: string | null }>(sql`select parent_run_id, parent_path from workflow_runs where id = ${childId}`)
  if (!link?.parent_run_id || link.parent_path === null) return
  const outcome = await childOutcome(ex, childId)
  if (outcome) await settleStep(ex, link.parent_run_id, link.parent_path, outcome.output, outcome.branch)
}
