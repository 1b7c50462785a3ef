import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildServer } from '../host-server/scripts/build-server.mjs'
import { BUNDLE, NODE_FLAGS, bundleServer } from '../host-server/scripts/bundle-server.mjs'
import { createBenchDatabase, percentile, report } from './lib.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const HOST_SERVER = fileURLToPath(new URL('../host-server/', import.meta.url))
const RUNS = 7
const PORT = 18120

/** A bare Node HTTP server: the floor any Node server's start stands on. */
const BASELINE = `require('node:http').createServer((q, s) => s.end('ok')).listen(${PORT}, '127.0.0.1')`

/** The embedded database's own floor: PGlite opening the same data directory, then the bare server. */
const PGLITE_BASELINE = `
const { PGlite } = await import('@electric-sql/pglite')
const pg = await PGlite.create({ dataDir: process.env.DOCPAL_DATA_DIR + '/pglite' })
await pg.query('select 1')
const http = await import('node:http')
http.createServer((q, s) => s.end('ok')).listen(${PORT}, '127.0.0.1')
process.on('SIGTERM', async () => { await pg.close(); process.exit(0) })`

async function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024)
}

/**
 * Spawn to the first 200 of the page `/`, then to the first 200 of `/api/health` (the API
 * serving: the server answers the page while its kernel still starts), then the process's
 * resident memory once idle; the process is stopped.
 */
async function coldStart(cmd: string, args: string[], env: Record<string, string>, cwd = ROOT): Promise<{ ms: number; apiMs: number; idleRssMb: number }> {
  const t0 = performance.now()
  const child = spawn(cmd, args, { cwd, env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env }, stdio: 'ignore' })
  const exited = new Promise((r) => child.once('exit', r))
  const firstOk = async (path: string): Promise<number> => {
    for (let i = 0; i < 3000 && child.exitCode === null; i++) {
      try {
        // 503 while starting; any answer at all is read off so the connection is reused.
        const res = await fetch(`http://127.0.0.1:${PORT}${path}`)
        await res.arrayBuffer()
        if (res.ok) return performance.now() - t0
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5))
    }
    throw new Error(`${cmd} ${args.join(' ')} never answered ${path}`)
  }
  const ms = await firstOk('/')
  const apiMs = await firstOk('/api/health')
  await new Promise((r) => setTimeout(r, 1500))
  const idleRssMb = await rssMb(child.pid!, 'VmRSS')
  child.kill('SIGTERM')
  await exited
  return { ms, apiMs, idleRssMb }
}

/**
 * Issue 13's start figures: spawn to the first served page of the compiled, bundled server (`node
 * --conditions=compiled host-server/dist/main.bundle.js`, what `pnpm start` runs once built), on
 * PostgreSQL and on embedded PGlite (an existing data dir: a restart), beside a bare Node HTTP
 * server started with `node -e` in the same run, and PGlite alone opening the same data dir before
 * such a server (the embedded database's own share); plus idle memory. Medians of 7 starts.
 */
export async function benchColdStart(): Promise<Record<string, number>> {
  buildServer({ ifChanged: true })
  await bundleServer({ ifChanged: true })
  const db = await createBenchDatabase()
  const dataDir = await mkdtemp(join(tmpdir(), 'docpal-bench-start-'))
  const args = [...NODE_FLAGS, BUNDLE]
  // Run from host-server, whose dependencies include PGlite.
  const pgliteArgs = ['--input-type=module', '-e', PGLITE_BASELINE]
  try {
    const runs = {
      baseline: [] as number[],
      pgliteBaseline: [] as number[],
      pg: [] as number[],
      pglite: [] as number[],
      pgApi: [] as number[],
      pgliteApi: [] as number[],
      pgRss: [] as number[],
      pgliteRss: [] as number[],
    }
    // The first start of each initialises: PostgreSQL's schema, PGlite's whole data dir. Timed on their own.
    const firstPg = await coldStart(process.execPath, args, { DATABASE_URL: db.url })
    const firstPglite = await coldStart(process.execPath, args, { DATABASE_URL: '', DOCPAL_DATA_DIR: dataDir })
    for (let i = 0; i < RUNS; i++) {
      runs.baseline.push((await coldStart(process.execPath, ['-e', BASELINE], {})).ms)
      runs.pgliteBaseline.push((await coldStart(process.execPath, pgliteArgs, { DOCPAL_DATA_DIR: dataDir }, HOST_SERVER)).ms)
      const pg = await coldStart(process.execPath, args, { DATABASE_URL: db.url })
      runs.pg.push(pg.ms)
      runs.pgApi.push(pg.apiMs)
      runs.pgRss.push(pg.idleRssMb)
      const lite = await coldStart(process.execPath, args, { DATABASE_URL: '', DOCPAL_DATA_DIR: dataDir })
      runs.pglite.push(lite.ms)
      runs.pgliteApi.push(lite.apiMs)
      runs.pgliteRss.push(lite.idleRssMb)
    }
    const out = {
      baselineMs: percentile(runs.baseline, 50),
      pgliteBaselineMs: percentile(runs.pgliteBaseline, 50),
      postgresMs: percentile(runs.pg, 50),
      pgliteMs: percentile(runs.pglite, 50),
      postgresApiMs: percentile(runs.pgApi, 50),
      pgliteApiMs: percentile(runs.pgliteApi, 50),
      firstPostgresMs: firstPg.ms,
      firstPgliteMs: firstPglite.ms,
      postgresIdleRssMb: percentile(runs.pgRss, 50),
      pgliteIdleRssMb: percentile(runs.pgliteRss, 50),
    }
    const base = `${out.baselineMs.toFixed(0)} ms (node -e)`
    report('cold start to the first page, PostgreSQL (median)', `${out.postgresMs.toFixed(0)} ms`, base, '<= 1,000 ms')
    report(
      'cold start to the first page, embedded PGlite (median)',
      `${out.pgliteMs.toFixed(0)} ms`,
      `${base}; ${out.pgliteBaselineMs.toFixed(0)} ms (PGlite opens the data dir + bare server)`,
      '<= 1,000 ms',
    )
    report('cold start to the first API answer (GET /api/health 200), PostgreSQL (median)', `${out.postgresApiMs.toFixed(0)} ms`, base, '-')
    report(
      'cold start to the first API answer (GET /api/health 200), embedded PGlite (median)',
      `${out.pgliteApiMs.toFixed(0)} ms`,
      `${out.pgliteBaselineMs.toFixed(0)} ms (PGlite opens the data dir + bare server)`,
      '-',
    )
    report('first start ever (schema / data dir created), PG / PGlite', `${out.firstPostgresMs.toFixed(0)} / ${out.firstPgliteMs.toFixed(0)} ms`, '-', '-')
    report('server memory at idle after start (VmRSS), PG / PGlite', `${out.postgresIdleRssMb} / ${out.pgliteIdleRssMb} MB`, '-', '-')
    return out
  } finally {
    await db.drop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchColdStart()
