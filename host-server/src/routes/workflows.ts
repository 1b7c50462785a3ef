import { z } from 'zod'
import type { FastifyInstance } from 'fastify'
import { WorkflowBody, WorkflowEvent, type Kernel } from '@docpal/kernel'
import { outputsOf } from '@docpal/plugin-sdk'
import { route } from './define.ts'
import { jsonSchema } from './types.ts'
import { RunDetailOut, RunOut, TaskOut, WorkflowOut, WorkflowTypesOut } from './workflow-responses.ts'

/** Workflows of an app (issue 18): definitions and versions, enable/disable, manual and test runs (API.md "Workflows"). */
export function workflowRoutes(app: FastifyInstance, k: Kernel): void {
  const tag = 'workflows'
  const wf = k.workflows
  route(app, k, {
    method: 'GET',
    url: '/api/workflow-types',
    tag,
    summary: 'Workflow triggers and actions of the enabled plugins, with their config JSON Schemas',
    response: WorkflowTypesOut,
    handler: () => ({
      triggers: k.plugins.registries.triggers.entries().map(({ type, plugin, item: t }) => ({
        type,
        label: t.label,
        description: t.description ?? null,
        translations: t.translations ?? {},
        plugin,
        configSchema: jsonSchema(t.config),
        events: t.events,
        manual: t.manual === true,
        scheduled: t.nextAt !== undefined,
        watchesTable: t.watches !== undefined,
        /** Takes calls of POST /api/hooks/workflows/:workflowId/:secret (the builder shows the URL). */
        webhook: t.webhook !== undefined,
      })),
      actions: k.plugins.registries.actions.entries().map(({ type, plugin, item: a }) => ({
        type,
        label: a.label,
        description: a.description ?? null,
        translations: a.translations ?? {},
        plugin,
        configSchema: jsonSchema(a.config),
        branches: a.branches ?? [],
        openBranches: a.openBranches === true,
        outputs: outputsOf(a).map((o) => o.name),
        outputTypes: Object.fromEntries(outputsOf(a).map((o) => [o.name, o.type])),
        idempotent: a.idempotent,
      })),
    }),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/apps/:appId/workflows',
    tag,
    summary: "An app's workflows",
    response: z.array(WorkflowOut),
    handler: (c) => wf.workflows.list(c.actor, c.params.appId),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/apps/:appId/workflows',
    tag,
    summary: 'Create a workflow (disabled until enabled): {name, trigger: {type, config, conditions?}, steps: [{id?, type, config, branches?}]}',
    body: WorkflowBody,
    status: 201,
    response: WorkflowOut,
    handler: (c) => wf.workflows.create(c.actor, c.params.appId, c.body),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/workflows/:id',
    tag,
    summary: 'A workflow with its current version',
    response: WorkflowOut,
    handler: (c) => wf.workflows.get(c.actor, c.params.id),
  })
  route(app, k, {
    method: 'PUT',
    url: '/api/workflows/:id',
    tag,
    summary: 'Save a workflow as a new version (runs under way keep theirs)',
    body: WorkflowBody,
    response: WorkflowOut,
    handler: (c) => wf.workflows.update(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'DELETE',
    url: '/api/workflows/:id',
    tag,
    summary: 'Delete a workflow with its runs',
    status: 204,
    handler: (c) => wf.workflows.remove(c.actor, c.params.id),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/workflows/:id/enable',
    tag,
    summary: 'Enable a workflow',
    response: WorkflowOut,
    handler: (c) => wf.workflows.setEnabled(c.actor, c.params.id, true),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/workflows/:id/disable',
    tag,
    summary: 'Disable a workflow',
    response: WorkflowOut,
    handler: (c) => wf.workflows.setEnabled(c.actor, c.params.id, false),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/workflows/:id/run',
    tag,
    summary: 'Start a run of a manual workflow ({input?, recordId?}: on a record of the table its button shows on)',
    body: z.object({ input: z.record(z.string(), z.unknown()).optional(), recordId: z.uuid().optional() }).strict(),
    status: 202,
    response: RunOut,
    handler: (c) => wf.runs.start(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/workflows/:id/test',
    tag,
    summary: 'Run the current version now on a record ({recordId?, input?}); answers the run when it ends or waits (effects are real)',
    body: z.object({ recordId: z.string().optional(), input: z.record(z.string(), z.unknown()).optional() }).strict(),
    response: RunDetailOut,
    handler: (c) => wf.runs.test(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/workflows/:id/runs',
    tag,
    summary: "A workflow's runs, newest first",
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: z.object({ runs: z.array(RunOut) }),
    handler: (c) => wf.runs.list(c.actor, c.params.id, c.query.limit),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/workflow-runs/:id',
    tag,
    summary: 'A run with its steps (input, output, error, times)',
    response: RunDetailOut,
    handler: (c) => wf.runs.get(c.actor, c.params.id),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/workflow-runs/:id/retry',
    tag,
    summary: "Retry a failed run from its failed step: as the version it ran (?version=run, the default) or as the workflow's current version (?version=current)",
    query: z.object({ version: z.enum(['run', 'current']).default('run').describe('Which version the retried run goes on as') }),
    response: RunDetailOut,
    handler: (c) => wf.runs.retry(c.actor, c.params.id, c.query),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/workflow-runs/:id/cancel',
    tag,
    summary: 'Cancel a queued, running or waiting run',
    response: RunDetailOut,
    handler: (c) => wf.runs.cancel(c.actor, c.params.id),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/tasks',
    tag,
    summary: 'Approvals and forms assigned to the caller (by user or role)',
    query: z.object({ status: z.enum(['open', 'done']).default('open') }),
    response: z.array(TaskOut),
    handler: (c) => wf.tasks.list(c.actor, c.query.status),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/tasks/count',
    tag,
    summary: "How many open tasks are the caller's (the inbox badge's poll: no records read)",
    response: z.object({ open: z.number().int() }),
    handler: (c) => wf.tasks.openCount(c.actor),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/tasks/:id/complete',
    tag,
    summary: 'Answer a task: {decision: approve|reject|changes, comment?} for approvals, {data, comment?} for forms',
    body: z
      .object({ decision: z.enum(['approve', 'reject', 'changes']).optional(), comment: z.string().max(5000).optional(), data: z.record(z.string(), z.unknown()).optional() })
      .strict(),
    response: TaskOut,
    handler: (c) => wf.tasks.complete(c.actor, c.params.id, c.body),
  })
  route(app, k, {
    method: 'POST',
    url: '/api/workflow-events',
    tag,
    summary: "Send an event to the company's runs waiting for it ('wait for an event' steps with this name and key, or no key): {name, key?, data?}",
    body: WorkflowEvent,
    response: z.object({ resumed: z.number().int().describe('waiting steps this event resumed (0: none waited)') }),
    handler: (c) => wf.emit(c.actor, c.body),
  })
  route(app, k, {
    method: 'GET',
    url: '/api/tables/:tableId/workflow-buttons',
    tag,
    summary: "Enabled manual workflows whose button shows on this table's records and views, that the caller may start (with their inputs)",
    response: z.array(
      z.looseObject({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        inputs: z.array(z.looseObject({ name: z.string(), type: z.string(), required: z.boolean() })),
      }),
    ),
    handler: (c) => wf.buttons(c.actor, c.params.tableId),
  })
}
