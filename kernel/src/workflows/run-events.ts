import type { KernelContext } from '../context.ts'

/** The run events of plan 3.4, in the audit log: who is the run's user, the resource the workflow. */
export type RunEvent =
  | 'workflow.started'
  | 'workflow.action.executed'
  | 'workflow.action.failed'
  | 'workflow.paused'
  | 'workflow.resumed'
  | 'workflow.completed'
  | 'workflow.failed'
  | 'workflow.cancelled'

export async function runEvent(
  k: KernelContext,
  run: { readonly id: string; readonly company_id: string; readonly workflow_id: string; readonly run_as: string; readonly trigger: Record<string, unknown> },
  action: RunEvent,
  metadata: Readonly<Record<string, unknown>>,
): Promise<void> {
  const tableId = typeof run.trigger['tableId'] === 'string' ? run.trigger['tableId'] : null
  await k.audit.write(
    k.db,
    { userId: run.run_as, companyId: run.company_id },
    {
      action,
      resourceType: 'workflow',
      resourceId: run.workflow_id,
      tableId,
      metadata: { runId: run.id, recordId: run.trigger['recordId'] ?? null, ...metadata },
    },
  )
}
