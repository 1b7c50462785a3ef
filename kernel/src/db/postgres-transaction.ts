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
 * A statement that failed fails the transaction even if the callback caught it (first-failure.ts).
 */
export async function pipelinedTransaction<T>(pool: postgres.Sql, runnerOn: RunnerOn, fn: (runner: RawRunner) => Promise<T>): Promise<T> {
  const conn = await pool.reserve()
  try {
    // Subscribing sends it (postgres.js queries are lazy); a failed BEGIN fails the statements
    // after it too, so its own error needs no handler here.
    conn.unsafe('begin').catch(() => undefined)
    const result = await scope(conn, runnerOn, { next: 0 }, null, fn)
    await conn.unsafe('commit')
    return result
  } finally {
    conn.release()
  }
}

/** The transaction itself (`savepoint` null) or one savepoint of it, named `docpal_s<n>`. */
function scope<T>(conn: postgres.ReservedSql, runnerOn: RunnerOn, savepoints: { next: number }, savepoint: string | null, fn: (runner: RawRunner) => Promise<T>): Promise<T> {
  const runner: RawRunner = { ...runnerOn(conn), savepoint: (inner) => scope(conn, runnerOn, savepoints, `docpal_s${savepoints.next++}`, inner) }
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
