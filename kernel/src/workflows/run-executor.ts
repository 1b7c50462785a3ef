import { arrayLiteral, sql, type ActionOutcome } from '@docpal/plugin-sdk'
import type { Actor, KernelContext } from '../context.ts'
import type { RecordsService } from '../records/records-service.ts'
import { backoffMs, DEFAULT_RETRY } from './attempts.ts'
import type { StepDef, WorkflowDefinition } from './definition.ts'
import { callAction, runActor } from './call-action.ts'
import { fillVariables } from './variables.ts'
import { runEvent } from './run-events.ts'
import { completeStep, fanOf, noteStepError, type Fan } from './step-rows.ts'
import { settleParent } from './sub-runs.ts'
import { waitFor, waitOver, type Wake } from './waits.ts'
import { wakeRun } from './wait-settle.ts'
import { failedBranch, stepFailure, type StepFailure } from './step-failure.ts'
import { codes } from '../errors/codes.ts'

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
  readonly fan: Fan | null
}

/** The run's variables: the trigger, earlier steps' outputs, the current item of each loop under way. */
interface Vars {
  readonly trigger: Record<string, unknown>
  readonly steps: Record<string, unknown>
  readonly loop: Record<string, { item: unknown; index: number }>
}

/**
 * Why a walk stopped before the end: to wait (when to look again, and at which steps), to retry a
 * step at a time, because the run is no longer this process's, or because it failed (finished).
 */
type Stop =
  { readonly stop: 'wait'; readonly wake: Wake; readonly paths: ReadonlyArray<string> } | { readonly stop: 'retry'; readonly at: Date } | { readonly stop: 'lost' | 'failed' }

const RANK = { failed: 4, lost: 3, retry: 2, wait: 1 } as const

/** The stop of parallel branches: the gravest wins; waits merge (earliest wake, every waiting step). */
function merge(stops: ReadonlyArray<Stop | undefined>): Stop | undefined {
  let out: Stop | undefined
  for (const s of stops) {
    if (!s) continue
    if (!out || RANK[s.stop] > RANK[out.stop]) out = s
    else if (s.stop === 'wait' && out.stop === 'wait') {
      const wake = out.wake === 'never' ? s.wake : s.wake === 'never' || out.wake < s.wake ? out.wake : s.wake
      out = { stop: 'wait', wake, paths: [...out.paths, ...s.paths] }
    }
  }
  return out
}

