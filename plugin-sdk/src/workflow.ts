import type { z } from 'zod'
import type { DomainEventName, DomainEvents } from './events.ts'
import type { PluginLogger } from './plugin.ts'
import type { WebhookCall, WebhookVerdict } from './workflow-webhook.ts'

/**
 * A workflow type's words in other languages, by locale (`'zh-CN'`): its label, description,
 * branch names and the labels of its config's fields (`fields`, by property name, at any depth:
 * `{ tableId: '数据表', dueInHours: '期限（小时）' }`). The builder shows them in the reader's
 * language; the English ones are the definition's own `label`, `description` and `branches`, and
 * each property's name made readable. `help`: the config properties' help text (what their zod
 * `.describe()` says in English), by property name likewise. `errors`: the templates of the
 * `StepError`s the action throws, by key.
 */
export type WorkflowTypeTranslations = Readonly<
  Record<
    string,
    {
      readonly label: string
      readonly description?: string
      readonly branches?: Readonly<Record<string, string>>
      readonly fields?: Readonly<Record<string, string>>
      readonly help?: Readonly<Record<string, string>>
      /** Templates of the action's `StepError`s, by key (`{name}` filled from the error's params). */
      readonly errors?: Readonly<Record<string, string>>
    }
  >
>

/** One domain event as a trigger sees it. */
export type TriggerEvent = { [E in DomainEventName]: { readonly name: E; readonly payload: DomainEvents[E] } }[DomainEventName]

/**
 * Where a trigger's or action's config names fields of a table (by name, as people write them),
 * so a column's rename is followed into saved workflows instead of breaking them. Each entry is a
 * property of the config, at its top level.
 */
export interface FieldRefs {
  /** The property holding the table's id (a uuid, or `{{trigger.tableId}}`); absent: the trigger's table. */
  readonly table?: string
  /** Properties whose object keys are field names: `fields: { Status: 'Done' }`. */
  readonly keys?: ReadonlyArray<string>
  /** Properties holding a field name, or a list of them: `fields: ['Stage']`. */
  readonly names?: ReadonlyArray<string>
  /** Properties holding a query filter or sort: their nodes' `field` (and `otherField`) name fields. */
  readonly queries?: ReadonlyArray<string>
  /** Outputs holding a record's fields by name: `['record']` for `{{steps.<id>.record.<field>}}`. */
  readonly outputs?: ReadonlyArray<string>
  /** Loop variables likewise: `['item.fields']` for `{{loop.<id>.item.fields.<field>}}`. */
  readonly loopVars?: ReadonlyArray<string>
}

/**
 * What starts a workflow. A record trigger names the table it `watches`: the kernel then records
 * that table's writes in an outbox inside the writing transaction (no rollback starts a run, no
 * commit loses one) and asks `matches` for each. A manual trigger starts from `POST
 * /api/workflows/:id/run`; a scheduled one at each `nextAt`.
 */
export interface TriggerDefinition<S extends z.ZodType = z.ZodType, C = z.output<S>> {
  readonly type: string
  readonly label: string
  readonly description?: string
  readonly translations?: WorkflowTypeTranslations
  readonly config: S
  readonly events: ReadonlyArray<DomainEventName>
  matches(config: C, event: TriggerEvent): boolean
  /** The table whose record writes this trigger listens to (record triggers). */
  watches?(config: C): { readonly tableId: string } | undefined
  /** Manual triggers: a run may be started by hand, with `input` checked by this schema of the config. */
  readonly manual?: boolean
  /** Manual triggers: the table on whose records (and views) the run's button shows; a run started from a record gets `trigger.record`. */
  buttonOn?(config: C): { readonly tableId: string } | undefined
  /** Manual triggers: the inputs the run's form asks for (checked when a run starts: required ones must be given). */
  inputs?(config: C): ReadonlyArray<{ readonly name: string; readonly type: string; readonly required: boolean }>
  /** Scheduled triggers: the first fire time after `after`, or undefined for never again. */
  nextAt?(config: C, after: Date): Date | undefined
  /** Incoming-webhook triggers: checks a call of the workflow's hook URL (secret, signature, body). */
  webhook?(config: C, call: WebhookCall): WebhookVerdict
  /** Where the config names fields of its table (a rename of one rewrites them). */
  readonly fieldRefs?: FieldRefs
}

