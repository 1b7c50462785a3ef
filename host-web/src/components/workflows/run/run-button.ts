import { workflowsApi, type RunDetail, type WorkflowButton } from '../../../services/workflows-api.ts'

/** How a started run was last seen: ended, waiting for someone or something, or still going. */
export type RunEnd = { readonly status: 'completed' | 'waiting' | 'running' | 'queued' | 'cancelled' } | { readonly status: 'failed'; readonly error: string }

const POLL_MS = 300
const POLL_TIMES = 20

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A run's error as a person reads it (the runner stores `{message}`; anything else as JSON). */
export function runError(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && typeof err.message === 'string') return err.message
  return typeof err === 'string' ? err : JSON.stringify(err)
}

function ended(run: Pick<RunDetail, 'status' | 'error'>): RunEnd {
  return run.status === 'failed' ? { status: 'failed', error: runError(run.error) } : { status: run.status }
}

/**
 * Runs a manual workflow on one record (or on none) and follows it for a few seconds, so the
 * page can say how it ended and show what it changed; a run that takes longer goes on in the
 * background and is reported as still running (its page in the workflow's runs has the rest).
 */
export async function runOnRecord(button: WorkflowButton, recordId: string | undefined, input: Record<string, unknown>): Promise<RunEnd> {
  const started = await workflowsApi.start(button.id, { ...(Object.keys(input).length ? { input } : {}), ...(recordId ? { recordId } : {}) })
  let last: RunEnd = ended(started)
  for (let i = 0; i < POLL_TIMES && (last.status === 'queued' || last.status === 'running'); i++) {
    await sleep(POLL_MS)
    last = ended(await workflowsApi.run(started.id))
  }
  return last
}

/**
 * Runs it once per record, one request after another (a selection is at most the loaded rows;
 * sequential keeps the runner's queue fair to other users). The first refusal stops the rest and
 * is thrown; the runs already started go on.
 */
export async function runOnRecords(button: WorkflowButton, recordIds: ReadonlyArray<string>, input: Record<string, unknown>): Promise<void> {
  for (const recordId of recordIds) await workflowsApi.start(button.id, { ...(Object.keys(input).length ? { input } : {}), recordId })
}
