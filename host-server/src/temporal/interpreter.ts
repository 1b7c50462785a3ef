/*
 * The one Temporal workflow of DocPal (issue 18): an interpreter of a stored workflow definition.
 * Workflow code must be deterministic, so this file imports only @temporalio/workflow and types;
 * everything that touches the world (the database, the action plugins) is an activity
 * (activities.ts). `bundleWorkflowCode` refuses a Node import here (test/temporal/bundle.test.ts).
 * Changes to this interpreter that alter the command sequence go behind `patched(<id>)`, so runs
 * started with the old code replay as they ran.
 */
import { condition, defineSignal, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow'
import type { DocpalActivities, RunPlan, StepPlan } from './activity-types.ts'

export const resumeSignal = defineSignal('resume')

const setup = proxyActivities<DocpalActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5, initialInterval: '1 second' } })

export async function docpalRun(input: { readonly runId: string }): Promise<string> {
  let resumes = 0
  setHandler(resumeSignal, () => {
    resumes++
  })
  const plan: RunPlan = await setup.loadRun(input.runId)
  const vars: { trigger: unknown; steps: Record<string, unknown> } = { trigger: plan.trigger, steps: {} }

  const walk = async (steps: ReadonlyArray<StepPlan>, prefix: string): Promise<void> => {
    for (const step of steps) {
      const path = prefix + step.id
      const done = plan.done[path]
      let result = done
      if (!result) {
        const policy = plan.policies[step.type] ?? { attempts: 3, backoffMs: 1000, maxBackoffMs: 60_000, timeoutMs: 30_000 }
        const acts = proxyActivities<DocpalActivities>({
          startToCloseTimeout: policy.timeoutMs,
          retry: { maximumAttempts: policy.attempts, initialInterval: policy.backoffMs, backoffCoefficient: 2, maximumInterval: policy.maxBackoffMs },
        })
        const seen = resumes
        const r = await acts.runStep({ runId: input.runId, path, step, vars })
        result = r
        if (r.wait) {
          const timed = 'until' in r.wait
          if ('until' in r.wait) await sleep(Math.max(0, Date.parse(r.wait.until) - Date.now()))
          else await condition(() => resumes > seen)
          // Versioning (Temporal's patched()): runs started before this change took a time wait's output as it was.
          if (!timed || patched('outcome-after-time-wait')) result = await setup.stepOutcome(input.runId, path)
        }
      }
      vars.steps[step.id] = result.output
      const branch = result.branch !== null ? step.branches?.[result.branch] : undefined
      if (branch) await walk(branch, `${path}/${result.branch}/`)
    }
  }

  try {
    await walk(plan.steps, '')
  } catch (err) {
    const message = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)
    await setup.finishRun(input.runId, 'failed', { message })
    return 'failed'
  }
  await setup.finishRun(input.runId, 'completed', null)
  return 'completed'
}
