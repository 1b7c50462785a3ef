import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { buildServer } from '../host-server/scripts/build-server.mjs'
import { BUNDLE, NODE_FLAGS, bundleServer } from '../host-server/scripts/bundle-server.mjs'
import { signIn } from '../test/support/sessions.ts'

/** Benchmarks run on PostgreSQL: a fresh database per run, dropped at the end. */
export const ADMIN_URL = process.env['DOCPAL_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export async function createBenchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `docpal_bench_${randomBytes(4).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  return {
    url: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    async drop() {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
      await a.unsafe(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  }
}

/**
 * `port` when it is free, else one the system picks: something else on the port (a leftover
 * server, another bench) would answer in the new server's place.
 */
async function freePort(port: number): Promise<number> {
  const { createServer } = await import('node:net')
  const tryPort = (p: number) =>
    new Promise<number | undefined>((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(undefined))
      probe.listen(p, '127.0.0.1', () => {
        const got = (probe.address() as { port: number }).port
        probe.close(() => resolve(got))
      })
    })
  return (await tryPort(port)) ?? (await tryPort(0)) ?? port
}

// Benchmarks measure signed-in traffic, as users make it: each server's bench owner has an API
// token, which `api` and `authFetch` send (by the URL's origin).
const bearers = new Map<string, string>()

/** `fetch` with the bench owner's API token of the server the URL points at. */
export function authFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const token = bearers.get(new URL(url).origin)
  return fetch(url, token ? { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` } } : init)
}

export interface BenchOwner {
  /** `Authorization: Bearer <token>` of the bench owner (instance admin, owner of its company). */
  readonly headers: Readonly<Record<string, string>>
  /** The session cookie's secret and CSRF token, for a browser context. */
  readonly session: { readonly secret: string; readonly csrf: string }
}

/** Signs up the server's first account (logs in on a database that has it) and gives it an API token. */
export async function signUpBenchOwner(url: string): Promise<BenchOwner> {
  // A second server on the same database finds the account: it logs in instead.
  const state = (await (await fetch(`${url}/api/auth/state`)).json()) as { hasAccounts: boolean }
  const who = { email: 'bench@example.com', password: 'bench password' }
  const s = await signIn(url, state.hasAccounts ? { signup: false, ...who } : { signup: true, name: 'Bench', ...who })
  const made = await fetch(`${url}/api/auth/tokens`, {
    method: 'POST',
    headers: { ...s.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  })
  if (made.status !== 201) throw new Error(`bench token: ${made.status} ${await made.text()}`)
  const { token } = (await made.json()) as { token: string }
  bearers.set(new URL(url).origin, token)
  return { headers: { authorization: `Bearer ${token}` }, session: { secret: s.secret, csrf: s.csrf } }
}

/** The real server in its own process, compiled and bundled as `pnpm start` runs it, so the load generator does not share its event loop. `databaseUrl` empty: embedded PGlite in `DOCPAL_DATA_DIR`. Its first account (the bench owner) is signed up. */
export async function startServerProcess(
  databaseUrl: string,
  port: number,
  extraEnv: Record<string, string> = {},
  /** Another build's bundle (a baseline checkout's `host-server/dist/main.bundle.js`); default: this checkout's, built if changed. */
  bundle?: string,
): Promise<{ url: string; child: ChildProcess; owner: BenchOwner; peakRssMb: () => Promise<number>; rssMb: () => Promise<number>; stop: () => Promise<void> }> {
  // DOCPAL_BENCH_BUNDLE: run any bench against another checkout's build (an A/B in the same minutes).
  bundle ??= process.env['DOCPAL_BENCH_BUNDLE'] || undefined
  if (!bundle) {
    buildServer({ ifChanged: true })
    await bundleServer({ ifChanged: true })
  }
  port = await freePort(port)
  const child = spawn(process.execPath, [...NODE_FLAGS, bundle ?? BUNDLE], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'error', DOCPAL_DB_POOL: '10', ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const owner = await signUpBenchOwner(url)
  const status = async (field: 'VmHWM' | 'VmRSS') => {
    const { readFile } = await import('node:fs/promises')
    const text = await readFile(`/proc/${child.pid}/status`, 'utf8')
    return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0) / 1024)
  }
  return {
    url,
    child,
    owner,
    /** VmHWM: the process's peak resident set size so far. */
    peakRssMb: () => status('VmHWM'),
    /** VmRSS: resident now. */
    rssMb: () => status('VmRSS'),
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    },
  }
}

export async function api<T = unknown>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await authFetch(base + path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) })
  const text = await res.text()
  if (res.status >= 400) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 500)}`)
  return (text ? JSON.parse(text) : undefined) as T
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}

/** The median time of `runs` calls of `fn` (ms), after `warmup` calls not counted. */
export async function medianTime(fn: () => Promise<unknown>, runs: number, warmup = 5): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push((await time(fn))[0])
  return percentile(times, 50)
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const r = await fn()
  return [performance.now() - t0, r]
}

export function report(name: string, docpal: string, baseline: string, goal: string): void {
  console.log(`${name.padEnd(58)} docpal: ${docpal.padEnd(22)} raw SQL: ${baseline.padEnd(22)} goal: ${goal}`)
}

