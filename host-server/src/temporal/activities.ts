import { Context } from '@temporalio/activity'
import { sql } from '@docpal/plugin-sdk'
import { finishRunActivity, runStepActivity, stepOutcome, waitOverActivity, type Kernel, type StepResult, type WorkflowDefinition } from '@docpal/kernel'
import type { DocpalActivities, RunPlan } from './activity-types.ts'

/**
 * The activities of the interpreter workflow, over the kernel: the same action plugins, the same
 * step rows and audit events as the embedded runner. The attempt number and cancellation come
 * from Temporal's activity context.
 */
export function createActivities(k: Kernel): DocpalActivities {
  return {
    async loadRun(runId) {
      const run = await k.db.one<{ trigger: unknown; definition: WorkflowDefinition }>(
        sql`select r.trigger, v.definition from workflow_runs r join workflow_versions v on v.workflow_id = r.workflow_id and v.version = r.version where r.id = ${runId}`,
      )
      if (!run) throw new Error(`workflow run ${runId} does not exist`)
      const rows = await k.db.query<{ path: string; output: Record<string, unknown> | null; branch: string | null; fan: StepResult['fan'] }>(
        sql`select path, output, branch, fan from workflow_run_steps where run_id = ${runId} and status in ('completed', 'skipped')`,
      )
      const done: Record<string, StepResult> = {}
      for (const r of rows) done[r.path] = { output: r.output ?? {}, branch: r.branch, fan: r.fan ?? null }
      const policies: Record<string, RunPlan['policies'][string]> = {}
      for (const { type, item } of k.plugins.registries.actions.entries()) {
        const p = item.retry ?? { attempts: 3, backoffMs: 1000 }
        policies[type] = { attempts: p.attempts, backoffMs: p.backoffMs, maxBackoffMs: p.maxBackoffMs ?? 60_000, timeoutMs: item.timeoutMs ?? 30_000 }
      }
      return { trigger: run.trigger, steps: run.definition.steps, done, policies }
    },
    runStep(input) {
      const ctx = Context.current()
      return runStepActivity(k, k.records, { ...input, attempt: ctx.info.attempt }, ctx.cancellationSignal)
    },
    stepOutcome: (runId, path) => stepOutcome(k, runId, path),
    waitOver: (runId, path) => waitOverActivity(k, runId, path),
    finishRun: (runId, status, error) => finishRunActivity(k, runId, status, error),
  }
}