/** Records as a workflow step sees them: fields keyed by column name, acting as the run's user. */
export interface WorkflowRecords {
  /** Creates a record. Within one step of one run it creates at most one record, however often the step is retried. */
  create(tableId: string, fields: Readonly<Record<string, unknown>>): Promise<WorkflowRecord>
  update(tableId: string, recordId: string, fields: Readonly<Record<string, unknown>>): Promise<WorkflowRecord>
  get(tableId: string, recordId: string): Promise<WorkflowRecord>
  /** Up to `limit` (default 100, at most 1,000) records matching the query filter grammar. */
  list(tableId: string, query: { readonly filter?: unknown; readonly sort?: unknown; readonly limit?: number }): Promise<WorkflowRecord[]>
}

export interface WorkflowRecord {
  readonly id: string
  readonly fields: Readonly<Record<string, unknown>>
}

/** What an action's `run` gets besides its config. */
export interface ActionContext {
  /**
   * The run's variables: `trigger` (the event: `record`, `before`, `changed`, `input`) and
   * `steps.<stepId>` (earlier steps' outputs). Config strings `{{trigger.record.Amount}}` are
   * already replaced by their values when `run` is called.
   */
  readonly input: Readonly<Record<string, unknown>>
  readonly companyId: string
  readonly userId: string
  readonly logger: PluginLogger
  /** The run and step, when called by a run (absent when an admin tries one action alone). */
  readonly run?: { readonly id: string; readonly stepId: string; readonly attempt: number; readonly idempotencyKey: string }
  readonly records: WorkflowRecords
  /** Aborted when the step's timeout passes or the run is cancelled. */
  readonly signal: AbortSignal
  /** Other workflows of the company: start one (a sub-workflow), or send an event waiting steps receive. */
  readonly workflows: WorkflowStarter
}

/** Starting workflows and sending events from a step. */
export interface WorkflowStarter {
  /**
   * Starts a run of a workflow of the same company with `input` as `trigger.input` (its trigger
   * need not be manual). Within one step of one run it starts one run, however often the step is
   * retried. A step that answers `wait: { run: runId }` waits for that run to end.
   */
  start(workflowId: string, input: Readonly<Record<string, unknown>>): Promise<{ readonly runId: string }>
  /** Sends event `name` (with `key`, when given) to the company's steps waiting for it; answers how many it resumed. */
  emit(name: string, key: string | null, data: Readonly<Record<string, unknown>>): Promise<{ readonly resumed: number }>
}

/** A human task a step waits for: an approval or a form, assigned to users or roles. */
export interface TaskRequest {
  readonly kind: 'approval' | 'form'
  readonly title: string
  readonly assignees: { readonly users?: ReadonlyArray<string>; readonly roles?: ReadonlyArray<string> }
  /** Approvals: how many approvals settle it (`'all'`: every assigned user). */
  readonly required?: number | 'all'
  /** Forms: the fields asked, as {name, type, required?} (type: text, number, date, switch, long_text). */
  readonly fields?: ReadonlyArray<{ readonly name: string; readonly type: string; readonly required?: boolean }>
  /** ISO time after which the task times out (the step then takes branch `timeout`). */
  readonly dueAt?: string
}

/** How a task ended, as the waiting step's output. */
export interface TaskOutcome {
  readonly decision: 'approve' | 'reject' | 'changes' | 'submitted' | 'timeout'
  readonly comment?: string
  readonly data?: Readonly<Record<string, unknown>>
  readonly by?: string
}

/**
 * What a step answers: its `output` (JSON, `steps.<id>` for later steps), the `branch` to take
 * among the step's `branches`, or to `wait` (until a time, or for a task; the run resumes from
 * this step with the task's outcome as output and its decision as branch).
 */