/** The 10-column table of the benchmarks: one of each basic type plus a second number. */
export const TEN_COLUMNS = [
  { name: 'Title', type: 'text' },
  { name: 'Notes', type: 'long_text' },
  { name: 'Amount', type: 'number', config: { precision: 2 } },
  { name: 'Quantity', type: 'number' },
  { name: 'Due', type: 'date' },
  {
    name: 'Status',
    type: 'single_select',
    config: {
      options: [
        { id: 'todo', label: 'To do' },
        { id: 'doing', label: 'Doing' },
        { id: 'done', label: 'Done' },
      ],
    },
  },
  {
    name: 'Tags',
    type: 'multiple_select',
    config: {
      options: [
        { id: 'red', label: 'Red' },
        { id: 'green', label: 'Green' },
        { id: 'blue', label: 'Blue' },
      ],
    },
  },
  { name: 'Website', type: 'url' },
  { name: 'Email', type: 'email' },
  { name: 'Active', type: 'switch' },
]

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima']
const STATUS = ['todo', 'doing', 'done']
const TAGS = [['red'], ['green', 'blue'], [], ['blue']]

/** A deterministic hash of (i, salt): columns vary independently, as real data does. */
function pick(i: number, salt: number, n: number): number {
  let h = Math.imul(i ^ Math.imul(salt, 0x9e3779b1), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return ((h ^ (h >>> 16)) >>> 0) % n
}

/** Deterministic row `i` of the benchmark data set, as API field values. */
export function row(i: number): Record<string, unknown> {
  return {
    Title: `${WORDS[pick(i, 1, WORDS.length)]} ${WORDS[pick(i, 2, WORDS.length)]} ${i}`,
    Notes: pick(i, 3, 3) === 0 ? null : `note ${i}`,
    Amount: pick(i, 4, 1_000_000) / 100,
    Quantity: pick(i, 5, 1000),
    Due: `2026-${String(1 + pick(i, 6, 12)).padStart(2, '0')}-${String(1 + pick(i, 7, 28)).padStart(2, '0')}`,
    Status: STATUS[pick(i, 8, 3)],
    Tags: TAGS[pick(i, 9, 4)],
    Website: `https://example.com/${i}`,
    Email: `user${i}@example.com`,
    Active: pick(i, 10, 2) === 0,
  }
}

/**
 * CPU time (user + system, ms) of processes, from /proc/<pid>/stat: what a piece of work costs
 * whatever else shares the cores, where wall time on a busy machine is mostly waiting for one.
 * Linux only; processes that are gone count 0.
 */
export async function cpuMs(pids: ReadonlyArray<number>): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  let ticks = 0
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
    // Fields after the command name (which may hold spaces, in parentheses): utime is the 14th field, stime the 15th.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks += Number(rest[11] ?? 0) + Number(rest[12] ?? 0)
  }
  return ticks * 10 // CLK_TCK is 100 on Linux
}

/** The PostgreSQL backends (pids) of DocPal's pool on the database `url` names (application_name 'docpal server', POOL_NAME). */
export async function docpalBackends(raw: postgres.Sql): Promise<number[]> {
  const rows = await raw<Array<{ pid: number }>>`select pid from pg_stat_activity where datname = current_database() and application_name = 'docpal server'`
  return rows.map((r) => r.pid)
}

/**
 * One burst of single-record creates (`connections` at once for `seconds`) against a running
 * server: requests/s, p99 and the CPU µs the server process and its backends (`pids`) spent per
 * create. Backends the pool opened meanwhile count from their start; none closes while busy.
 */
export async function createBurst(
  o: { url: string; tableId: string; headers: Readonly<Record<string, string>>; pids: () => Promise<number[]> },
  seconds: number,
  connections: number,
): Promise<{ perSec: number; p99: number; cpuUs: number }> {
  const pids = await o.pids()
  const c0 = await cpuMs(pids)
  const r = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      {
        url: `${o.url}/api/tables/${o.tableId}/records`,
        method: 'POST',
        body: JSON.stringify({ fields: row(7) }),
        headers: { ...o.headers, 'content-type': 'application/json' },
        connections,
        duration: seconds,
      },
      (err: unknown, res) => (err ? reject(err instanceof Error ? err : new Error(JSON.stringify(err))) : resolve(res)),
    ),
  )
  if (r.non2xx) throw new Error(`${r.non2xx} creates failed`)
  const cpuUs = (((await cpuMs([...new Set([...pids, ...(await o.pids())])])) - c0) * 1000) / r.requests.total
  return { perSec: r.requests.average, p99: r.latency.p99, cpuUs }
}

/**
 * Runs `fn`, a raw statement on a table a DocPal server made, again when PostgreSQL refused it as
 * a deadlock (40P01). The server builds a new text column's search index after its answer with
 * `CREATE INDEX CONCURRENTLY`, which waits for every older transaction while it holds the table's
 * SHARE UPDATE EXCLUSIVE lock; a VACUUM or ALTER of that table begun in that window asks for a
 * conflicting lock and PostgreSQL ends the cycle by refusing one of the two (seen in CI runs of
 * the retype and add-column benches). Waiting for `pg_stat_progress_create_index` to empty first
 * narrows the window but cannot close it: a build may not have started yet.
 */
export async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (err) {
      if ((err as { code?: unknown }).code !== '40P01' || i >= attempts) throw err
      await new Promise((resolve) => setTimeout(resolve, 100 * i))
    }
  }
}

/** `vacuum analyze` of a table a DocPal server made (see `retryOnDeadlock`). */
export async function vacuumAnalyze(raw: postgres.Sql, table: string): Promise<void> {
  await retryOnDeadlock(() => raw.unsafe(`vacuum analyze ${table}`))
}
