import { z } from 'zod'
import { sql } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import { codes } from '../errors/codes.ts'
import { granteeOf } from '../records/write-support.ts'
import type { RecordsService } from '../records/records-service.ts'
import { isUuid, parseOrThrow } from '../validation.ts'
import { triggerOf } from './definition.ts'
import { queueRun } from './dispatcher.ts'
import type { WorkflowEngine } from './engine.ts'
import { cancelRunTree } from './cancel-runs.ts'
import { runEvent } from './run-events.ts'
import type { WorkflowsService } from './workflows-service.ts'

interface RunRow {
  readonly id: string
  readonly company_id: string
  readonly workflow_id: string
  readonly version: number
  readonly status: string
  readonly test: boolean
  readonly trigger: Record<string, unknown>
  readonly run_as: string
  readonly error: unknown
  readonly created_at: Date
  readonly started_at: Date | null
  readonly finished_at: Date | null
}

/**
 * A run as the reader may see it. A run reads and writes as the workflow's `runAs`, so its trigger
 * record, step inputs, outputs and errors can hold what the reader's own rules hide (hidden
 * fields, rows outside their rule, other tables): only those who manage the app get them
 * (`redacted: false`). Others see that runs happened and how they ended, plus the trigger of a
 * manual run they started themselves (its inputs, its record as they read it, how it failed).
 */
function runJson(r: RunRow, reader?: string) {
  const full = reader === undefined
  const own = !full && r.trigger['startedBy'] === reader
  // A manual run's record was read with its starter's own rights (start), so it is theirs to see.
  const { type, startedBy, input, tableId, recordId, record, labels } = r.trigger
  const trigger = full ? r.trigger : { type, ...(own ? { startedBy, input, tableId, recordId, record, labels } : {}) }
  return {
    id: r.id,
    workflowId: r.workflow_id,
    version: r.version,
    status: r.status,
    test: r.test,
    trigger,
    // Their own run's failure is told to its starter (the button on a record says why it failed).
    error: full || own ? (r.error ?? null) : null,
    redacted: !full,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }
}

const Input = z.record(z.string().max(200), z.unknown()).refine((v) => Object.keys(v).length <= 100, 'At most 100 inputs.')
const RunBody = z.object({ input: Input.optional(), recordId: z.uuid().optional().describe('Run it on this record of the table its button shows on') }).strict()
const TestBody = z.object({ recordId: z.uuid().optional(), input: Input.optional() }).strict()
const MAX_INPUT_BYTES = 64 * 1024
/** A test run is answered when it ends, waits, or after this long (it goes on in the background). */
const TEST_WAIT_MS = 10_000

/** Runs of workflows: started by hand or as a test, listed, shown step by step, retried, cancelled. */
export class RunsService {
  constructor(
    private readonly k: KernelContext,
    private readonly workflows: WorkflowsService,
    private readonly records: RecordsService,
    private readonly engine: () => WorkflowEngine | undefined,
  ) {}

