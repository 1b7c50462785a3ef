/**
 * kill -9 at random moments (issue 12, reliability suite): a real server process, driven over
 * HTTP, is SIGKILLed during bulk inserts, schema changes, retypes, plugin enable/disable and
 * stored-value recomputes, then restarted on the same database. After each kill the metadata must
 * equal the physical schema, every acknowledged write must be there, and each bulk batch wholly in
 * or out. RELIABILITY_TRIALS sets the trials per kind; RELIABILITY_SEED repeats the kill moments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_KIND } from '../support/test-server.ts'
import { bulkKind } from './support/kill-kinds/bulk.ts'
import { pluginKind } from './support/kill-kinds/plugin.ts'
import { recomputeKind } from './support/kill-kinds/recompute.ts'
import { retypeKind } from './support/kill-kinds/retype.ts'
import { schemaKind } from './support/kill-kinds/schema.ts'
import { workflowKind } from './support/kill-kinds/workflow.ts'
import { random, runKillTrials, TrialServer, type KillKind, type KillReport } from './support/kill-trial.ts'
import { killTrials, LONG, seed } from './support/settings.ts'
import { createTrialDatabase } from './support/trial-database.ts'

const SEED = seed()
const rnd = random(SEED)
// Long enough to land anywhere in an operation (a 1,000-row retype, a 200-row batch) and between them.
const MAX_DELAY_MS = Number(process.env['RELIABILITY_MAX_DELAY_MS'] ?? 1500)
let server: TrialServer
let lockRefusals = 0

beforeAll(async () => {
  server = new TrialServer(await createTrialDatabase())
  lockRefusals += (await server.start()).lockRefusals
})
afterAll(async () => {
  await server?.kill()
  await server?.db.drop()
})

const kinds: KillKind[] = [bulkKind(), schemaKind(rnd), retypeKind((...a) => server.call(...a)), pluginKind(), recomputeKind((...a) => server.call(...a)), workflowKind()]

function print(what: string, r: KillReport): void {
  const restart = [...r.restartMs].sort((a, b) => a - b)
  process.stderr.write(
    `kill -9 ${DB_KIND} ${what}: ${r.trials} trials, ${r.problems.length} problems, restart median ${restart[restart.length >> 1]} ms max ${restart[restart.length - 1]} ms, lock refusals ${r.lockRefusals}\n`,
  )
}

describe(`kill -9 on ${DB_KIND} (RELIABILITY_SEED=${SEED})`, () => {
  if (LONG) {
    for (const kind of kinds) {
      it(`${kind.name}: ${killTrials()} trials, nothing acknowledged lost, nothing half-written, metadata equals the physical schema`, async () => {
        const r = await runKillTrials(server, [kind], killTrials(), rnd, MAX_DELAY_MS)
        lockRefusals += r.lockRefusals
        print(kind.name, r)
        expect(r.problems).toEqual([])
      })
    }
  } else {
    // The short form: a restart costs seconds, so every kind's workload runs at once and one kill lands in all of them.
    it(`all kinds at once: ${killTrials()} trials, nothing acknowledged lost, nothing half-written, metadata equals the physical schema`, async () => {
      const r = await runKillTrials(server, kinds, killTrials(), rnd, MAX_DELAY_MS)
      lockRefusals += r.lockRefusals
      print('all kinds at once', r)
      expect(r.problems).toEqual([])
    })
  }
  // A restart right after a kill must not be refused for the dead process's lock (issue 12, defect 10).
  it('restarts at once after a kill: no start refused for a stale data-dir lock', () => {
    expect(lockRefusals).toBe(0)
  })
})
