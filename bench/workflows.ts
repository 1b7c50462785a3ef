import os from 'node:os'
import postgres from 'postgres'
import { TEN_COLUMNS, api, createBenchDatabase, createBurst, docpalBackends, percentile, report, startServerProcess, time } from './lib.ts'

/**
 * The embedded workflow runner (issue 18), PostgreSQL, one server process:
 * - latency from a record write's commit (the record's created_at) to its run's first step
 *   starting (workflow_run_steps.started_at), both on the database's clock, writes paced one by one;
 * - throughput of simple runs (record-created trigger + create-record + update-record) for a bulk
 *   insert of N records: from the request to the last run completed;
 * - what the trigger outbox costs single creates: creates into a table an enabled record-created
 *   workflow watches (its condition never holds, so the outbox, the dispatch and the condition are
 *   paid, no run) against a table nobody watches, same server, alternating short bursts.
 */

export async function benchWorkflows(o: { paced?: number; bulk?: number; rounds?: number; seconds?: number } = {}): Promise<Record<string, number>> {
  const paced = o.paced ?? 200
  const bulk = o.bulk ?? 2000
  const rounds = o.rounds ?? 6
  const seconds = o.seconds ?? 3
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18141)
  const raw = postgres(db.url, { max: 2, onnotice: () => undefined })
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench workflows' })
    const table = async (name: string) =>
      (
        await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, {
          name,
          columns: [
            { name: 'Name', type: 'text' },
            { name: 'Done', type: 'text' },
          ],
        })
      ).id
    const deals = await table('Deals')
    const log = await table('Log')
    const wf = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/workflows`, {
      name: 'Simple',
      trigger: { type: 'record-created', config: { tableId: deals } },
      steps: [
        { id: 'log', type: 'create-record', config: { tableId: log, fields: { Name: '{{trigger.record.Name}}' } } },
        { id: 'mark', type: 'update-record', config: { tableId: deals, recordId: '{{trigger.recordId}}', fields: { Done: 'yes' } } },
      ],
    })
    await api(server.url, 'POST', `/api/workflows/${wf.id}/enable`)
    const load0 = os.loadavg()[0] ?? 0

    // WORKFLOW_BENCH=cost: only the outbox cost (e.g. with DOCPAL_WORKFLOWS=off, the trigger's insert alone).
    const costOnly = process.env['WORKFLOW_BENCH'] === 'cost'
    // Latency, one write at a time.
    for (let i = 0; i < (costOnly ? 0 : paced); i++) {
      await api(server.url, 'POST', `/api/tables/${deals}/records`, { fields: { Name: `p${i}` } })
      await new Promise((r) => setTimeout(r, 20))
    }
    const settle = async (count: number) => {
      for (let i = 0; i < 6000; i++) {
        const [r] = await raw<Array<{ n: number }>>`select count(*)::int as n from workflow_runs where workflow_id = ${wf.id} and status = 'completed'`
        if ((r?.n ?? 0) >= count) return
        await new Promise((res) => setTimeout(res, 20))
      }
      throw new Error(`runs did not complete: expected ${count}`)
    }
    if (!costOnly) await settle(paced)
    const table_ = await raw<Array<{ table_name: string }>>`select table_name from data_tables where id = ${deals}`
    const physical = table_[0]?.table_name ?? ''
    const lat = await raw<Array<{ ms: number }>>`
      select (extract(epoch from (s.started_at - d.created_at)) * 1000)::float8 as ms
      from workflow_runs r join workflow_run_steps s on s.run_id = r.id and s.path = 'log' join ${raw(physical)} d on d.id = (r.trigger->>'recordId')::uuid
      where r.workflow_id = ${wf.id}`
    const ms = lat.map((x) => x.ms)
    const p50 = Math.round(percentile(ms, 50) * 10) / 10
    const p99 = Math.round(percentile(ms, 99) * 10) / 10
    report(`record write to first action started, ${paced} paced writes`, `p50 ${p50} ms, p99 ${p99} ms`, '-', 'p50 <= 50 ms, p99 <= 250 ms')

    // Throughput: one bulk insert of `bulk` records, each a run of two record actions.
    const records = Array.from({ length: bulk }, (_, i) => ({ fields: { Name: `b${i}` } }))
    const [runMs] = await time(async () => {
      if (costOnly) return
      await api(server.url, 'POST', `/api/tables/${deals}/records/bulk`, { records })
      await settle(paced + bulk)
    })
    const runsPerSec = Math.round(bulk / (runMs / 1000))
    report(`simple runs (trigger + 2 record actions), ${bulk} from one bulk insert`, `${runsPerSec} runs/s`, '-', '>= 200 runs/s')

    // Outbox cost on single creates, into 10-column tables (the issue-14 workload's shape).
    const tenColumns = async (name: string) => (await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name, columns: TEN_COLUMNS })).id
    const watched = await tenColumns('Watched')
    const plain = await tenColumns('Plain')
    // Listens to creates, so each create is copied to the outbox and dispatched; its condition never holds, so no run's work is counted.
    const w2 = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/workflows`, {
      name: 'Never runs',
      trigger: { type: 'record-created', config: { tableId: watched }, conditions: { field: 'Title', op: 'eq', value: 'never' } },
      steps: [],
    })
    await api(server.url, 'POST', `/api/workflows/${w2.id}/enable`)
    const pids = async () => [server.child.pid ?? 0, ...(await docpalBackends(raw))]
    const side = (tableId: string) => ({ url: server.url, headers: server.owner.headers, tableId, pids })
    // One burst each first: the first seconds of a fresh server run slower whichever side goes first.
    for (const id of [plain, watched]) await createBurst(side(id), 1, 10)
    const rates: Record<'watched' | 'plain', number[]> = { watched: [], plain: [] }
    const cpu: Record<'watched' | 'plain', number[]> = { watched: [], plain: [] }
    const pairs: number[] = []
    for (let r = 0; r < rounds; r++) {
      const got: Partial<Record<'watched' | 'plain', number>> = {}
      for (const [name, id] of (r % 2
        ? [
            ['watched', watched],
            ['plain', plain],
          ]
        : [
            ['plain', plain],
            ['watched', watched],
          ]) as Array<['watched' | 'plain', string]>) {
        const b = await createBurst(side(id), seconds, 10)
        rates[name].push(b.perSec)
        cpu[name].push(b.cpuUs)
        got[name] = b.perSec
      }
      pairs.push(1 - (got.watched ?? 0) / (got.plain ?? 1))
    }
    const med = (v: number[]) => percentile(v, 50)
    const pct = (x: number) => Math.round(x * 1000) / 10
    const costPct = pct(1 - med(rates.watched) / med(rates.plain))
    const pairedPct = pct(med(pairs))
    const cpuPct = pct(med(cpu.watched) / med(cpu.plain) - 1)
    report(
      'single creates into a watched table (outbox) vs an unwatched one: req/s; CPU per create (server + backends)',
      `${Math.round(med(rates.watched))}/s (${costPct}% cost, paired ${pairedPct}%); ${Math.round(med(cpu.watched))} µs (+${cpuPct}%)`,
      `${Math.round(med(rates.plain))}/s; ${Math.round(med(cpu.plain))} µs`,
      '<= 10% cost',
    )
    const loadAverage = Math.round(((load0 + (os.loadavg()[0] ?? 0)) / 2) * 10) / 10
    console.log(`  load average ${loadAverage}; rounds watched ${rates.watched.map(Math.round).join(' ')} | plain ${rates.plain.map(Math.round).join(' ')}`)
    return { latencyP50Ms: p50, latencyP99Ms: p99, runsPerSec, outboxCostPct: costPct, outboxCostPairedPct: pairedPct, outboxCpuPct: cpuPct, loadAverage }
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchWorkflows()
