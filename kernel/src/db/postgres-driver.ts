import type { Socket } from 'node:net'
import postgres from 'postgres'
import { noDelaySocket, type SocketTarget } from './no-delay-socket.ts'
import { pipelinedTransaction } from './postgres-transaction.ts'
import type { SQL } from 'drizzle-orm'
import { Executor, compile, statementCounter, type Database, type DedicatedConnection, type RawRunner, type RowMode } from './executor.ts'

type Sql = postgres.Sql | postgres.ReservedSql

/** The pool's runner; a transaction's adds its savepoints (postgres-transaction.ts). */
function runnerFor(client: Sql): RawRunner {
  return {
    // Outside a transaction there is nothing to undo a part of.
    savepoint: <T>(fn: (r: RawRunner) => Promise<T>) => fn(runnerFor(client)),
    async run(text: string, params: unknown[], mode: RowMode) {
      // prepare: true lets the server reuse the plan of each statement text on this connection.
      const q = client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })
      return mode === 'array' ? await q.values() : await q
    },
    async exec(text: string) {
      await client.unsafe(text)
    },
    async copyIn(target: string, chunks: Iterable<string>) {
      const q = client.unsafe(`copy ${target} from stdin`)
      const writable = await q.writable()
      await new Promise<void>((resolve, reject) => {
        // postgres.js hands an error the server raises after the last chunk (a NUL byte, a bad
        // value) only to the query, which already resolved with this stream: 'finish' never comes.
        ;(q as unknown as { reject: (err: unknown) => void }).reject = reject
        writable.on('error', reject)
        writable.on('finish', resolve)
        // Chunks are produced lazily (validated rows), so the server parses one chunk while the
        // next is being validated; a producer that throws aborts the COPY and its transaction.
        const it = chunks[Symbol.iterator]()
        const pump = () => {
          try {
            for (;;) {
              const next = it.next()
              if (next.done) return void writable.end()
              if (!writable.write(next.value)) return void writable.once('drain', pump)
            }
          } catch (err) {
            const error = err instanceof Error ? err : new Error(String(err))
            writable.destroy(error)
            reject(error)
          }
        }
        pump()
      })
    },
  }
}

class PostgresDatabase extends Executor implements Database {
  readonly driver = 'postgres' as const
  constructor(
    private readonly client: postgres.Sql,
    private readonly openDedicated: (onClose: () => void) => postgres.Sql,
  ) {
    super(runnerFor(client))
  }
  dedicated(onClose: () => void): DedicatedConnection {
    const client = this.openDedicated(onClose)
    return { ex: new Executor(runnerFor(client)), close: () => client.end({ timeout: 5 }) }
  }
  async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return pipelinedTransaction(this.client, runnerFor, (runner) => fn(new Executor(runner)))
  }
  async close(): Promise<void> {
    await this.client.end({ timeout: 5 })
  }
  /**
   * A connection of its own LISTENs (postgres.js reconnects it and listens again after a drop);
   * `onListen` runs at each (re)subscription: notifications sent meanwhile were missed.
   */
  async listen(channel: string, onNotify: (payload: string) => void, onListen?: () => void): Promise<void> {
    await this.client.listen(channel, onNotify, onListen)
  }
  async notify(channel: string, payload: string): Promise<void> {
    await this.client.notify(channel, payload)
  }
  /**
   * A SQL cursor (DECLARE, then FETCH per batch) rather than postgres.js's portal cursor: each
   * FETCH is a statement of its own, so `statement_timeout` bounds a batch, not the whole stream
   * (an export read by a slow client may take minutes). Stopping early (the consumer's `return`,
   * a client that went away) rolls back and gives the connection back.
   */
  async *cursor<T>(q: SQL, batch: number): AsyncGenerator<T[]> {
    // The compiler's SQL text (values stay parameters) and an integer: FETCH and DECLARE take no
    // parameters in those places, so these two are the only text spliced in (kernel/test/sql-lint.test.ts).
    const { sql: compiled, params } = compile(q)
    const batchSize = Math.trunc(batch)
    const conn = await this.client.reserve()
    const fetch = () => {
      statementCounter.count++
      const q = conn.unsafe(`fetch ${batchSize} from docpal_cursor`) as unknown as Promise<T[]>
      // A postgres.js query is sent once something subscribes to it; this also keeps a failed
      // read-ahead from being an unhandled rejection while the consumer holds the previous batch.
      q.catch(() => undefined)
      return q
    }
    let open = false
    let next: Promise<T[]> | undefined
    try {
      await conn.unsafe('begin isolation level repeatable read read only')
      open = true
      await conn.unsafe(`declare docpal_cursor no scroll cursor for ${compiled}`, params as postgres.ParameterOrJSON<never>[])
      next = fetch()
      for (;;) {
        const rows = await next
        next = undefined
        if (rows.length < batch) {
          if (rows.length) yield rows
          break
        }
        // The server reads the next batch while this one is consumed: the two run on two cores.
        next = fetch()
        yield rows
      }
      await conn.unsafe('commit')
      open = false
    } finally {
      // The error that stopped the stream (if any) is the one to report, not a failed read-ahead or rollback.
      await next?.catch(() => undefined)
      if (open) await conn.unsafe('rollback').catch(() => undefined)
      conn.release()
    }
  }
}

