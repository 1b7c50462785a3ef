import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { sql } from '@docpal/plugin-sdk'
import type { KernelContext } from '../context.ts'
import type { RecordsService } from '../records/records-service.ts'
import { BATCH as DISPATCH_BATCH, dispatchOutbox } from './dispatcher.ts'
import { RunExecutor, type ClaimedRun } from './run-executor.ts'
import { fireSchedules } from './schedules.ts'
import { expireTasks } from './task-timeouts.ts'

/** How long a wake waits for more writes to dispatch with it (latency bought for fewer transactions). */
const GATHER_MS = 3

export interface EngineOptions {
  /** How often the engine looks for work nobody told it about (other processes, times come). */
  readonly pollMs?: number
  /** How long a claimed run is a process's own without a sign of life; then another takes it over. */
  readonly leaseMs?: number
  /** Runs executed at once by this process. */
  readonly concurrency?: number
  /**
   * Hands each claimed run to another executor instead of running it here (Temporal, when
   * TEMPORAL_ADDRESS is set: host-server/src/temporal). Called again for a run resumed after a task.
   */
  readonly handOff?: (run: ClaimedRun) => Promise<void>
}

/**
 * The embedded durable runner (issue 18): committed writes in the outbox become runs, runs are
 * claimed with a lease (`FOR UPDATE SKIP LOCKED`, so several processes on one PostgreSQL share the
 * work and each run has one executor), executed step by step, and resumed after a crash from
 * their last stored step. Woken by this process's writes to watched tables and by its own API
 * (runs started, tasks answered), and by a poll for the rest (other processes' writes, times
 * come, expired leases).
 */
export class WorkflowEngine {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  readonly #executor: RunExecutor
  readonly #inflight = new Map<string, AbortController>()
  readonly #pollMs: number
  readonly #leaseMs: number
  readonly #concurrency: number
  readonly #handOff: EngineOptions['handOff']
  #timer: NodeJS.Timeout | undefined
  #ticking: Promise<void> | undefined
  #again = false
  #stopped = true
  /** What the next tick looks at beyond the outbox: runs to claim, and times come (schedules, task deadlines). */
  #claim = true
  #timed = true
  /** Tables an enabled workflow watches: only their writes wake the engine (others have nothing in the outbox). */
  #watched = new Set<string>()

  constructor(
    private readonly k: KernelContext,
    records: RecordsService,
    opts: EngineOptions = {},
  ) {
    this.#pollMs = opts.pollMs ?? 1000
    this.#leaseMs = opts.leaseMs ?? 30_000
    this.#concurrency = opts.concurrency ?? 8
    this.#handOff = opts.handOff
    this.#executor = new RunExecutor(k, records, this.owner, this.#leaseMs)
  }

  async start(): Promise<void> {
    this.#stopped = false
    // Embedded PGlite has one process: whatever ran when it last stopped is this process's to resume now.
    if (!this.k.db.listen) await this.k.db.query(sql`update workflow_runs set lease_owner = null, lease_until = null where status = 'running'`)
    const written = ({ tableId }: { tableId: string }) => {
      if (this.#watched.has(tableId)) this.#wake()
    }
    for (const e of ['record.created', 'record.updated', 'record.deleted', 'records.bulkCreated'] as const) this.k.events.on(e, written)
    await this.watchedChanged()
    // The poll: other processes' writes and runs, times come, expired leases, and the watched set again.
    this.#timer = setInterval(() => {
      this.#timed = true
      void this.watchedChanged().catch((err: unknown) =>
        this.k.logger.warn('could not read the watched tables', { owner: this.owner, err: err instanceof Error ? err.message : String(err) }),
      )
      this.poke()
    }, this.#pollMs)
    this.#timer.unref()
    this.poke()
  }

  /** Reads again which tables enabled workflows watch (after a workflow is saved, enabled, disabled or deleted). */
  async watchedChanged(): Promise<void> {
    const rows = await this.k.db.query<{ id: string }>(sql`select distinct watched_table_id::text as id from workflows where enabled and watched_table_id is not null`)
    this.#watched = new Set(rows.map((r) => r.id))
  }