export interface ActionOutcome {
  readonly output?: Readonly<Record<string, unknown>>
  readonly branch?: string
  readonly wait?: StepWait
  /**
   * A loop: the step's `branch` runs once per item, in order (at most 1,000 items); inside it
   * `{{loop.<stepId>.item}}` and `{{loop.<stepId>.index}}` name the current one.
   */
  readonly each?: ReadonlyArray<unknown>
  /** Parallel branches: every branch of the step runs at once; the step is done when all are. */
  readonly all?: true
}

/**
 * What a step may wait for: a time; a task (approval or form); the end of a run it started
 * (`ctx.workflows.start`: its output is then `{runId, status, steps}`, its branch the run's status);
 * or an event sent with `ctx.workflows.emit` or `POST /api/workflow-events` (output `{name, key,
 * data}`, branch `received`, or `timeout` after `until`).
 */
export type StepWait =
  | { readonly until: string }
  | { readonly task: TaskRequest }
  | { readonly run: string }
  | { readonly event: { readonly name: string; readonly key: string | null; readonly until?: string | undefined } }

export interface RetryPolicy {
  /** Attempts in all, the first included (1: never retried). */
  readonly attempts: number
  /** First backoff; doubled each attempt, with up to 50 % jitter, capped at `maxBackoffMs`. */
  readonly backoffMs: number
  readonly maxBackoffMs?: number
}

/** What an output variable holds: `id`/`ids` are record or run ids, `user` a person's id, `record` a record's fields by name. */
export type OutputType = 'text' | 'number' | 'boolean' | 'date' | 'id' | 'ids' | 'user' | 'record' | 'list' | 'object' | 'unknown'

/** One output variable of an action: its name, or its name and type. */
export type ActionOutput = string | { readonly name: string; readonly type: OutputType }

/** An action's outputs as `{name, type}` (bare names typed `unknown`). */
export function outputsOf(action: { readonly outputs?: ReadonlyArray<ActionOutput> | undefined }): Array<{ readonly name: string; readonly type: OutputType }> {
  return (action.outputs ?? []).map((o) => (typeof o === 'string' ? { name: o, type: 'unknown' } : o))
}

/** One step of a workflow: validated config in, an outcome for the run. */
export interface ActionDefinition<S extends z.ZodType = z.ZodType, C = z.output<S>> {
  readonly type: string
  readonly label: string
  readonly description?: string
  readonly translations?: WorkflowTypeTranslations
  readonly config: S
  /** Named branches the builder shows under the step (a condition's `then` / `else`). */
  readonly branches?: ReadonlyArray<string>
  /** The user names the step's branches (parallel branches: any step ids the builder's user gives); `branches` is then empty. */
  readonly openBranches?: boolean
  /**
   * The output variables (`steps.<id>.<name>`), for the builder's pickers: a name, or a name with
   * its type (shown beside it, so a person picks a number for a number field). Names alone stay
   * accepted, typed `unknown`.
   */
  readonly outputs?: ReadonlyArray<ActionOutput>
  /** Whether running it twice has the effect of running it once (retries and crash recovery rely on it). */
  readonly idempotent: boolean
  readonly retry?: RetryPolicy
  /** Per attempt; default 30 s. */
  readonly timeoutMs?: number
  /** Where the config names fields of a table, and which outputs hold its records (a rename of a field rewrites them). */
  readonly fieldRefs?: FieldRefs
  /**
   * A step that waits for people (a task): who it goes to, as configured (user ids or variables,
   * and roles). The workflow's answer then warns where one of them may not read the run's table,
   * or only some of its records or fields, so the builder says so before a task shows no record.
   */
  assignees?(config: C): { readonly users: ReadonlyArray<unknown>; readonly roles: ReadonlyArray<string> }
  run(config: C, ctx: ActionContext): Promise<ActionOutcome | undefined> | ActionOutcome | undefined
}

export type AnyTrigger = TriggerDefinition<z.ZodType, unknown>
export type AnyAction = ActionDefinition<z.ZodType, unknown>

export function defineTrigger<S extends z.ZodType>(def: TriggerDefinition<S, z.output<S>>): AnyTrigger {
  return def
}

export function defineAction<S extends z.ZodType>(def: ActionDefinition<S, z.output<S>>): AnyAction {
  return def
}
