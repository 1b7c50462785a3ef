import { randomUUID } from 'node:crypto'
import type { KillKind } from '../kill-trial.ts'
import { countWhere, must } from './must.ts'

const SIZE = 200

/** Bulk inserts of tagged batches: each acknowledged batch wholly there, the one in flight wholly in or out, nothing else. */
export function bulkKind(): KillKind {
  let tableId: string | undefined
  let expectedTotal = 0
  return {
    name: 'bulk insert',
    async prepare(api) {
      if (!tableId) {
        const app = await must(api, 'POST', '/api/apps', { name: 'Kill bulk' }, 201)
        const columns = [
          { name: 'Batch', type: 'text' },
          { name: 'N', type: 'number' },
        ]
        tableId = (await must(api, 'POST', `/api/apps/${app.id}/tables`, { name: 'Bulk', columns }, 201)).id as string
      }
      const table = tableId
      const acked: string[] = []
      const odd: string[] = []
      let pending: string | undefined
      return {
        async run() {
          for (;;) {
            const batch = randomUUID()
            pending = batch
            const records = Array.from({ length: SIZE }, (_, n) => ({ fields: { Batch: batch, N: n } }))
            const r = await api('POST', `/api/tables/${table}/records/bulk`, { records })
            if (r.status === 201) acked.push(batch)
            else odd.push(`bulk answered ${r.status}: ${r.text.slice(0, 200)}`)
            pending = undefined
          }
        },
        async check() {
          const problems = [...odd]
          const count = (b: string) => countWhere(api, table, { and: [{ field: 'Batch', op: 'eq', value: b }] })
          for (const b of acked) {
            const n = await count(b)
            if (n !== SIZE) problems.push(`acknowledged batch ${b}: ${n} of ${SIZE} rows`)
          }
          expectedTotal += acked.length * SIZE
          if (pending) {
            const n = await count(pending)
            if (n !== 0 && n !== SIZE) problems.push(`batch ${pending} in flight at the kill: ${n} of ${SIZE} rows (half-written)`)
            expectedTotal += n
          }
          const total = await countWhere(api, table, { and: [] })
          if (total !== expectedTotal) problems.push(`the table holds ${total} rows, the acknowledged batches ${expectedTotal}`)
          expectedTotal = total
          return problems
        },
      }
    },
  }
}