  /** Looks for work now, runs included (coalesced: a tick under way runs once more instead). */
  poke(): void {
    this.#claim = true
    this.#wake()
  }

  /** A watched table was written: the outbox has rows (runs are claimed if they queue any). */
  #wake(): void {
    if (this.#stopped) return
    if (this.#ticking) {
      this.#again = true
      return
    }
    // A few ms of grace gathers the writes of concurrent requests into one dispatch transaction.
    this.#ticking = new Promise<void>((r) => setTimeout(r, GATHER_MS))
      .then(() => this.#tick())
      .finally(() => {
        this.#ticking = undefined
        if (this.#again && !this.#stopped) this.#wake()
      })
  }

  /** Resolves when no work is under way in this process (tests, drains). */
  async idle(): Promise<void> {
    while (this.#ticking) await this.#ticking
  }

  /** Aborts the step a run of this process is executing (its cancellation). */
  abort(runId: string): void {
    this.#inflight.get(runId)?.abort(new Error('the run was cancelled'))
  }

  async #tick(): Promise<void> {
    this.#again = false
    try {
      for (;;) {
        const { taken, queued } = await dispatchOutbox(this.k)
        if (this.#timed) {
          this.#timed = false
          if ((await fireSchedules(this.k)) + (await expireTasks(this.k)) > 0) this.#claim = true
        }
        if (queued > 0) this.#claim = true
        const claim = this.#claim
        this.#claim = false
        const runs = claim ? await this.#claimRuns() : []
        // A full batch may have more behind it.
        if (runs.length) this.#claim = true
        await Promise.all(runs.map((r) => this.#execute(r)))
        // A slice that was not full emptied the outbox as far as this process knows: writes made
        // since woke it again (#again), other processes' writes wait for the poll. Asking once
        // more would cost an empty dispatch transaction per wake, a share of every watched write.
        if (taken < DISPATCH_BATCH && !runs.length) break
        if (this.#stopped) break
      }
    } catch (err) {
      this.k.logger.error('workflow engine tick failed; it tries again at the next poll', {
        owner: this.owner,
        err: err instanceof Error ? (err.stack ?? err.message) : String(err),
      })
    }
  }

  async #claimRuns(): Promise<ClaimedRun[]> {
    const free = this.#concurrency - this.#inflight.size
    if (free <= 0) return []
    return this.k.db.query<ClaimedRun>(
      sql`update workflow_runs r set status = 'running', lease_owner = ${this.owner}, lease_until = now() + ${this.#leaseMs} * interval '1 millisecond', started_at = coalesce(r.started_at, now())
          where r.id in (select id from workflow_runs where status in ('queued', 'running', 'waiting') and next_at <= now() and (lease_until is null or lease_until < now()) order by next_at limit ${free} for update skip locked)
          returning r.id, r.company_id, r.workflow_id, r.version, r.trigger, r.run_as`,
    )
  }

  async #execute(run: ClaimedRun): Promise<void> {
    const ctl = new AbortController()
    this.#inflight.set(run.id, ctl)
    try {
      if (this.#handOff) {
        await this.#handOff(run)
        // Its executor owns it now: no lease of this process's expires under it.
        await this.k.db.query(sql`update workflow_runs set lease_owner = 'temporal', lease_until = 'infinity' where id = ${run.id} and lease_owner = ${this.owner}`)
      } else await this.#executor.execute(run, ctl.signal)
    } catch (err) {
      // The lease runs out and the run is taken up again (by this process or another).
      this.k.logger.error('workflow run failed to execute; it resumes when its lease expires', {
        run: run.id,
        workflow: run.workflow_id,
        err: err instanceof Error ? (err.stack ?? err.message) : String(err),
      })
    } finally {
      this.#inflight.delete(run.id)
    }
  }

  /** Stops taking work; runs under way finish their current step, and what is left is released for the next start (or another process). */
  async stop(): Promise<void> {
    this.#stopped = true
    clearInterval(this.#timer)
    await this.idle()
    await this.k.db.query(
      sql`update workflow_runs set lease_owner = null, lease_until = null, status = case when status = 'running' then 'queued' else status end where lease_owner = ${this.owner}`,
    )
  }
}
