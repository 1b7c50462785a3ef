import { PgDialect } from 'drizzle-orm/pg-core'
import { drizzle, type PgRemoteDatabase } from 'drizzle-orm/pg-proxy'
import type { SQL } from 'drizzle-orm'
import * as schema from './schema.ts'

export type RowMode = 'object' | 'array'
export type Orm = PgRemoteDatabase<typeof schema>

/** The minimal surface both drivers implement: text + parameters in, rows out. */
export interface RawRunner {
  run(text: string, params: unknown[], mode: RowMode): Promise<unknown[]>
  /** COPY `<target>` FROM the given chunks of PostgreSQL COPY text format, pulled one by one. */
  copyIn(target: string, chunks: Iterable<string>): Promise<void>
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>
  /** Runs `fn` in a savepoint of the current transaction: a failure inside undoes only it. */
  savepoint<T>(fn: (runner: RawRunner) => Promise<T>): Promise<T>
  /**
   * A transaction's own runner only (not a savepoint's, not the pool's): COMMIT goes out behind
   * the statements sent so far, without waiting for their answers (Executor.finishing).
   */
  commitBehind?(): void
}

const dialect = new PgDialect()

/** SQL statements sent since start (GET /api/metrics), so "one statement per page" can be shown. */
export const statementCounter = { count: 0 }

/** Compiles a drizzle `sql` fragment to `{ sql, params }` with `$n` placeholders. */
export function compile(q: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(q)
}

/**
 * Something that runs queries: the database itself or one transaction. Dynamic SQL goes through
 * `query`; the kernel's static metadata goes through the drizzle query builder `orm`, which runs
 * on the same connection, so metadata and DDL share one transaction.
 */
export class Executor {
  #orm: Orm | undefined
  protected readonly runner: RawRunner

  constructor(runner: RawRunner) {
    const run = runner.run.bind(runner)
    this.runner = { ...runner, run: (text, params, mode) => (statementCounter.count++, run(text, params, mode)) }
  }

  async query<T = Record<string, unknown>>(q: SQL): Promise<T[]> {
    const { sql, params } = compile(q)
    return (await this.runner.run(sql, params, 'object')) as T[]
  }

  /** Runs already-compiled text (see StatementCache). */
  async run<T = Record<string, unknown>>(text: string, params: unknown[]): Promise<T[]> {
    return (await this.runner.run(text, params, 'object')) as T[]
  }

  async one<T = Record<string, unknown>>(q: SQL): Promise<T | undefined> {
    return (await this.query<T>(q))[0]
  }

  copyIn(target: SQL, chunks: Iterable<string>): Promise<void> {
    return this.runner.copyIn(compile(target).sql, chunks)
  }

  exec(text: string): Promise<void> {
    return this.runner.exec(text)
  }

  /**
   * Inside a transaction, around its last statements (already sent): COMMIT goes out behind them
   * at once rather than after their answers, one round trip fewer on PostgreSQL (issue 14). Their
   * failure still fails the transaction (PostgreSQL answers such a COMMIT with a rollback), and a
   * statement sent after the COMMIT is refused. Elsewhere (the pool, a savepoint, PGlite): `last`.
   */
  finishing<T>(last: Promise<T>): Promise<T> {
    this.runner.commitBehind?.()
    return last
  }

  /** Inside a transaction: `fn` in a savepoint, so a statement it lets fail leaves the transaction usable. */
  savepoint<T>(fn: (ex: Executor) => Promise<T>): Promise<T> {
    return this.runner.savepoint((r) => fn(new Executor(r)))
  }

  get orm(): Orm {
    this.#orm ??= drizzle(async (text, params, method) => ({ rows: (await this.runner.run(text, params, method === 'all' ? 'array' : 'object')) as never[] }), { schema })
    return this.#orm
  }
}

export interface Database extends Executor {
  readonly driver: 'postgres' | 'pglite'
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>
  /**
   * The rows of one statement, `batch` at a time, from a cursor in a read-only transaction on a
   * connection of its own (one snapshot, one sort, memory bounded by the batch). Only where the
   * database has connections to spare: PGlite has one, and a transaction there would stop every
   * other request for the length of the stream.
   */
  cursor?<T>(q: SQL, batch: number): AsyncGenerator<T[]>
  /** Notifications other processes send on `channel` (`pg_notify`); absent where one process is all there is (PGlite). */
  listen?(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<void>
  /** `pg_notify(channel, payload)` now (PostgreSQL only, as `listen`). */
  notify?(channel: string, payload: string): Promise<void>
  /**
   * A connection of its own, never closed for idleness or age, for session-level advisory locks
   * (db/process-presence.ts); `onClose` runs when it drops (its locks are gone with it). PostgreSQL only.
   */
  dedicated?(onClose: () => void): DedicatedConnection
  close(): Promise<void>
}

export interface DedicatedConnection {
  readonly ex: Executor
  close(): Promise<void>
}
