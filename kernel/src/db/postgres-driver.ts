import postgres from 'postgres'
import { Executor, type Database, type RawRunner, type RowMode } from './executor.ts'

type Sql = postgres.Sql | postgres.TransactionSql

function runnerFor(client: Sql): RawRunner {
  return {
    async run(text: string, params: unknown[], mode: RowMode) {
      // prepare: true lets the server reuse the plan of each statement text on this connection.
      const q = client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })
      return mode === 'array' ? await q.values() : await q
    },
    async exec(text: string) {
      await client.unsafe(text)
    },
    async copyIn(target: string, data: string) {
      const writable = await client.unsafe(`copy ${target} from stdin`).writable()
      await new Promise<void>((resolve, reject) => {
        writable.on('error', reject)
        writable.on('finish', resolve)
        writable.end(data)
      })
    },
  }
}

class PostgresDatabase extends Executor implements Database {
  readonly driver = 'postgres' as const
  constructor(private readonly client: postgres.Sql) {
    super(runnerFor(client))
  }
  async transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return (await this.client.begin((tx) => fn(new Executor(runnerFor(tx))))) as T
  }
  async close(): Promise<void> {
    await this.client.end({ timeout: 5 })
  }
}

export function openPostgres(url: string, opts: { max?: number } = {}): Database {
  const client = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    connection: { TimeZone: 'UTC', application_name: 'docpal' },
  })
  // Dates and timestamps stay the strings PostgreSQL sends (as drizzle's own driver does), so both
  // drivers hand the kernel identical values.
  for (const oid of [1082, 1083, 1114, 1184, 1266, 1186]) {
    client.options.parsers[oid] = (x: string) => x
    client.options.serializers[oid] = (x: unknown) => (x instanceof Date ? x.toISOString() : String(x))
  }
  return new PostgresDatabase(client)
}
