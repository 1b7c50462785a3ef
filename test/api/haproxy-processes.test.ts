import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChild, type ChildServer } from '../reliability/support/child-server.ts'
import { DB_KIND, createTestDatabase, type TestDatabase } from '../support/test-server.ts'

/**
 * Several server processes behind the load balancer of docker-compose.yml (issue 19): HAProxy with
 * deploy/haproxy.cfg as shipped, except that its two servers are named here instead of found through
 * Docker's DNS (this machine has no container engine). Two compiled server processes on one
 * PostgreSQL database with the compose file's DOCPAL_DRAIN_DELAY_MS=5000; readers and writers go
 * through the proxy while one process gets SIGTERM: the proxy must take it out on its /api/ready
 * 503 before it stops listening, no request may fail, and every acknowledged write is stored.
 * CI installs Debian's haproxy (.ci/run sets DOCPAL_REQUIRE_HAPROXY); elsewhere, without it, skipped.
 */
const haproxy = spawnSync('haproxy', ['-v']).status === 0
if (!haproxy && process.env['DOCPAL_REQUIRE_HAPROXY'] === '1') throw new Error('DOCPAL_REQUIRE_HAPROXY=1 but no haproxy on PATH (apt-get install haproxy)')

async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as { port: number }).port
  await new Promise((r) => srv.close(r))
  return port
}

/** deploy/haproxy.cfg with its Docker parts replaced; each replacement must match (the shipped file is what is tested). */
async function proxyConfig(port: number, servers: ReadonlyArray<{ name: string; url: string }>): Promise<string> {
  let cfg = await readFile(new URL('../../deploy/haproxy.cfg', import.meta.url), 'utf8')
  const swap = (from: RegExp, to: string) => {
    expect(cfg, `deploy/haproxy.cfg no longer has ${String(from)}`).toMatch(from)
    cfg = cfg.replace(from, to)
  }
  swap(/^\s*bind :8080$/m, `  bind 127.0.0.1:${port}`)
  swap(/^resolvers docker\n(?:[ \t]+.*\n|[ \t]*\n(?=[ \t]))*/m, '')
  swap(/ resolvers docker init-addr none$/m, '')
  swap(/^\s*server-template docpal \d+ docpal:8080$/m, servers.map((s) => `  server ${s.name} ${new URL(s.url).host}`).join('\n'))
  return cfg
}

describe.skipIf(DB_KIND !== 'postgres' || !haproxy)('server processes behind HAProxy (deploy/haproxy.cfg)', () => {
  let db: TestDatabase
  let dir: string
  const servers: ChildServer[] = []
  let proxy: ChildProcess | undefined
  let proxyLog = ''
  let proxyUrl = ''

  beforeAll(async () => {
    db = await createTestDatabase()
    dir = await mkdtemp(join(tmpdir(), 'docpal-haproxy-'))
    const env = { DOCPAL_DRAIN_DELAY_MS: '5000', DOCPAL_TRUST_PROXY: 'on' }
    // One after the other: the first migrates and signs the owner up, the second logs in.
    for (const name of ['a', 'b']) servers.push((await startChild({ databaseUrl: db.url, dataDir: join(dir, name), env })).server)
    const port = await freePort()
    const cfgFile = join(dir, 'haproxy.cfg')
    await writeFile(
      cfgFile,
      await proxyConfig(port, [
        { name: 'docpal1', url: servers[0]!.url },
        { name: 'docpal2', url: servers[1]!.url },
      ]),
    )
    const check = spawnSync('haproxy', ['-c', '-f', cfgFile], { encoding: 'utf8' })
    expect(check.status, check.stdout + check.stderr).toBe(0)
    proxy = spawn('haproxy', ['-db', '-f', cfgFile], { stdio: ['ignore', 'pipe', 'pipe'] })
    proxy.stdout!.setEncoding('utf8').on('data', (d: string) => (proxyLog += d))
    proxy.stderr!.setEncoding('utf8').on('data', (d: string) => (proxyLog += d))
    proxyUrl = `http://127.0.0.1:${port}`
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`${proxyUrl}/api/ready`).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) break
      await new Promise((r) => setTimeout(r, 100))
    }
  }, 180_000)

  afterAll(async () => {
    proxy?.kill('SIGTERM')
    for (const s of servers) await s.kill().catch(() => undefined)
    await db?.db.close().catch(() => undefined)
    await db?.drop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('spreads requests over both, drains one on SIGTERM without a failed request, keeps every acknowledged write', async () => {
    const headers = servers[0]!.headers
    const json = { ...headers, 'content-type': 'application/json' }
    const app = (await (await fetch(`${proxyUrl}/api/apps`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Proxy' }) })).json()) as { id: string }
    const made = await fetch(`${proxyUrl}/api/apps/${app.id}/tables`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'Hits', columns: [{ name: 'N', type: 'number' }] }),
    })
    expect(made.status).toBe(201)
    const table = ((await made.json()) as { id: string }).id

    const failures: string[] = []
    let reads = 0
    const written: number[] = []
    let stop = false
    let n = 0
    const reader = async () => {
      while (!stop) {
        const r = await fetch(`${proxyUrl}/api/tables/${table}/records?limit=5`, { headers }).catch((e: unknown) => e as Error)
        if (r instanceof Error || r.status !== 200) failures.push(r instanceof Error ? r.message : `GET ${r.status} ${await r.text()}`)
        else {
          await r.arrayBuffer()
          reads++
        }
      }
    }
    const writer = async () => {
      while (!stop) {
        const value = n++
        const r = await fetch(`${proxyUrl}/api/tables/${table}/records`, { method: 'POST', headers: json, body: JSON.stringify({ fields: { N: value } }) }).catch(
          (e: unknown) => e as Error,
        )
        if (r instanceof Error || r.status !== 201) failures.push(r instanceof Error ? r.message : `POST ${r.status} ${await r.text()}`)
        else {
          await r.arrayBuffer()
          written.push(value)
        }
      }
    }
    const clients = [reader(), reader(), reader(), writer(), writer(), writer()]
    await new Promise((r) => setTimeout(r, 2000))
    // Both processes have been answering (HAProxy's log names the server of each request).
    expect(proxyLog).toMatch(/ docpal\/docpal1 /)
    expect(proxyLog).toMatch(/ docpal\/docpal2 /)
    const t0 = Date.now()
    const code = await servers[0]!.terminate()
    const drainedMs = Date.now() - t0
    await new Promise((r) => setTimeout(r, 1500))
    stop = true
    await Promise.all(clients)

    expect(failures).toEqual([])
    expect(code).toBe(0)
    // It stayed up for the drain delay, and the proxy marked it down on its readiness answer first.
    expect(drainedMs).toBeGreaterThanOrEqual(5000)
    expect(proxyLog).toMatch(/Server docpal\/docpal1 is DOWN, reason: Layer7 wrong status, code: 503/)
    expect(reads).toBeGreaterThan(50)
    expect(written.length).toBeGreaterThan(50)
    // Every acknowledged create is stored, once.
    const stored = await fetch(`${servers[1]!.url}/api/tables/${table}/records?count=true&limit=1`, { headers }).then((r) => r.json() as Promise<{ total?: number }>)
    expect(stored.total).toBe(written.length)
  }, 120_000)
})
