import { readFile } from 'node:fs/promises'
import os from 'node:os'
import { pathToFileURL } from 'node:url'
import postgres from 'postgres'
import { TEN_COLUMNS, api, createBenchDatabase, report, startServerProcess } from './lib.ts'
import { benchSeed } from './seed.ts'
import { createsThenReads, startBareFastify } from './concurrency.ts'

/**
 * Issue 16's figures: single-record creates and reads at 10 connections signed in with a session
 * cookie (plus its CSRF header) and with a Bearer API token, against bare Fastify doing only the
 * statement, in the same run; and login time with argon2id m=19456,t=2,p=1.
 */
const TYPES = ['text', 'text', 'numeric', 'numeric', 'date', 'text', 'text[]', 'text', 'text', 'boolean']

/** The process's user + system CPU time so far, in ms (/proc/<pid>/stat, 100 ticks per second). */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function benchAuth({ seconds = 5, rounds = 3, logins = 20, rows = 10_000 } = {}): Promise<Record<string, number>> {
  const load = () => os.loadavg()[0]!.toFixed(1)
  const db = await createBenchDatabase()
  // Logins beyond the default 30 requests per minute per IP would meet the limiter, not argon2.
  const server = await startServerProcess(db.url, 18107, { DOCPAL_AUTH_RATE: '100000', DOCPAL_LOGIN_ATTEMPTS: '10000' })
  const raw = postgres(db.url, { max: 2, onnotice: () => {} })
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string; tableName: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Hot', columns: TEN_COLUMNS })
    await benchSeed(raw, table, 0, rows)
    const ids = ((await raw.unsafe(`select id from ${table.tableName} limit 1000`)) as Array<{ id: string }>).map((r) => r.id)
    const phys = ((await raw`select column_name from data_table_columns where data_table_id = ${table.id} order by "order"`) as Array<{ column_name: string }>).map(
      (r) => r.column_name,
    )
    const { secret, csrf } = server.owner.session
    const cookie = { cookie: `docpal_session=${secret}; docpal_csrf=${csrf}`, 'x-docpal-csrf': csrf }
    const loadBefore = load()
    const bare = await startBareFastify(
      db.url,
      table.tableName,
      TEN_COLUMNS.map((c, i) => [c.name, phys[i]!, TYPES[i]!]),
    )
    // Rounds alternate the three, so a busy moment of the shared machine falls on each; the server's
    // own CPU time per request (from /proc) is the figure the other load inflates least.
    const kinds = {
      bearer: { url: server.url, pid: server.child.pid!, auth: server.owner.headers },
      session: { url: server.url, pid: server.child.pid!, auth: cookie },
      bare: { url: bare.url, pid: bare.child.pid!, auth: server.owner.headers },
    }
    const results: Record<keyof typeof kinds, Array<{ creates: number; reads: number; createCpuUs: number; readCpuUs: number }>> = { bearer: [], session: [], bare: [] }
    try {
      for (const k of Object.values(kinds)) await createsThenReads(k.url, table.id, () => Promise.resolve(ids), 2, k.auth) // warm-up (JIT, pools)
      for (let round = 0; round < rounds; round++) {
        for (const [name, k] of Object.entries(kinds) as Array<[keyof typeof kinds, (typeof kinds)['bare']]>) {
          const c0 = await cpuMs(k.pid)
          let c1 = 0
          const r = await createsThenReads(k.url, table.id, async () => ((c1 = await cpuMs(k.pid)), ids), seconds, k.auth)
          const c2 = await cpuMs(k.pid)
          results[name].push({
            creates: r.creates.requests.average,
            reads: r.reads.requests.average,
            createCpuUs: ((c1 - c0) * 1000) / r.creates.requests.total,
            readCpuUs: ((c2 - c1) * 1000) / r.reads.requests.total,
          })
        }
      }
    } finally {
      bare.child.kill('SIGTERM')
      if (bare.child.exitCode === null) await new Promise((r) => bare.child.once('exit', r))
    }
    const times: number[] = []
    for (let i = 0; i < logins; i++) {
      const t0 = performance.now()
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bench@example.com', password: 'bench password' }),
      })
      if (res.status !== 200) throw new Error(`login ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
      times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)
    const med = (name: keyof typeof kinds, f: 'creates' | 'reads' | 'createCpuUs' | 'readCpuUs') => median(results[name].map((r) => r[f]))
    const out = {
      bearerCreates: med('bearer', 'creates'),
      bearerReads: med('bearer', 'reads'),
      sessionCreates: med('session', 'creates'),
      sessionReads: med('session', 'reads'),
      bareCreates: med('bare', 'creates'),
      bareReads: med('bare', 'reads'),
      bearerCreateCpuUs: med('bearer', 'createCpuUs'),
      bearerReadCpuUs: med('bearer', 'readCpuUs'),
      sessionCreateCpuUs: med('session', 'createCpuUs'),
      sessionReadCpuUs: med('session', 'readCpuUs'),
      bareCreateCpuUs: med('bare', 'createCpuUs'),
      bareReadCpuUs: med('bare', 'readCpuUs'),
      loginP50: times[Math.floor(times.length / 2)]!,
      loginP95: times[Math.floor(times.length * 0.95)]!,
    }
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`
    const r0 = Math.round
    console.log(`load average (1 min): ${loadBefore} before, ${load()} after (2 cores, other agents running); medians of ${rounds} alternating rounds of ${seconds} s`)
    for (const [what, f, cpu, unit] of [
      ['create one record', 'Creates', 'CreateCpuUs', 'INSERT'],
      ['read one record by id', 'Reads', 'ReadCpuUs', 'SELECT'],
    ] as const) {
      const bareRate = out[`bare${f}`]
      const bareCpu = out[`bare${cpu}`]
      for (const [how, key] of [
        ['Bearer token', 'bearer'],
        ['session cookie', 'session'],
      ] as const) {
        report(
          `${what}, 10 connections, ${how}: req/s; server CPU per request`,
          `${r0(out[`${key}${f}`])}/s (${x(out[`${key}${f}`], bareRate)}); ${r0(out[`${key}${cpu}`])} µs (${x(out[`${key}${cpu}`], bareCpu)})`,
          `bare Fastify + ${unit}: ${r0(bareRate)}/s; ${r0(bareCpu)} µs`,
          '>= 0.9x pre-accounts',
        )
      }
    }
    report(`login (argon2id m=19456,t=2,p=1), ${logins} in a row, p50 / p95`, `${out.loginP50.toFixed(1)} / ${out.loginP95.toFixed(1)} ms`, '-', '-')
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchAuth()
