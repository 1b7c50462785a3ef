/** Statuses of runs and steps the kernel writes (workflow_runs, workflow_run_steps). */
const KNOWN = new Set(['queued', 'running', 'waiting', 'completed', 'failed', 'cancelled', 'skipped'])

/** A run's or step's status in the reader's language; one this app does not know, as written. */
export function statusLabel(t: (key: string) => string, status: string): string {
  return KNOWN.has(status) ? t(`workflows.statuses.${status}`) : status
}
