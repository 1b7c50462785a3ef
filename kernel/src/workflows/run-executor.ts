import { sql, type ActionOutcome } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { RecordsService } from '../records/records-service.ts'
import { backoffMs, DEFAULT_RETRY } from './attempts.ts'
import type { StepDef, WorkflowDefinition } from './definition.ts'
import { callAction, runActor } from './call-action.ts'
import { fillVariables } from './variables.ts'
import { runEvent } from './run-events.ts'
import { waitFor, waitOver } from './waits.ts'

/** A claimed run, as the executor reads it. */
export interface ClaimedRun {
  readonly id: string
  readonly company_id: string
  readonly workflow_id: string
  readonly version: number
  readonly trigger: Record<string, unknown>
  readonly run_as: string
}

interface StepRow {
  readonly path: string
  readonly status: string
  readonly attempt: number
  readonly output: Record<string, unknown> | null
  readonly branch: string | null
}

/** Why the executor stopped before the end: to wait, to retry later, or because the run is no longer its own. */
type Stop = { readonly stop: 'wait' | 'retry' | 'lost' | 'failed' }

/**
 * Executes a claimed run from where it stands: steps already completed are replayed from their
 * stored output (and branch), the next one is started, stored as running, run, and its result
 * stored before the one after it starts. A step found "running" was cut off by a crash: it runs
 * again with the same idempotency key. Every write checks the lease (`lease_owner`), so a process
 * that lost the run to another stops at its next step.
 */
export class RunExecutor {
  readonly #versions = new Map<string, { definition: WorkflowDefinition }>()
  constructor(
    private readonly k: KernelContext,
    private readonly records: RecordsService,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  async execute(run: ClaimedRun, signal: AbortSignal): Promise<void> {
    const v = await this.#version(run)
    if (!v) return this.#finish(run, 'failed', { message: `version ${run.version} of the workflow is gone` })
    const rows = await this.k.db.query<StepRow>(sql`select path, status, attempt, output, branch from workflow_run_steps where run_id = ${run.id}`)
    const done = new Map(rows.map((r) => [r.path, r]))
    if (!rows.length) await runEvent(this.k, run, 'workflow.started', { version: run.version })
    const actor = await runActor(this.k, run)
    const vars: { trigger: Record<string, unknown>; steps: Record<string, unknown> } = { trigger: run.trigger, steps: {} }
    const result = await this.#walk(run, v.definition.steps, '', vars, done, actor, signal)
    if (result) return
    await this.#finish(run, 'completed', null)
  }

  /** A version never changes once saved: read once per process (a bounded cache). */
  async #version(run: ClaimedRun): Promise<{ definition: WorkflowDefinition } | undefined> {
    const key = `${run.workflow_id}:${run.version}`
    const hit = this.#versions.get(key)
    if (hit) return hit
    const v = await this.k.db.one<{ definition: WorkflowDefinition }>(
      sql`select definition from workflow_versions where workflow_id = ${run.workflow_id} and version = ${run.version}`,
    )
    if (v) {
      if (this.#versions.size >= 500) this.#versions.clear()
      this.#versions.set(key, v)
    }
    return v
  }

  async #walk(
    run: ClaimedRun,
    steps: ReadonlyArray<StepDef>,
    prefix: string,
    vars: { steps: Record<string, unknown> },
    done: Map<string, StepRow>,
    actor: Actor,
    signal: AbortSignal,
  ): Promise<Stop | undefined> {
    for (const step of steps) {
      const path = prefix + step.id
      const prior = done.get(path)
      let outcome: { output: Record<string, unknown>; branch: string | null }
      if (prior && (prior.status === 'completed' || prior.status === 'skipped')) outcome = { output: prior.output ?? {}, branch: prior.branch }
      else if (prior?.status === 'waiting') {
        if (!(await waitOver(this.k.db, run.id, path))) {
          await this.k.db.query(
            sql`update workflow_runs set status = 'waiting', next_at = 'infinity', lease_owner = null, lease_until = null where id = ${run.id} and lease_owner = ${this.owner}`,
          )
          return { stop: 'wait' }
        }
        outcome = { output: prior.output ?? {}, branch: prior.branch }
      } else {
        const r = await this.#runStep(run, step, path, prior, vars, actor, signal)
        if ('stop' in r) return r
        outcome = r
      }
      vars.steps[step.id] = outcome.output
      const branch = outcome.branch ? step.branches?.[outcome.branch] : undefined
      if (branch) {
        const stop = await this.#walk(run, branch, `${path}/${outcome.branch}/`, vars, done, actor, signal)
        if (stop) return stop
      }
    }
    return undefined
  }

