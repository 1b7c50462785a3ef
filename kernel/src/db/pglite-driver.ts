import { PGlite, types, type Transaction } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { preparePglite } from './pglite-prepare.ts'
import { Executor, type Database, type RawRunner, type RowMode } from './executor.ts'
import { PGLITE_SHARED_BUFFERS, type PgliteOptions } from './open-pglite.ts'
import { untilFirstFailure } from './first-failure.ts'

type Client = PGlite | Transaction

function runnerFor(client: Client): RawRunner {
  return {
    async savepoint<T>(fn: (r: RawRunner) => Promise<T>): Promise<T> {
      await client.query('savepoint docpal_sp')
      try {
        const out = await fn(runnerFor(client))
        await client.query('release savepoint docpal_sp')
        return out
      } catch (err) {
        await client.query('rollback to savepoint docpal_sp')
        throw err
      }
    },
    async run(text: string, params: unknown[], mode: RowMode) {
      const res = await client.query(text, params, { rowMode: mode })
      return res.rows
    },
    async exec(text: string) {
      await client.exec(text)
    },
    async copyIn(target: string, chunks: Iterable<string>) {
      // PGlite reads COPY input from a blob: produce (and so validate) everything first.
      await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([...chunks]) })
    },
  }
}

class PgliteDatabase extends Executor implements Database {
  readonly driver = 'pglite' as const
  constructor(private readonly pg: PGlite) {
    super(runnerFor(pg))
  }
  async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    // PGlite rolls back itself when the callback fails.
    return this.pg.transaction((tx) =>
      untilFirstFailure(
        runnerFor(tx),
        (runner) => fn(new Executor(runner)),
        async () => {},
      ),
    )
  }
  async close(): Promise<void> {
    await this.pg.close()
  }
}

const keepText = (x: string) => x

/** `dataDir` undefined: in memory. `loadDataDir`: a dump to start from (tests). */
export async function openPglite(opts: PgliteOptions = {}): Promise<Database> {
  const pg = await PGlite.create({
    ...(await preparePglite()),
    // Quick search's trigram indexes (the kernel runs `create extension` at boot).
    extensions: { pg_trgm },
    // random_page_cost 1.1 (PostgreSQL's default 4 is for spinning disks): PGlite reads its files
    // through the OS cache. Once embedded-maintenance.ts analyzes a table, the default made the
    // planner trade a trigram bitmap scan for a sequential one (a filtered page 23 -> 49 ms).
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${opts.sharedBuffers ?? PGLITE_SHARED_BUFFERS}`, '-c', 'random_page_cost=1.1'],
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    parsers: {
      [types.DATE]: keepText,
      [types.TIME]: keepText,
      [types.TIMESTAMP]: keepText,
      [types.TIMESTAMPTZ]: keepText,
      [types.TIMETZ]: keepText,
      [types.INTERVAL]: keepText,
    },
    // The kernel sends values as their PostgreSQL text form (as on postgres.js): PGlite's own
    // boolean serializer throws a plain Error on a string it does not know, where PostgreSQL
    // answers a data exception (22P02) that the API reports as the caller's bad value.
    serializers: { [types.BOOL]: (x: unknown) => (typeof x === 'string' ? x : x === true || x === 1 ? 't' : x === false || x === 0 ? 'f' : String(x)) },
  })
  await pg.exec(`set time zone 'UTC'`)
  return new PgliteDatabase(pg)
}

/** A tarball of a database's files, to start other in-memory databases from quickly. */
export async function dumpPglite(db: Database): Promise<Blob> {
  const pg = (db as unknown as { pg: PGlite }).pg
  return pg.dumpDataDir('none')
}
