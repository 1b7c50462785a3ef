import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { TEN_COLUMNS, api, createBenchDatabase, report, row, startServerProcess } from './lib.ts'
import { benchSeed } from './seed.ts'

const CONNECTIONS = 10
const SECONDS = 10

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err: unknown, res) => (err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(res))))
}

/** Fixed-count loop of `n` workers over `fn`: the raw postgres.js baseline. */
async function rawRate(fn: (i: number) => Promise<unknown>, seconds: number): Promise<{ rate: number; p99: number }> {
  const end = performance.now() + seconds * 1000
  const lat: number[] = []
  let i = 0
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now()
        await fn(i++)
        lat.push(performance.now() - t0)
      }
    }),
  )
  lat.sort((a, b) => a - b)
  return { rate: lat.length / seconds, p99: lat[Math.floor(lat.length * 0.99)] ?? NaN }
}

/** bench/bare-fastify.mjs in its own process on a free port, serving the same two routes over `table`. */
export async function startBareFastify(databaseUrl: string, table: string, columns: Array<[string, string, string]>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [new URL('./bare-fastify.mjs', import.meta.url).pathname], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', TABLE: table, COLUMNS: JSON.stringify(columns) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const line = /^(http:\/\/\S+)\n/.exec(out)
      if (line?.[1]) resolve(line[1])
    })
    child.once('exit', (code) => reject(new Error(`bench/bare-fastify.mjs exited (${code}) before listening`)))
  })
  return { url, child }
}