/**
 * Executes a claimed run from where it stands: steps already completed are replayed from their
 * stored output (branch, loop items), the next one is started, stored as running, run, and its
 * result stored before the one after it starts. A step found "running" was cut off by a crash: it
 * runs again with the same idempotency key. Every write checks the lease (`lease_owner`), so a
 * process that lost the run to another stops at its next step. The run's own state (waiting,
 * queued for a retry) changes only once every branch under way has stopped.
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
    if (!v) return this.#finish(run, 'failed', { ...stepFailure(codes.KRN_ERR_WORKFLOW_VERSION_GONE(run.version)) })
    const rows = await this.k.db.query<StepRow>(sql`select path, status, attempt, output, branch, fan from workflow_run_steps where run_id = ${run.id}`)
    const done = new Map(rows.map((r) => [r.path, r]))
    if (!rows.length) await runEvent(this.k, run, 'workflow.started', { version: run.version })
    const actor = await runActor(this.k, run)
    const vars: Vars = { trigger: run.trigger, steps: {}, loop: {} }
    const stop = await this.#walk(run, v.definition.steps, '', vars, done, actor, signal)
    if (!stop) return this.#finish(run, 'completed', null)
    if (stop.stop === 'wait') return this.#park(run, stop.wake, stop.paths)
    if (stop.stop === 'retry') {
      await this.k.db.query(
        sql`update workflow_runs set status = 'queued', lease_owner = null, lease_until = null, next_at = ${stop.at} where id = ${run.id} and lease_owner = ${this.owner} and status = 'running'`,
      )
    }
  }

  /** Parks a run whose branches all wait; a step settled meanwhile (its settler found the run still running) wakes it again at once. */
  async #park(run: ClaimedRun, wake: Wake, paths: ReadonlyArray<string>): Promise<void> {
    const parked = await this.k.db.one(
      sql`update workflow_runs set status = 'waiting', next_at = ${wake === 'never' ? 'infinity' : wake.toISOString()}::timestamptz, lease_owner = null, lease_until = null
          where id = ${run.id} and lease_owner = ${this.owner} and status = 'running' returning id`,
    )
    if (!parked) return
    const settled = await this.k.db.one(
      sql`select 1 from workflow_run_steps where run_id = ${run.id} and path = any(${arrayLiteral([...paths])}::text[]) and status <> 'waiting' limit 1`,
    )
    if (settled) await wakeRun(this.k.db, run.id)
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
    vars: Vars,
    done: Map<string, StepRow>,
    actor: Actor,
    signal: AbortSignal,
  ): Promise<Stop | undefined> {
    for (const step of steps) {
      const path = prefix + step.id
      const prior = done.get(path)
      let outcome: { output: Record<string, unknown>; branch: string | null; fan: Fan | null }
      if (prior && (prior.status === 'completed' || prior.status === 'skipped')) outcome = { output: prior.output ?? {}, branch: prior.branch, fan: prior.fan }
      else if (prior?.status === 'waiting') {
        const w = await waitOver(this.k.db, run.id, path)
        if (!w.over) return { stop: 'wait', wake: w.wake, paths: [path] }
        const row = await this.k.db.one<StepRow>(sql`select path, status, attempt, output, branch, fan from workflow_run_steps where run_id = ${run.id} and path = ${path}`)
        outcome = { output: row?.output ?? {}, branch: row?.branch ?? null, fan: row?.fan ?? null }
      } else {
        const r = await this.#runStep(run, step, path, prior, vars, actor, signal)
        if ('stop' in r) return r
        outcome = r
      }
      if (outcome.branch === 'failed' && !step.branches?.['failed'])
        return this.#fail(run, path, step, prior?.attempt ?? 1, failedBranch(step.id, step.type, outcome.output['error']), 1)
      vars.steps[step.id] = outcome.output
      const stop = await this.#fanOut(run, step, path, outcome, vars, done, actor, signal)
      if (stop) return stop
    }
    return undefined
  }

  /** The branches under a done step: the one it answered, that one once per loop item, or all of them at once. */
  async #fanOut(
    run: ClaimedRun,
    step: StepDef,
    path: string,
    outcome: { branch: string | null; fan: Fan | null },
    vars: Vars,
    done: Map<string, StepRow>,
    actor: Actor,
    signal: AbortSignal,
  ): Promise<Stop | undefined> {
    const branches = step.branches ?? {}
    if (outcome.fan && 'all' in outcome.fan) {
      return merge(await Promise.all(Object.entries(branches).map(([name, list]) => this.#walk(run, list, `${path}/${name}/`, vars, done, actor, signal))))
    }
    const list = outcome.branch !== null ? branches[outcome.branch] : undefined
    if (!list) return undefined
    if (!outcome.fan) return this.#walk(run, list, `${path}/${outcome.branch}/`, vars, done, actor, signal)
    for (const [index, item] of outcome.fan.each.entries()) {
      vars.loop[step.id] = { item, index }
      const stop = await this.#walk(run, list, `${path}/${outcome.branch}/${index}/`, vars, done, actor, signal)
      if (stop) return stop
    }
    Reflect.deleteProperty(vars.loop, step.id)
    return undefined
  }

  async #runStep(
    run: ClaimedRun,
    step: StepDef,
    path: string,
    prior: StepRow | undefined,
    vars: Vars,
    actor: Actor,
    signal: AbortSignal,
  ): Promise<Stop | { output: Record<string, unknown>; branch: string | null; fan: Fan | null }> {
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
    if (!action) return this.#fail(run, path, step, attempt, stepFailure(codes.KRN_ERR_WORKFLOW_ACTION_UNAVAILABLE(step.type)), DEFAULT_RETRY.attempts)
    const policy = action.retry ?? DEFAULT_RETRY
    let outcome: ActionOutcome | undefined
    let fan: Fan | null
    try {
      outcome = await callAction(this.k, this.records, action, run, step, { path, attempt, input, vars, actor }, signal)
      fan = fanOf(outcome)
    } catch (err) {
      if (signal.aborted) return { stop: 'lost' }
      const failure = stepFailure(err, action)
      if (attempt < policy.attempts) {
        await noteStepError(this.k.db, run.id, path, failure, attempt)
        return { stop: 'retry', at: new Date(Date.now() + backoffMs(policy, attempt)) }
      }
      return this.#fail(run, path, step, attempt, failure, policy.attempts)
    }
    const output = outcome?.output ?? {}
    const branch = outcome?.branch ?? null
    if (branch !== null && !(step.branches && branch in step.branches) && !(action.branches ?? []).includes(branch)) {
      return this.#fail(run, path, step, attempt, stepFailure(codes.KRN_ERR_WORKFLOW_BRANCH_UNDECLARED(branch)), policy.attempts)
    }
    if (outcome?.wait) {
      try {
        return { stop: 'wait', wake: await waitFor(this.k, run, path, step, outcome.wait, output), paths: [path] }
      } catch (err) {
        return this.#fail(run, path, step, attempt, stepFailure(err, action), policy.attempts)
      }
    }
    await completeStep(this.k.db, run.id, path, { output, branch, fan })
    await runEvent(this.k, run, 'workflow.action.executed', { path, type: step.type, attempt, branch })
    return { output, branch, fan }
  }

  async #fail(run: ClaimedRun, path: string, step: StepDef, attempt: number, failure: StepFailure, attempts: number): Promise<Stop> {
    const error = { ...failure, step: step.id, path, type: step.type, attempt, attempts }
    await this.k.db.query(
      sql`update workflow_run_steps set status = 'failed', error = ${JSON.stringify(error)}::jsonb, finished_at = now() where run_id = ${run.id} and path = ${path}`,
    )
    await runEvent(this.k, run, 'workflow.action.failed', error)
    await this.#finish(run, 'failed', error)
    return { stop: 'failed' }
  }

  async #finish(run: ClaimedRun, status: 'completed' | 'failed', error: Record<string, unknown> | null): Promise<void> {
    const end = sql`update workflow_runs set status = ${status}, error = ${error === null ? null : JSON.stringify(error)}::jsonb, finished_at = now(), lease_owner = null, lease_until = null
                    where id = ${run.id} and lease_owner = ${this.owner} and status = 'running' returning parent_run_id, parent_path`
    // Most runs have no parent: one statement; a sub-run settles its waiting parent in the same transaction.
    const ended =
      run.trigger['parentRunId'] === undefined
        ? (await this.k.db.one(end)) !== undefined
        : await this.k.db.transaction(async (tx) => {
            const r = await tx.one<{ parent_run_id: string | null; parent_path: string | null }>(end)
            if (r) await settleParent(tx, run.id, r)
            return r !== undefined
          })
    if (ended) await runEvent(this.k, run, status === 'completed' ? 'workflow.completed' : 'workflow.failed', error ?? {})
  }
}
