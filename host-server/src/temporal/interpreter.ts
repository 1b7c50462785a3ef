/*
 * The one Temporal workflow of DocPal (issue 18): an interpreter of a stored workflow definition.
 * Workflow code must be deterministic, so this file imports only @temporalio/workflow and types;
 * everything that touches the world (the database, the action plugins) is an activity
 * (activities.ts). `bundleWorkflowCode` refuses a Node import here (test/temporal/bundle.test.ts).
 * Changes to this interpreter that alter the command sequence go behind `patched(<id>)`, so runs
 * started with the old code replay as they ran.
 */
import { condition, defineSignal, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow'
import type { DocpalActivities, RunPlan, StepPlan, StepResult } from './activity-types.ts'

export const resumeSignal = defineSignal('resume')

const setup = proxyActivities<DocpalActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5, initialInterval: '1 second' } })

type Vars = { trigger: unknown; steps: Record<string, unknown>; loop: Record<string, { item: unknown; index: number }> }

export async function docpalRun(input: { readonly runId: string }): Promise<string> {
  let resumes = 0
  setHandler(resumeSignal, () => {
    resumes++
  })
  const plan: RunPlan = await setup.loadRun(input.runId)
  const vars: Vars = { trigger: plan.trigger, steps: {}, loop: {} }

  /** A step that waits, until its wait is over (timers and `resume` signals; the database says when it is over). */
  const waited = async (path: string, r: StepResult, seenBefore: number): Promise<StepResult> => {
    const wait = r.wait
    if (!wait) return r
    if (!patched('waits-over')) {
      // Histories from before waits generalised: a time wait slept, any other waited for one signal.
      const timed = typeof wait.until === 'string'
      if (typeof wait.until === 'string') await sleep(Math.max(0, Date.parse(wait.until) - Date.now()))
      else await condition(() => resumes > seenBefore)
      if (!timed || patched('outcome-after-time-wait')) return setup.stepOutcome(input.runId, path)
      return r
    }
    let until = wait.until ?? null
    for (;;) {
      const seen = resumes
      if (until === null) await condition(() => resumes > seen)
      else await condition(() => resumes > seen, Math.max(1, Date.parse(until) - Date.now()))
      const w = await setup.waitOver(input.runId, path)
      if (w.over) return w.result
      until = w.until
    }
  }

  const walk = async (steps: ReadonlyArray<StepPlan>, prefix: string): Promise<void> => {
    for (const step of steps) {
      const path = prefix + step.id
      let result = plan.done[path]
      if (!result) {
        const policy = plan.policies[step.type] ?? { attempts: 3, backoffMs: 1000, maxBackoffMs: 60_000, timeoutMs: 30_000 }
        const acts = proxyActivities<DocpalActivities>({
          startToCloseTimeout: policy.timeoutMs,
          retry: { maximumAttempts: policy.attempts, initialInterval: policy.backoffMs, backoffCoefficient: 2, maximumInterval: policy.maxBackoffMs },
        })
        const seen = resumes
        result = await waited(path, await acts.runStep({ runId: input.runId, path, step, vars }), seen)
      }
      const branches = step.branches ?? {}
      if (result.branch === 'failed' && !branches['failed']) throw new Error(`step '${step.id}' (${step.type}) ended on its 'failed' branch, which this workflow does not handle`)
      vars.steps[step.id] = result.output
      const fan = result.fan ?? null
      if (fan && 'all' in fan) await Promise.all(Object.entries(branches).map(([name, list]) => walk(list, `${path}/${name}/`)))
      else {
        const list = result.branch !== null ? branches[result.branch] : undefined
        if (!list) continue
        if (!fan) await walk(list, `${path}/${result.branch}/`)
        else {
          for (const [index, item] of fan.each.entries()) {
            vars.loop[step.id] = { item, index }
            await walk(list, `${path}/${result.branch}/${index}/`)
          }
          Reflect.deleteProperty(vars.loop, step.id)
        }
      }
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