/**
 * The pool's application_name. Builds before process presence (db/process-presence.ts) named it
 * 'docpal': a connection of that name is an older process that holds no presence key.
 */
export const POOL_NAME = 'docpal server'

/**
 * `statementTimeoutMs` bounds every statement on the pool's connections (0: none), so no request
 * can hold a connection and its locks for minutes; schema changes and migrations lift it for
 * their own transaction (they are bounded by table size, and stopping one half-way costs more).
 */
export function openPostgres(url: string, opts: { max?: number; statementTimeoutMs?: number } = {}): Database {
  // `socket` is a postgres.js option its types do not list (see noDelaySocket for why we need it).
  const options: postgres.Options<Record<string, postgres.PostgresType>> & { socket: (target: SocketTarget) => Promise<Socket> } = {
    max: opts.max ?? 10,
    onnotice: () => {},
    // jit off: PostgreSQL decides to JIT-compile by a statement's estimated cost, and a page's
    // estimate includes branches a one-time filter never runs (a quick search's page, search-probe.ts):
    // a page done in 1.5 ms spent 33 ms compiling 64 functions at 1M rows. On a full 1M-row scan
    // JIT saved ~3% here; its compile costs more than that on everything shorter.
    connection: { TimeZone: 'UTC', application_name: POOL_NAME, jit: 'off', ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}) },
    socket: noDelaySocket,
  }
  const client = postgres(url, options)
  // Dates and timestamps stay the strings PostgreSQL sends (as drizzle's own driver does), so both
  // drivers hand the kernel identical values.
  for (const oid of [1082, 1083, 1114, 1184, 1266, 1186]) {
    client.options.parsers[oid] = (x: string) => x
    client.options.serializers[oid] = (x: unknown) => (x instanceof Date ? x.toISOString() : String(x))
  }
  // The kernel sends every value as its PostgreSQL text form (what COPY takes too). postgres.js
  // serialises by the type the server infers for a parameter (booleans as `x === true`, jsonb as
  // JSON.stringify), which would turn 't' into false; a string is passed through as it is.
  const serializers = client.options.serializers as Record<number, (x: unknown) => unknown>
  for (const [oid, original] of Object.entries(serializers)) {
    serializers[Number(oid)] = (x: unknown) => (typeof x === 'string' ? x : original(x))
  }
  // As postgres.js's own LISTEN connection: one connection, kept however long it is idle.
  const dedicated = (onClose: () => void) =>
    postgres(url, {
      ...options,
      max: 1,
      idle_timeout: undefined,
      max_lifetime: null,
      fetch_types: false,
      onclose: onClose,
      connection: { ...options.connection, application_name: 'docpal presence', lock_timeout: 1000 },
    })
  return new PostgresDatabase(client, dedicated)
}
