import { sql } from '@docpal/plugin-sdk'
import type { Executor } from '../db/executor.ts'
import type { StepFailure } from './step-failure.ts'

/** What a step fans out into once done (stored, so a resumed run walks the same items). */
export type Fan = { readonly each: ReadonlyArray<unknown> } | { readonly all: true }

/** Loops walk at most this many items: a run's history stays readable and bounded. */
export const MAX_ITEMS = 1000

/** A step's row after its action answered: completed with its output, branch and fan-out. */
export async function completeStep(
  ex: Executor,
  runId: string,
  path: string,
  result: { readonly output: Readonly<Record<string, unknown>>; readonly branch: string | null; readonly fan: Fan | null },
): Promise<void> {
  await ex.query(
    sql`update workflow_run_steps set status = 'completed', output = ${JSON.stringify(result.output)}::jsonb, branch = ${result.branch}, fan = ${result.fan === null ? null : JSON.stringify(result.fan)}::jsonb, finished_at = now()
        where run_id = ${runId} and path = ${path} and status = 'running'`,
  )
}

/** An attempt's error kept on the step (shown while it waits for its retry). */
export async function noteStepError(ex: Executor, runId: string, path: string, failure: StepFailure, attempt: number): Promise<void> {
  await ex.query(sql`update workflow_run_steps set error = ${JSON.stringify({ ...failure, attempt })}::jsonb where run_id = ${runId} and path = ${path}`)
}

/** The fan-out an action's outcome asks for, checked: a loop needs its branch and at most MAX_ITEMS items. */
export function fanOf(
  outcome: { readonly each?: ReadonlyArray<unknown> | undefined; readonly all?: true | undefined; readonly branch?: string | undefined } | undefined,
): Fan | null {
  if (outcome?.all === true) return { all: true }
  if (outcome?.each === undefined) return null
  if (!Array.isArray(outcome.each)) throw new Error('the action answered `each` that is not a list')
  if (outcome.each.length > MAX_ITEMS) throw new Error(`a loop walks at most ${MAX_ITEMS} items (this one has ${outcome.each.length}): narrow its query or list`)
  if (outcome.branch === undefined) throw new Error('the action answered `each` without the branch to run for each item')
  return { each: outcome.each }
}
