import { z } from 'zod'

/* Workflow answers, for the OpenAPI document (loose objects: fields added later keep clients working). */

const Id = z.string().describe('UUID')
const Timestamp = z.string().describe('timestamp (ISO 8601)')

// Not recursive (generators refuse self-references): steps inside branches have this same shape.
const StepOut = z.looseObject({
  id: z.string(),
  type: z.string(),
  name: z.string().optional(),
  config: z.unknown(),
  branches: z
    .record(z.string(), z.array(z.record(z.string(), z.unknown())))
    .optional()
    .describe('branch name -> steps of this same shape'),
})

export const WorkflowOut = z
  .looseObject({
    id: Id,
    appId: Id,
    name: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    version: z.number().int(),
    trigger: z.looseObject({ type: z.string(), config: z.unknown(), conditions: z.unknown().optional() }),
    steps: z.array(StepOut),
    runAs: Id,
    createdBy: Id,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    warnings: z
      .array(
        z.object({
          path: z.array(z.union([z.string(), z.number()])).describe("into the definition, as a save's 400 points"),
          code: z.enum(['assignee_not_member', 'assignee_role_empty', 'assignee_cannot_read', 'assignee_rows_limited', 'assignee_fields_hidden']),
          message: z.string(),
          params: z
            .object({
              who: z.object({
                kind: z.enum(['user', 'role']),
                id: z.string().describe("the user's id or the role's name, as the step names them"),
                name: z.string().describe("a member's name, a role's label, or the id of a user who is not a member"),
              }),
              table: z.string(),
              fields: z.array(z.string()).optional().describe('the hidden fields (assignee_fields_hidden)'),
            })
            .describe('what the message names, for a client that words it in its own language'),
        }),
      )
      .optional()
      .describe("one workflow's answer to those who manage it: task steps whose people may not read the run's record (it saves all the same); not in lists"),
  })
  .meta({ id: 'Workflow' })

const RunStatus = z.enum(['queued', 'running', 'waiting', 'completed', 'failed', 'cancelled'])

export const RunOut = z.looseObject({
  id: Id,
  workflowId: Id,
  version: z.number().int(),
  status: RunStatus,
  test: z.boolean(),
  trigger: z.record(z.string(), z.unknown()),
  error: z.unknown(),
  redacted: z
    .boolean()
    .describe(
      "true for readers who do not manage the app: the trigger (but for their own manual runs), the run's error and its steps' input, output, branch and error are left out, as a run acts with its workflow's runAs rights",
    ),
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
})

export const RunDetailOut = RunOut.extend({
  steps: z.array(
    z.looseObject({
      path: z.string(),
      stepId: z.string(),
      type: z.string(),
      status: z.enum(['running', 'waiting', 'completed', 'failed', 'skipped', 'cancelled']),
      attempt: z.number().int(),
      input: z.unknown(),
      output: z.unknown(),
      branch: z.string().nullable(),
      error: z.unknown(),
      startedAt: Timestamp,
      finishedAt: Timestamp.nullable(),
    }),
  ),
}).meta({ id: 'RunDetail' })

export const TaskOut = z.looseObject({
  id: Id,
  kind: z.enum(['approval', 'form']),
  title: z.string(),
  runId: Id,
  workflowId: Id,
  workflowName: z.string(),
  fields: z.array(z.looseObject({ name: z.string(), type: z.string(), required: z.boolean().optional() })),
  required: z.number().int().nullable(),
  status: z.enum(['open', 'done', 'cancelled']),
  responses: z.array(z.record(z.string(), z.unknown())),
  outcome: z.unknown(),
  dueAt: Timestamp.nullable(),
  createdAt: Timestamp,
  completedAt: Timestamp.nullable(),
  record: z
    .object({
      appId: Id,
      tableId: Id,
      recordId: Id,
      readable: z.boolean().describe('whether the caller may read it; false: their access rules keep it from them, or it was deleted since the run started'),
      fields: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('its values by field name, as labels, as the caller may read them (hidden fields left out); only when readable'),
    })
    .nullable()
    .describe('The record the run started from (a record trigger or a run from a record), else null'),
})

const TypeBase = {
  type: z.string(),
  label: z.string(),
  description: z.string().nullable(),
  translations: z
    .record(
      z.string(),
      z.object({
        label: z.string(),
        description: z.string().optional(),
        branches: z.record(z.string(), z.string()).optional(),
        fields: z.record(z.string(), z.string()).optional().describe("labels of the config's properties, by property name"),
        help: z.record(z.string(), z.string()).optional().describe("help text of the config's properties, by property name"),
      }),
    )
    .describe(
      "label, description, branch names, config field labels and help by locale ('zh-CN'); the English ones are label, description, branches, the property names and the config schema's descriptions",
    ),
  plugin: z.string().describe('the plugin providing it'),
  configSchema: z.record(z.string(), z.unknown()).nullable().describe('JSON Schema of its config (the builder generates the form from it); null when it cannot be expressed'),
}

export const WorkflowTypesOut = z.object({
  triggers: z.array(
    z.looseObject({
      ...TypeBase,
      events: z.array(z.string()),
      manual: z.boolean().describe('started by hand (POST /api/workflows/:id/run)'),
      scheduled: z.boolean(),
      watchesTable: z.boolean().describe('its config names a table whose record writes it listens to'),
      webhook: z.boolean().describe('takes calls of POST /api/hooks/workflows/:workflowId/:secret'),
    }),
  ),
  actions: z.array(
    z.looseObject({
      ...TypeBase,
      branches: z.array(z.string()).describe('named branches shown under the step'),
      openBranches: z.boolean().describe('the user names the branches (parallel): any step-id-like names'),
      outputs: z.array(z.string()).describe('output variable names, for the pickers'),
      outputTypes: z
        .record(z.string(), z.string())
        .describe("each output variable's type (text, number, boolean, date, id, ids, user, record, list, object; unknown when the plugin gave a bare name)"),
      idempotent: z.boolean(),
    }),
  ),
})