  async #may(actor: Actor, appId: string, action: 'view' | 'manage', what: string): Promise<void> {
    if (!(await this.k.permissions.appActions(granteeOf(actor), actor.companyId, appId)).has(action)) throw codes.KRN_ERR_PERMISSION_DENIED(what, 'runs of this workflow')
  }

  /** Undefined when the actor manages the app (sees runs whole), else their id (runJson redacts). */
  async #reader(actor: Actor, appId: string): Promise<string | undefined> {
    const actions = await this.k.permissions.appActions(granteeOf(actor), actor.companyId, appId)
    if (!actions.has('view')) throw codes.KRN_ERR_PERMISSION_DENIED('see', 'runs of this workflow')
    return actions.has('manage') ? undefined : actor.userId
  }

  async #run(actor: Actor, id: string): Promise<RunRow & { app_id: string }> {
    if (!isUuid(id)) throw codes.KRN_ERR_NOT_FOUND('Workflow run', id)
    const r = await this.k.db.one<RunRow & { app_id: string }>(
      sql`select r.*, w.app_id from workflow_runs r join workflows w on w.id = r.workflow_id where r.id = ${id} and r.company_id = ${actor.companyId}`,
    )
    if (!r) throw codes.KRN_ERR_NOT_FOUND('Workflow run', id)
    return r
  }

  async list(actor: Actor, workflowId: string, limit = 50) {
    const w = await this.workflows.row(actor, workflowId)
    const reader = await this.#reader(actor, w.app_id)
    const n = Math.min(Math.max(1, Number.isFinite(limit) ? limit : 50), 200)
    const rows = await this.k.db.query<RunRow>(sql`select * from workflow_runs where workflow_id = ${workflowId} order by created_at desc, id limit ${n}`)
    return { runs: rows.map((r) => runJson(r, reader)) }
  }

  async get(actor: Actor, id: string) {
    const r = await this.#run(actor, id)
    const reader = await this.#reader(actor, r.app_id)
    // Redacted: which steps ran and how they ended, not what they read or wrote.
    const details = reader === undefined ? sql`, input, output, branch, error` : sql``
    const steps = await this.k.db.query(
      sql`select path, step_id as "stepId", type, status, attempt${details}, started_at as "startedAt", finished_at as "finishedAt" from workflow_run_steps where run_id = ${id} order by started_at, path`,
    )
    return { ...runJson(r, reader), steps }
  }

  /** A manual trigger's run: whoever may open the app may start it (a button on a record or view). */
  async start(actor: Actor, workflowId: string, body: unknown) {
    const parsed = parseOrThrow(RunBody, body ?? {})
    const input = parsed.input ?? {}
    if (JSON.stringify(input).length > MAX_INPUT_BYTES) throw codes.KRN_ERR_VALIDATION(`A run's input is at most ${MAX_INPUT_BYTES} bytes of JSON.`, { path: ['input'] })
    const w = await this.workflows.row(actor, workflowId)
    await this.#may(actor, w.app_id, 'view', 'start')
    const trigger = triggerOf(this.k.plugins, w.definition.trigger.type, ['trigger', 'type'])
    if (!trigger.manual) throw codes.KRN_ERR_CONFLICT(`Workflow '${w.name}' starts from its trigger, not by hand: use its test run instead.`)
    if (!w.enabled) throw codes.KRN_ERR_CONFLICT(`Workflow '${w.name}' is disabled: enable it to run it.`)
    for (const i of trigger.inputs?.(w.definition.trigger.config) ?? []) {
      const v = input[i.name]
      if (i.required && (v === undefined || v === null || v === ''))
        throw codes.KRN_ERR_VALIDATION(`Input '${i.name}' is required to run '${w.name}'.`, { path: ['input', i.name] })
    }
    let run: Record<string, unknown> = { type: 'manual', input, startedBy: actor.userId }
    if (parsed.recordId !== undefined) {
      const tableId = trigger.buttonOn?.(w.definition.trigger.config)?.tableId
      if (!tableId) throw codes.KRN_ERR_VALIDATION(`Workflow '${w.name}' is not run on records: run it without one.`, { path: ['recordId'] })
      run = { ...run, tableId, recordId: parsed.recordId, ...(await this.#record(actor, tableId, parsed.recordId)) }
    }
    const id = await this.k.db.transaction((tx) => queueRun(this.k, tx, w, run, actor.userId))
    this.engine()?.poke()
    return runJson(await this.#run(actor, id), await this.#reader(actor, w.app_id))
  }

  /**
   * A run's record as the caller reads it (a record they cannot see is a 404, as anywhere else):
   * its values, and the same by their labels for text (`trigger.labels`, variables.ts).
   */
  async #record(actor: Actor, tableId: string, recordId: string): Promise<{ record: Record<string, unknown>; labels: { record: Record<string, unknown> } }> {
    const both = await this.records.getWithLabels(actor, tableId, recordId)
    const fields = (json: string) => (JSON.parse(json) as { fields: Record<string, unknown> }).fields
    return { record: fields(both.ids), labels: { record: fields(both.labels) } }
  }

  /** Runs the current version now, enabled or not, on a chosen record (its effects are real; the run is marked test). */
  async test(actor: Actor, workflowId: string, body: unknown) {
    const input = parseOrThrow(TestBody, body ?? {})
    const w = await this.workflows.row(actor, workflowId)
    await this.#may(actor, w.app_id, 'manage', 'test')
    const tableId = triggerOf(this.k.plugins, w.definition.trigger.type, ['trigger', 'type']).watches?.(w.definition.trigger.config)?.tableId
    let trigger: Record<string, unknown> = { type: 'test', input: input.input ?? {} }
    if (input.recordId !== undefined) {
      if (!tableId) throw codes.KRN_ERR_VALIDATION('This workflow does not start from a table: test it without a record.', { path: ['recordId'] })
      trigger = { ...trigger, tableId, recordId: input.recordId, ...(await this.#record(actor, tableId, input.recordId)) }
    }
    const id = await this.k.db.transaction((tx) => queueRun(this.k, tx, w, trigger, actor.userId, true))
    this.engine()?.poke()
    const until = Date.now() + TEST_WAIT_MS
    for (;;) {
      const r = await this.get(actor, id)
      if (!['queued', 'running'].includes(r.status) || Date.now() > until) return r
      await new Promise((res) => setTimeout(res, 25))
    }
  }

  /**
   * A failed run goes on from its failed step (the steps before it are not run again), as the
   * version it ran (`version: 'run'`) or as the workflow now stands (`'current'`, after fixing the
   * step that failed, as n8n offers): then a step that completed keeps its result where the
   * current version has it at the same place (same step ids), and every other step runs.
   */
  async retry(actor: Actor, id: string, opts: { version?: 'run' | 'current' } = {}) {
    const r = await this.#run(actor, id)
    await this.#may(actor, r.app_id, 'manage', 'retry')
    const current = opts.version === 'current'
    const done = await this.k.db.one<{ version: number }>(
      sql`update workflow_runs set status = 'queued', error = null, finished_at = null, next_at = now(),
          version = case when ${current} then (select w.version from workflows w where w.id = workflow_runs.workflow_id) else version end
          where id = ${id} and status = 'failed' returning version`,
    )
    if (!done) throw codes.KRN_ERR_CONFLICT(`Only a failed run can be retried (this one is ${r.status}).`)
    await runEvent(this.k, r, 'workflow.resumed', { retried: true, version: done.version, ...(done.version !== r.version ? { from: r.version } : {}) })
    this.engine()?.poke()
    return this.get(actor, id)
  }

  async cancel(actor: Actor, id: string) {
    const r = await this.#run(actor, id)
    await this.#may(actor, r.app_id, 'manage', 'cancel')
    // The run and the sub-runs it started, in one transaction.
    const cancelled = await this.k.db.transaction((tx) => cancelRunTree(tx, id))
    if (!cancelled.length) throw codes.KRN_ERR_CONFLICT(`Only a queued, running or waiting run can be cancelled (this one is ${r.status}).`)
    for (const c of cancelled) this.engine()?.abort(c.id)
    await runEvent(this.k, r, 'workflow.cancelled', { by: actor.userId })
    for (const c of cancelled.slice(1)) await runEvent(this.k, c, 'workflow.cancelled', { by: actor.userId, parentCancelled: id })
    return this.get(actor, id)
  }
}
