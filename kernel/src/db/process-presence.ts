import { sql } from '@docpal/plugin-sdk'
import type { Logger } from '../logger.ts'
import { isLockTimeout } from './advisory-locks.ts'
import type { DedicatedConnection } from './executor.ts'

/** What requests ask of this process's place among the server processes on its database. */
export interface Presence {
  /**
   * No other server process is on the database, and none can start serving before this one knows:
   * what this process keeps in memory is all that changed, so requests need not check it against
   * the database (auth/freshness-check.ts).
   */
  readonly solo: boolean
  /** Undefined while this process holds its place; else resolves once it holds it again (its connection dropped). */
  whilePresent(): Promise<void> | undefined
  /** Runs before this process goes solo again after others were on the database (forget what they may have changed). */
  onSolo(fn: () => void | Promise<void>): void
}

// The two-int4 form of advisory keys ('doc', 'pres'): objsubid 2 in pg_locks, apart from the bigint keys used elsewhere.
const K1 = 0x646f63
const K2 = 0x70726573
/** How often a solo process looks for a process waiting to join. */
const WATCH_MS = 200
/** How often a process among others tries to become the only one. */
const SOLO_TRY_MS = 2_000
/**
 * A process that got the exclusive key keeps checking for this long before it goes solo: the
 * requests of a process whose presence connection dropped (it stops taking new ones) finish
 * meanwhile. One that commits later still is seen by the solo process only when its cache entry
 * ages out (30 s), as is a change made with SQL outside any server process.
 */
const SETTLE_MS = 5_000
/** A joining process gives up after this long (a solo process that never yields is a defect). */
const JOIN_LIMIT_MS = 120_000

/**
 * A server process of a build before this one is connected (its pool is named 'docpal', see
 * postgres-driver.ts POOL_NAME): it holds no key and cannot be seen waiting, so while one is there
 * (a rolling upgrade) no process goes solo.
 */
const OLDER_PROCESS = sql`exists (select 1 from pg_stat_activity where datname = current_database() and application_name = 'docpal')`

type Mode = 'none' | 'solo' | 'shared' | 'settling'

/**
 * Each server process holds an advisory key on a connection of its own (issue 16: the per-request
 * freshness statement costs a single-process deployment ~20% of its reads for nothing). Alone, a
 * process holds it EXCLUSIVE and skips the per-request check; a process that starts asks for it
 * SHARED, and waits: the solo process sees the waiter in pg_locks within WATCH_MS, starts checking
 * every request, takes the key SHARED and lets go of its EXCLUSIVE hold, and only then can the new
 * one serve. With others present a process tries for EXCLUSIVE now and then; once it holds it (the
 * others are gone) it settles, forgets what they may have changed, and goes solo. A process whose
 * connection drops stops taking requests until it holds its key again.
 */
export class ProcessPresence implements Presence {
  #mode: Mode = 'none'
  #holdsShared = false
  #settleEnd = 0
  #closed = false
  #failing = false
  #timer: ReturnType<typeof setTimeout> | undefined
  #conn: DedicatedConnection
  #lost: { promise: Promise<void>; resolve: () => void } | undefined
  #onSolo: Array<() => void | Promise<void>> = []

  /** `open`: the database's `dedicated` connection. */
  constructor(
    open: (onClose: () => void) => DedicatedConnection,
    private readonly logger: Logger,
  ) {
    this.#conn = open(() => this.#dropped())
  }

  get solo(): boolean {
    return this.#mode === 'solo'
  }

  whilePresent(): Promise<void> | undefined {
    return this.#lost?.promise
  }

  onSolo(fn: () => void | Promise<void>): void {
    this.#onSolo.push(fn)
  }

  /** Takes this process's place: solo if it is the first, else once the solo one has yielded. */
  async start(): Promise<void> {
    await this.#take(false)
    this.#schedule()
  }

