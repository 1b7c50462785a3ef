import type { RawRunner } from './executor.ts'

/** PostgreSQL's `in_failed_sql_transaction`: what every statement after a failed one answers. */
const ABORTED = '25P02'

/**
 * Runs a transaction's (or a savepoint's) callback over `runner`, remembering the first statement
 * that failed. PostgreSQL aborts a transaction at its first failed statement and answers a later
 * COMMIT with a silent ROLLBACK; so a callback that caught the failure and returned still fails
 * here, with that statement's error rather than the "current transaction is aborted" of the ones
 * after it (what postgres.js's own `begin` did; both drivers now do it). `undo` runs on failure
 * (ROLLBACK or ROLLBACK TO SAVEPOINT; a no-op where the driver rolls back itself). A savepoint's
 * statements are its own scope's: the runner's `savepoint` is passed through untouched.
 */
export async function untilFirstFailure<T>(runner: RawRunner, fn: (r: RawRunner) => Promise<T>, undo: () => Promise<unknown>): Promise<T> {
  let failed: Error | undefined
  const seen = <R>(p: Promise<R>): Promise<R> =>
    p.catch((err: unknown) => {
      // Both drivers reject with Error objects (PostgresError, PGlite's DatabaseError).
      failed ??= err instanceof Error ? err : new Error(String(err))
      throw err
    })
  const watched: RawRunner = {
    run: (text, params, mode) => seen(runner.run(text, params, mode)),
    exec: (text) => seen(runner.exec(text)),
    copyIn: (target, chunks) => seen(runner.copyIn(target, chunks)),
    savepoint: (inner) => runner.savepoint(inner),
    ...(runner.commitBehind ? { commitBehind: () => runner.commitBehind?.() } : {}),
  }
  try {
    const result = await fn(watched)
    if (failed !== undefined) throw failed
    return result
  } catch (err) {
    await undo().catch(() => undefined)
    throw (err as { code?: unknown } | null)?.code === ABORTED && failed !== undefined ? failed : err
  }
}
