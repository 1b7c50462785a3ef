import { TEN_COLUMNS, api, createBenchDatabase, row, startServerProcess, time, authFetch } from './lib.ts'

/**
 * Peak memory of the server while `parallel` clients each send one large bulk insert at once
 * (issue 12, defect 12: four 256 MiB bodies pushed RSS to 3 GB). Prints the peak RSS beside the
 * bytes sent, and how each request ended (201, or 429 when the bulk queue was full).
 */
export async function benchBulkMemory(parallel = 4, recordsPerBody = 100_000, env: Record<string, string> = {}): Promise<Record<string, number>> {
  const db = await createBenchDatabase()
  const server = await startServerProcess(db.url, 18107, env)
  try {
    const app = await api<{ id: string }>(server.url, 'POST', '/api/apps', { name: 'Bench' })
    const table = await api<{ id: string }>(server.url, 'POST', `/api/apps/${app.id}/tables`, { name: 'Bulk', columns: TEN_COLUMNS })
    const records = []
    for (let i = 0; i < recordsPerBody; i++) records.push({ fields: { ...row(i), Notes: `note ${String(i)} ${'n'.repeat(400)}` } })
    const body = JSON.stringify({ records })
    const before = await server.peakRssMb()
    const [ms, statuses] = await time(() =>
      Promise.all(
        Array.from({ length: parallel }, async () => {
          const res = await authFetch(`${server.url}/api/tables/${table.id}/records/bulk`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
          await res.arrayBuffer()
          return res.status
        }),
      ),
    )
    const peak = await server.peakRssMb()
    const mb = body.length / 2 ** 20
    console.log(
      `bulk memory: ${String(parallel)} x ${mb.toFixed(0)} MB bodies in parallel -> peak RSS ${peak.toFixed(0)} MB (idle ${before.toFixed(0)} MB), ${(ms / 1000).toFixed(1)} s, statuses ${statuses.join(',')}`,
    )
    return { peakRssMb: peak, bodyMb: mb, ms }
  } finally {
    await server.stop()
    await db.drop()
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await benchBulkMemory(Number(process.env['PARALLEL'] ?? 4), Number(process.env['RECORDS'] ?? 100_000))
