import { startChild, type ChildServer } from './child-server.ts'
import { httpClient, type Answer, type Call } from './http-client.ts'
import { schemaMismatches } from './physical-schema.ts'
import type { TrialDatabase } from './trial-database.ts'

/** What one trial does until the server is killed under it, and what it expects after the restart. */
export interface Workload {
  /** Sends operations in a loop; ends when the server stops answering (the kill). */
  run(): Promise<void>
  /** After the restart: what is wrong, empty when every acknowledged effect is there and nothing half-done is. */
  check(): Promise<string[]>
}

/** A kind of trial: `prepare` runs before the kill clock starts, on the live server. */
export interface KillKind {
  readonly name: string
  prepare(api: Api): Promise<Workload>
}

/** A call that may fail because the server was killed; a 5xx answer is reported as a problem by the caller's `api`. */
export type Api = (method: string, path: string, body?: unknown) => Promise<Answer>

export interface KillReport {
  trials: number
  problems: string[]
  lockRefusals: number
  restartMs: number[]
  killAfterMs: number[]
}

/** A small seeded generator (mulberry32), so a trial's kill moments repeat from RELIABILITY_SEED. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The server under trial; restarted after each kill on the same database. */
export class TrialServer {
  #server: ChildServer | undefined
  readonly call: Call
  constructor(readonly db: TrialDatabase) {
    this.call = httpClient(
      () => this.#server?.url ?? 'http://127.0.0.1:1',
      () => this.#server?.headers ?? {},
    )
  }
  async start(): Promise<{ lockRefusals: number; ms: number }> {
    const t0 = Date.now()
    const r = await startChild(this.db.place)
    this.#server = r.server
    return { lockRefusals: r.lockRefusals, ms: Date.now() - t0 }
  }
  async kill(): Promise<void> {
    await this.#server?.kill()
    this.#server = undefined
  }
}

/**
 * `trials` times: prepare, run the workloads (several kinds at once when given several), SIGKILL
 * the server after a random delay, compare the metadata with the physical schema on the database
 * as the kill left it, restart, check each workload.
 */
export async function runKillTrials(server: TrialServer, kinds: ReadonlyArray<KillKind>, trials: number, rnd: () => number, maxDelayMs: number): Promise<KillReport> {
  const report: KillReport = { trials, problems: [], lockRefusals: 0, restartMs: [], killAfterMs: [] }
  const name = kinds.map((k) => k.name).join(' + ')
  const api: Api = async (method, path, body) => {
    const r = await server.call(method, path, body)
    if (r.status >= 500) report.problems.push(`${name}: ${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`)
    return r
  }
  for (let i = 0; i < trials; i++) {
    const workloads: Workload[] = []
    for (const kind of kinds) workloads.push(await kind.prepare(api))
    const running = workloads.map((w) => w.run().catch(() => undefined))
    const delay = Math.floor(rnd() * maxDelayMs)
    await new Promise((res) => setTimeout(res, delay))
    await server.kill()
    await Promise.all(running)
    report.killAfterMs.push(delay)
    const where = `${name} trial ${i} (killed after ${delay} ms)`
    for (const p of await server.db.inspect(schemaMismatches)) report.problems.push(`${where}: ${p}`)
    const s = await server.start()
    report.lockRefusals += s.lockRefusals
    report.restartMs.push(s.ms)
    for (const [k, w] of workloads.entries()) for (const p of await w.check()) report.problems.push(`${where}: ${kinds[k]!.name}: ${p}`)
  }
  return report
}