  async stop(): Promise<void> {
    this.#closed = true
    this.#mode = 'none'
    clearTimeout(this.#timer)
    // Ending the session lets go of its keys.
    await this.#conn.close()
  }

  async #take(afterDrop: boolean): Promise<void> {
    const ex = this.#conn.ex
    if (await this.#tryExclusive()) {
      this.#holdsShared = false
      // After a drop others may have served meanwhile: settle and catch up first.
      if (afterDrop) this.#settle()
      else this.#mode = 'solo'
      return
    }
    const until = Date.now() + JOIN_LIMIT_MS
    for (;;) {
      try {
        // Waits up to the connection's lock_timeout (1 s), visibly (pg_locks) to the solo process.
        await ex.query(sql`select pg_advisory_lock_shared(${K1}::int, ${K2}::int)`)
        break
      } catch (err) {
        if (!isLockTimeout(err)) throw err
        if (Date.now() > until)
          throw new Error(`the DocPal server process alone on this database did not let this one in within ${JOIN_LIMIT_MS / 1000} s (it should within 200 ms): is it stuck?`, {
            cause: err,
          })
      }
    }
    this.#holdsShared = true
    this.#mode = 'shared'
  }

  /** The key EXCLUSIVE if no other process holds it and none of an older build is connected. */
  async #tryExclusive(): Promise<boolean> {
    const row = await this.#conn.ex.one<{ ok: boolean }>(sql`select case when ${OLDER_PROCESS} then false else pg_try_advisory_lock(${K1}::int, ${K2}::int) end as ok`)
    return row?.ok === true
  }

  /** The mode as it is now: after an await, not as it was narrowed before it. */
  #now(): Mode {
    return this.#mode
  }

  #settle(): void {
    this.#mode = 'settling'
    this.#settleEnd = Date.now() + SETTLE_MS
  }

  #schedule(): void {
    if (this.#closed) return
    const wait = this.#mode === 'shared' ? SOLO_TRY_MS : WATCH_MS
    this.#timer = setTimeout(() => {
      this.#step().then(
        () => {
          this.#failing = false
          this.#schedule()
        },
        (err: unknown) => {
          if (this.#closed) return
          // Once per run of failures: a database that is gone would otherwise log every 200 ms.
          if (!this.#failing)
            this.logger.warn('server process presence: a step failed; requests wait (up to 10 s, then 503) until it holds its key again', { err: String(err), mode: this.#mode })
          this.#failing = true
          this.#dropped()
          this.#schedule()
        },
      )
    }, wait)
    this.#timer.unref()
  }

  async #step(): Promise<void> {
    const ex = this.#conn.ex
    switch (this.#mode) {
      case 'none':
        await this.#take(true)
        this.#lost?.resolve()
        this.#lost = undefined
        return
      case 'shared': {
        if (await this.#tryExclusive()) this.#settle()
        return
      }
      case 'solo':
      case 'settling': {
        const w = await ex.one<{ waiting: boolean }>(
          sql`select exists (select 1 from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())
            and classid = ${K1}::int::oid and objid = ${K2}::int::oid and objsubid = 2 and not granted) or ${OLDER_PROCESS} as waiting`,
        )
        if (w?.waiting) return this.#yield()
        if (this.#mode === 'settling' && Date.now() >= this.#settleEnd) {
          for (const fn of this.#onSolo) await fn()
          if (this.#holdsShared) await ex.query(sql`select pg_advisory_unlock_shared(${K1}::int, ${K2}::int)`)
          this.#holdsShared = false
          // A process may have started waiting during the catch-up: it is seen at the next step. A
          // drop or stop meanwhile left another mode, which stands.
          if (this.#now() === 'settling') this.#mode = 'solo'
        }
        return
      }
    }
  }

  /** A process waits to join: check every request from now on, then let it in. */
  async #yield(): Promise<void> {
    this.#mode = 'shared'
    const ex = this.#conn.ex
    if (!this.#holdsShared) await ex.query(sql`select pg_advisory_lock_shared(${K1}::int, ${K2}::int)`)
    this.#holdsShared = true
    await ex.query(sql`select pg_advisory_unlock(${K1}::int, ${K2}::int)`)
  }

  /** The connection (and with it the key) is gone: no solo answers, no new requests until it is held again. */
  #dropped(): void {
    if (this.#closed || this.#mode === 'none') return
    this.#mode = 'none'
    this.#holdsShared = false
    if (!this.#lost) {
      let resolve = () => {}
      const promise = new Promise<void>((r) => (resolve = r))
      this.#lost = { promise, resolve }
    }
  }
}
