import type postgres from 'postgres'
import type { RawRunner } from './executor.ts'
import { untilFirstFailure } from './first-failure.ts'

/** The driver's runner on one connection, without savepoints (a transaction adds its own). */
export type RunnerOn = (client: postgres.ReservedSql) => RawRunner

/**
 * A transaction on a connection of the pool, its BEGIN sent with the transaction's first
 * statements: postgres.js sends what a connection is given in one tick as one write, so BEGIN costs
 * no round trip of its own. postgres.js's `sql.begin()` awaits BEGIN's answer before running the
 * callback: one round trip more per transaction (~1 ms of a schema change's ~10 here, issue 14).
 * COMMIT likewise goes out behind the last statements when the callback says which they are
 * (Executor.finishing). A statement that failed fails the transaction even if the callback caught
 * it (first-failure.ts).
 */
export async function pipelinedTransaction<T>(pool: postgres.Sql, runnerOn: RunnerOn, fn: (runner: RawRunner) => Promise<T>): Promise<T> {
  const conn = await pool.reserve()
  const end = new EarlyCommit(conn)
  try {
    // Subscribing sends it (postgres.js queries are lazy); a failed BEGIN fails the statements
    // after it too, so its own error needs no handler here.
    conn.unsafe('begin').catch(() => undefined)
    const result = await scope(conn, end.guard(runnerOn), { next: 0 }, null, fn, end)
    await (end.sent ?? conn.unsafe('commit'))
    return result
  } finally {
    end.cancel()
    conn.release()
  }
}

/** COMMIT sent behind the statements already sent (Executor.finishing), and nothing after it. */
class EarlyCommit {
  sent: Promise<unknown> | undefined
  #committed = false
  #timer: NodeJS.Immediate | undefined
  constructor(private readonly conn: postgres.ReservedSql) {}

  /**
   * Queued once the callback's pending microtasks have run: the last statements are subscribed
   * (sent to postgres.js, which keeps a connection's order) by then, however deeply each was
   * wrapped in async functions. Their answers cannot have come back yet: no I/O ran meanwhile.
   */
  readonly behind = (): void => {
    if (this.sent) return
    this.sent = new Promise((resolve, reject) => {
      this.#timer = setImmediate(() => {
        this.#timer = undefined
        this.#committed = true
        this.conn.unsafe('commit').then(resolve, reject)
      })
    })
    // Awaited by the transaction unless the callback failed first (then the rollback follows it).
    this.sent.catch(() => undefined)
  }

  /**
   * Before the connection goes back to the pool: a COMMIT not sent yet never will be; sent later,
   * it would end whatever transaction holds the connection then. (A failed callback's ROLLBACK is
   * awaited first, which gives the queued COMMIT its turn: this guards what that does not.)
   */
  cancel(): void {
    if (this.#timer) clearImmediate(this.#timer)
    this.#timer = undefined
  }

  /** The runner refusing statements once COMMIT is on its way: they would run outside the transaction. */
  guard(runnerOn: RunnerOn): RunnerOn {
    const after = (what: string) => Promise.reject(new Error(`'${what.slice(0, 60)}' was sent after its transaction's COMMIT (Executor.finishing)`))
    return (client) => {
      const base = runnerOn(client)
      return {
        ...base,
        run: (text, params, mode) => (this.#committed ? after(text) : base.run(text, params, mode)),
        exec: (text) => (this.#committed ? after(text) : base.exec(text)),
        copyIn: (target, chunks) => (this.#committed ? after(`copy ${target}`) : base.copyIn(target, chunks)),
      }
    }
  }
}

/** The transaction itself (`savepoint` null) or one savepoint of it, named `docpal_s<n>`. */
function scope<T>(
  conn: postgres.ReservedSql,
  runnerOn: RunnerOn,
  savepoints: { next: number },
  savepoint: string | null,
  fn: (runner: RawRunner) => Promise<T>,
  end?: EarlyCommit,
): Promise<T> {
  const runner: RawRunner = {
    ...runnerOn(conn),
    savepoint: (inner) => scope(conn, runnerOn, savepoints, `docpal_s${savepoints.next++}`, inner),
    // Only the transaction's own runner ends it; a savepoint's `finishing` is its callback's result.
    ...(end ? { commitBehind: end.behind } : {}),
  }
  return untilFirstFailure(
    runner,
    (watched) => {
      // Sent with the savepoint's first statements, as BEGIN is; the name is generated, not input.
      if (savepoint) watched.exec(`savepoint ${savepoint}`).catch(() => undefined)
      return fn(watched)
    },
    () => conn.unsafe(savepoint ? `rollback to savepoint ${savepoint}` : 'rollback'),
  )
}
