import { createHmac } from 'node:crypto'
import os from 'node:os'
import { pathToFileURL } from 'node:url'
import postgres from 'postgres'
import { api, createBenchDatabase, percentile, report, startServerProcess } from './lib.ts'

/**
 * Incoming webhooks (issue 18, trigger-webhook): the time a signed call takes to be accepted
 * (the run queued, 202), one call at a time, and how fast the runner completes the queued runs
 * (transform + create-record), on PostgreSQL. Baseline: the same insert of a run row through raw
 * SQL, in the same run.
 */
const SECRET = 'bench_hook_secret_0123456789'
const SIGNING = 'bench-signing-secret-0123'

export async function benchWorkflowHooks({ calls = 300 } = {}): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18121)
  const raw = postgres(db.url, { max: 2, onnotice: () => {} })
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Hooks' })
    const table = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, {
      name: 'Orders',
      columns: [
        { name: 'Customer', type: 'text' },
        { name: 'Total', type: 'number' },
      ],
    })
    const wf = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/workflows`, {
      name: 'Incoming',
      trigger: { type: 'webhook', config: { secret: SECRET, signingSecret: SIGNING } },
      steps: [
        { id: 'sum', type: 'transform', config: { outputs: { total: { op: 'sum', from: '{{trigger.body.lines}}', field: 'amount' } } } },
        { id: 'save', type: 'create-record', config: { tableId: table.id, fields: { Customer: '{{trigger.body.customer}}', Total: '{{steps.sum.total}}' } } },
      ],
    })
    await api(server.url, 'POST', `/api/workflows/${wf.id}/enable`)
    const url = `${server.url}/api/hooks/workflows/${wf.id}/${SECRET}`
    const load = os.loadavg()[0]!.toFixed(1)
    const times: number[] = []
    const t0 = performance.now()
    for (let i = 0; i < calls; i++) {
      const body = JSON.stringify({ customer: `c${i}`, lines: [{ amount: i }, { amount: 1 }] })
      const sig = `sha256=${createHmac('sha256', SIGNING).update(body).digest('hex')}`
      const s = performance.now()
      const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-docpal-signature': sig } })
      await res.arrayBuffer()
      if (res.status !== 202) throw new Error(`hook call answered ${res.status}`)
      times.push(performance.now() - s)
    }
    for (;;) {
      const [row] = await raw<Array<{ open: number }>>`select count(*)::int as open from workflow_runs where workflow_id = ${wf.id} and status <> 'completed'`
      if (row?.open === 0) break
      await new Promise((r) => setTimeout(r, 20))
    }
    const allDone = performance.now() - t0
    const baseline: number[] = []
    const [w] = await raw<Array<{ company_id: string; run_as: string }>>`select company_id, run_as from workflows where id = ${wf.id}`
    for (let i = 0; i < 100; i++) {
      const s = performance.now()
      await raw`insert into workflow_runs (company_id, workflow_id, version, status, trigger, run_as, test) values (${w!.company_id}, ${wf.id}, 1, 'cancelled', ${raw.json({ type: 'webhook' })}, ${w!.run_as}, true)`
      baseline.push(performance.now() - s)
    }
    const out = { p50: percentile(times, 50), p99: percentile(times, 99), runsPerSecond: (calls * 1000) / allDone, rawP50: percentile(baseline, 50) }
    report(
      `webhook call accepted (202), ${calls} signed calls one at a time, p50 / p99`,
      `${out.p50.toFixed(1)} / ${out.p99.toFixed(1)} ms`,
      `insert a run: ${out.rawP50.toFixed(2)} ms`,
      '-',
    )
    report(`calls + runs completed (transform + create-record), runs/s`, `${out.runsPerSecond.toFixed(0)}/s`, '-', '-')
    console.log(`load average (1 min) at start: ${load}; at end: ${os.loadavg()[0]!.toFixed(1)}`)
    return out
  } finally {
    await raw.end()
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchWorkflowHooks()