  async #runStep(
    run: ClaimedRun,
    step: StepDef,
    path: string,
    prior: StepRow | undefined,
    vars: unknown,
    actor: Actor,
    signal: AbortSignal,
  ): Promise<Stop | { output: Record<string, unknown>; branch: string | null }> {
    const attempt = (prior?.attempt ?? 0) + 1
    const action = this.k.plugins.registries.actions.get(step.type)
    const input = fillVariables(step.config, vars)
    // Stored before the action runs: a crash from here on leaves the step "running", to run again.
    const held = await this.k.db.one<{ id: string }>(
      sql`with lease as (update workflow_runs set lease_until = now() + ${this.leaseMs} * interval '1 millisecond' where id = ${run.id} and lease_owner = ${this.owner} and status = 'running' returning id)
          insert into workflow_run_steps (run_id, path, step_id, type, status, attempt, input, started_at) select id, ${path}, ${step.id}, ${step.type}, 'running', ${attempt}, ${JSON.stringify(input ?? null)}::jsonb, now() from lease
          on conflict (run_id, path) do update set status = 'running', attempt = excluded.attempt, input = excluded.input, error = null, started_at = now(), finished_at = null returning run_id as id`,
    )
    if (!held) return { stop: 'lost' }
    if (!action) return this.#fail(run, path, step, attempt, `no enabled plugin provides the action '${step.type}'`, DEFAULT_RETRY.attempts)
    const policy = action.retry ?? DEFAULT_RETRY
    let outcome: ActionOutcome | undefined
    try {
      outcome = await callAction(this.k, this.records, action, run, step, { path, attempt, input, vars, actor }, signal)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      if (signal.aborted) return { stop: 'lost' }
      if (attempt < policy.attempts) {
        await this.k.db.query(
          sql`with s as (update workflow_run_steps set error = ${JSON.stringify({ message, attempt })}::jsonb where run_id = ${run.id} and path = ${path})
              update workflow_runs set status = 'queued', lease_owner = null, lease_until = null, next_at = now() + ${backoffMs(policy, attempt)} * interval '1 millisecond' where id = ${run.id} and lease_owner = ${this.owner}`,
        )
        return { stop: 'retry' }
      }
      return this.#fail(run, path, step, attempt, message, policy.attempts)
    }
    const output = outcome?.output ?? {}
    const branch = outcome?.branch ?? null
    if (branch !== null && !(step.branches && branch in step.branches) && !(action.branches ?? []).includes(branch)) {
      return this.#fail(run, path, step, attempt, `the action answered branch '${branch}', which it does not declare`, policy.attempts)
    }
    const wait = outcome?.wait
    if (wait) {
      await waitFor(this.k, run, path, step, wait, output, this.owner)
      return { stop: 'wait' }
    }
    await this.k.db.query(
      sql`update workflow_run_steps set status = 'completed', output = ${JSON.stringify(output)}::jsonb, branch = ${branch}, finished_at = now() where run_id = ${run.id} and path = ${path} and status = 'running'`,
    )
    await runEvent(this.k, run, 'workflow.action.executed', { path, type: step.type, attempt, branch })
    return { output, branch }
  }

  async #fail(run: ClaimedRun, path: string, step: StepDef, attempt: number, message: string, attempts: number): Promise<Stop> {
    const error = { message, step: step.id, path, type: step.type, attempt, attempts }
    await this.k.db.query(
      sql`update workflow_run_steps set status = 'failed', error = ${JSON.stringify(error)}::jsonb, finished_at = now() where run_id = ${run.id} and path = ${path}`,
    )
    await runEvent(this.k, run, 'workflow.action.failed', error)
    await this.#finish(run, 'failed', error)
    return { stop: 'failed' }
  }

  async #finish(run: ClaimedRun, status: 'completed' | 'failed', error: Record<string, unknown> | null): Promise<void> {
    const r = await this.k.db.one<{ id: string }>(
      sql`update workflow_runs set status = ${status}, error = ${error === null ? null : JSON.stringify(error)}::jsonb, finished_at = now(), lease_owner = null, lease_until = null where id = ${run.id} and lease_owner = ${this.owner} and status = 'running' returning id`,
    )
    if (r) await runEvent(this.k, run, status === 'completed' ? 'workflow.completed' : 'workflow.failed', error ?? {})
  }
}