/** Creates of one record for SECONDS, then reads by id of the records `ids` names for SECONDS, over CONNECTIONS connections. */
export async function createsThenReads(url: string, tableId: string, ids: () => Promise<string[]>, seconds = SECONDS, auth: Readonly<Record<string, string>> = {}) {
  const creates = await cannon({
    url: `${url}/api/tables/${tableId}/records`,
    method: 'POST',
    body: JSON.stringify({ fields: row(7) }),
    headers: { ...auth, 'content-type': 'application/json' },
    connections: CONNECTIONS,
    duration: seconds,
  })
  if (creates.non2xx) throw new Error(`${creates.non2xx} creates failed`)
  const readIds = await ids()
  let n = 0
  const reads = await cannon({
    url,
    headers: { ...auth },
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/tables/${tableId}/records/${readIds[n++ % readIds.length]}` }) }],
  })
  if (reads.non2xx) throw new Error(`${reads.non2xx} reads failed`)
  return { creates, reads, ids: readIds }
}

/** Single-record creates and reads by id with 10 connections: requests/s and p99, and peak memory. */
export async function benchConcurrency({ rows = 100_000, seconds = SECONDS } = {}): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18105)
  const raw = postgres(db.url, { max: CONNECTIONS, onnotice: () => {} })
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Hot', columns: TEN_COLUMNS })
    await benchSeed(raw, table, 0, rows)
    const idleRssMb = await server.rssMb()
    const { creates, reads, ids } = await createsThenReads(
      server.url,
      table.id,
      async () => ((await raw.unsafe(`select id from ${table.tableName} limit 1000`)) as Array<{ id: string }>).map((r) => r.id),
      seconds,
      server.owner.headers,
    )
    const phys = ((await raw`select column_name from data_table_columns where data_table_id = ${table.id} order by "order"`) as Array<{ column_name: string }>).map(
      (r) => r.column_name,
    )
    const r7 = row(7)
    const values = Object.values(r7).map((v) =>
      v === null ? null : Array.isArray(v) ? `{${v.join(',')}}` : typeof v === 'boolean' ? (v ? 't' : 'f') : typeof v === 'string' ? v : JSON.stringify(v),
    )
    const types = ['text', 'text', 'numeric', 'numeric', 'date', 'text', 'text[]', 'text', 'text', 'boolean']
    const insert = `insert into ${table.tableName} (${phys.join(', ')}) values (${types.map((t, i) => `$${i + 1}::${t}`).join(', ')}) returning *`
    const rawCreates = await rawRate(() => raw.unsafe(insert, values, { prepare: true }), seconds)
    const rawReads = await rawRate((i) => raw.unsafe(`select * from ${table.tableName} where id = $1`, [ids[i % ids.length]!], { prepare: true }), seconds)
    // The issue's limit: the same requests through a bare Fastify route doing only the statement.
    const bare = await startBareFastify(
      db.url,
      table.tableName,
      TEN_COLUMNS.map((c, i) => [c.name, phys[i]!, types[i]!]),
    )
    // The same Authorization header goes along (bare Fastify ignores it), so both parse equal requests.
    const bareRun = await createsThenReads(bare.url, table.id, () => Promise.resolve(ids), seconds, server.owner.headers).finally(async () => {
      bare.child.kill('SIGTERM')
      if (bare.child.exitCode === null) await new Promise((r) => bare.child.once('exit', r))
    })
    const out = {
      createsPerSec: Math.round(creates.requests.average),
      createP99: creates.latency.p99,
      readsPerSec: Math.round(reads.requests.average),
      readP99: reads.latency.p99,
      rawCreatesPerSec: Math.round(rawCreates.rate),
      rawReadsPerSec: Math.round(rawReads.rate),
      bareCreatesPerSec: Math.round(bareRun.creates.requests.average),
      bareReadsPerSec: Math.round(bareRun.reads.requests.average),
      peakRssMb: await server.peakRssMb(),
      idleRssMb,
    }
    report(
      `create one record, ${CONNECTIONS} connections (req/s, p99)`,
      `${out.createsPerSec}/s, p99 ${out.createP99} ms`,
      `${out.rawCreatesPerSec}/s, p99 ${rawCreates.p99.toFixed(1)} ms`,
      '>= 2,700/s',
    )
    report(
      `read one record by id, ${CONNECTIONS} connections (req/s, p99)`,
      `${out.readsPerSec}/s, p99 ${out.readP99} ms`,
      `${out.rawReadsPerSec}/s, p99 ${rawReads.p99.toFixed(1)} ms`,
      '>= 4,300/s',
    )
    report(
      `create one record, ${CONNECTIONS} connections, against bare Fastify + INSERT`,
      `${out.createsPerSec}/s (${(out.createsPerSec / out.bareCreatesPerSec).toFixed(2)}x)`,
      `${out.bareCreatesPerSec}/s, p99 ${bareRun.creates.latency.p99} ms`,
      '>= 0.8x',
    )
    report(
      `read one record by id, ${CONNECTIONS} connections, against bare Fastify + SELECT`,
      `${out.readsPerSec}/s (${(out.readsPerSec / out.bareReadsPerSec).toFixed(2)}x)`,
      `${out.bareReadsPerSec}/s, p99 ${bareRun.reads.latency.p99} ms`,
      '>= 0.8x',
    )
    report('server memory, PostgreSQL: idle after seeding / peak (VmHWM) over the run', `${out.idleRssMb} / ${out.peakRssMb} MB`, '-', '<= 250 MB peak')
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

/**
 * The same creates and reads on the embedded default (PGlite in a data dir): no raw baseline (the
 * database lives inside the server process), so the figures are its rates and its memory, idle and
 * under load, on a table of 10,000 rows loaded through the API.
 */
export async function benchConcurrencyEmbedded(): Promise<Record<string, number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'docpal-bench-embedded-'))
  const server = await startServerProcess('', 18106, { DOCPAL_DATA_DIR: dataDir })
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Hot', columns: TEN_COLUMNS })
    for (let s = 0; s < 10_000; s += 1000) {
      const records = Array.from({ length: 1000 }, (_, i) => ({ fields: row(s + i) }))
      await api(server.url, 'POST', `/api/tables/${table.id}/records/bulk`, { records })
    }
    const idleRssMb = await server.rssMb()
    const { creates, reads } = await createsThenReads(
      server.url,
      table.id,
      async () => (await api<{ records: Array<{ id: string }> }>(server.url, 'GET', `/api/tables/${table.id}/records?limit=1000`)).records.map((r) => r.id),
      SECONDS,
      server.owner.headers,
    )
    const out = {
      createsPerSec: Math.round(creates.requests.average),
      createP99: creates.latency.p99,
      readsPerSec: Math.round(reads.requests.average),
      readP99: reads.latency.p99,
      idleRssMb,
      peakRssMb: await server.peakRssMb(),
    }
    report(`embedded PGlite: create one record, ${CONNECTIONS} connections`, `${out.createsPerSec}/s, p99 ${out.createP99} ms`, '-', '-')
    report(`embedded PGlite: read one record by id, ${CONNECTIONS} connections`, `${out.readsPerSec}/s, p99 ${out.readP99} ms`, '-', '-')
    report('server memory, embedded PGlite: idle after loading / peak (VmHWM)', `${out.idleRssMb} / ${out.peakRssMb} MB`, '-', '-')
    return out
  } finally {
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchConcurrency()
  await benchConcurrencyEmbedded()
}
