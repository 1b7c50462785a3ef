import { api } from '@docpal/plugin-sdk/client'
import type { operations } from '../../../test/fixtures/openapi/docpal-api.d.ts'

// The generated API types (`pnpm openapi:types`), so these follow the kernel's workflow schemas.
type Json<O extends keyof operations, S extends number> = operations[O] extends { responses: Record<S, { content: { 'application/json': infer T } }> } ? T : never

export type Workflow = Json<'getWorkflowsById', 200>
/** GET /api/workflow-types: each trigger and action with its config JSON Schema (the builder's forms). */
export type WorkflowTypes = Json<'getWorkflowTypes', 200>
export type TriggerType = WorkflowTypes['triggers'][number]
export type ActionType = WorkflowTypes['actions'][number]
export type WorkflowRun = Json<'getWorkflowsByIdRuns', 200>['runs'][number]
export type RunDetail = Json<'getWorkflowRunsById', 200>
export type WorkflowTask = Json<'getTasks', 200>[number]
/** Something in a saved workflow its managers are told about (task steps whose people may not read the run's record). */
export type WorkflowWarning = NonNullable<Workflow['warnings']>[number]
export type WorkflowBody = Pick<Workflow, 'name' | 'trigger' | 'steps'> & { description?: string }
export type TaskDecision = 'approve' | 'reject' | 'changes'
/** A manual workflow whose button shows on a table's records (GET /api/tables/:tableId/workflow-buttons). */
export type WorkflowButton = Json<'getTablesByTableIdWorkflowButtons', 200>[number]

/** Issue 18's workflow routes (docs/briefs workflow-api contract). */
export const workflowsApi = {
  types: () => api.get<WorkflowTypes>('/api/workflow-types'),
  list: (appId: string) => api.get<Workflow[]>(`/api/apps/${appId}/workflows`),
  create: (appId: string, body: WorkflowBody) => api.post<Workflow>(`/api/apps/${appId}/workflows`, body),
  get: (id: string) => api.get<Workflow>(`/api/workflows/${id}`),
  save: (id: string, body: WorkflowBody) => api.put<Workflow>(`/api/workflows/${id}`, body),
  remove: (id: string) => api.delete<unknown>(`/api/workflows/${id}`),
  setEnabled: (id: string, on: boolean) => api.post<Workflow>(`/api/workflows/${id}/${on ? 'enable' : 'disable'}`, {}),
  /** Runs the saved version now on a record; answers when the run ends or waits. */
  test: (id: string, recordId: string | undefined) => api.post<RunDetail>(`/api/workflows/${id}/test`, recordId ? { recordId } : {}),
  runs: (id: string, limit = 20) => api.get<{ runs: WorkflowRun[] }>(`/api/workflows/${id}/runs`, { limit }),
  run: (id: string) => api.get<RunDetail>(`/api/workflow-runs/${id}`),
  /** `current`: the run goes on as the workflow's saved version, not the one it ran. */
  retry: (runId: string, version: 'run' | 'current' = 'run') => api.post<RunDetail>(`/api/workflow-runs/${runId}/retry?version=${version}`, {}),
  cancel: (runId: string) => api.post<RunDetail>(`/api/workflow-runs/${runId}/cancel`, {}),
  tasks: () => api.get<WorkflowTask[]>('/api/tasks'),
  /** How many open tasks are the caller's, without reading their records (the badge). */
  taskCount: async () => (await api.get<Json<'getTasksCount', 200>>('/api/tasks/count')).open,
  /** Answers a task: a decision for approvals, the form's values (`data`) for form tasks. */
  complete: (id: string, answer: { decision?: TaskDecision | undefined; data?: Record<string, unknown> | undefined; comment: string }) =>
    api.post<WorkflowTask>(`/api/tasks/${id}/complete`, {
      ...(answer.decision ? { decision: answer.decision } : {}),
      ...(answer.data ? { data: answer.data } : {}),
      ...(answer.comment ? { comment: answer.comment } : {}),
    }),
  buttons: (tableId: string) => api.get<WorkflowButton[]>(`/api/tables/${tableId}/workflow-buttons`),
  /** Starts a manual workflow (202: the run is queued); `recordId` runs it on that record. */
  start: (id: string, body: { input?: Record<string, unknown>; recordId?: string }) => api.post<Json<'postWorkflowsByIdRun', 202>>(`/api/workflows/${id}/run`, body),
}
