import type { KillKind } from '../kill-trial.ts'
import type { Call } from '../http-client.ts'
import { readAll } from '../read-all.ts'
import { must } from './must.ts'

const CUSTOMERS = 100
const PER = 4

/**
 * Recomputes a table's stored aggregation while order totals change: afterwards every stored sum
 * equals the sum of its orders' acknowledged totals (the one in flight either way), and another
 * recompute changes nothing.
 */
export function recomputeKind(call: Call): KillKind {
  let setup: { customers: string; orders: string; orderIds: string[]; totals: number[] } | undefined
  return {
    name: 'stored-value recompute',
    async prepare(api) {
      if (!setup) {
        const app = await must(api, 'POST', '/api/apps', { name: 'Kill recompute' }, 201)
        const orders = await must(api, 'POST', `/api/apps/${app.id}/tables`, { name: 'Orders', columns: [{ name: 'Total', type: 'number' }] }, 201)
        const customers = await must(api, 'POST', `/api/apps/${app.id}/tables`, { name: 'Customers', columns: [{ name: 'Name', type: 'text' }] }, 201)
        const rel = await must(
          api,
          'POST',
          `/api/tables/${customers.id}/columns`,
          { name: 'Orders', type: 'relation', config: { targetTableId: orders.id, allowMultiple: true } },
          201,
        )
        const total = orders.columns[0].id as string
        const config = { relationFieldId: rel.column.id, targetFieldId: total, aggregation: 'sum' }
        await must(api, 'POST', `/api/tables/${customers.id}/columns`, { name: 'Spent', type: 'aggregation', config }, 201)
        const totals = Array.from({ length: CUSTOMERS * PER }, (_, i) => i)
        const created = await must(api, 'POST', `/api/tables/${orders.id}/records/bulk`, { records: totals.map((t) => ({ fields: { Total: t } })) }, 201)
        const orderIds = created.ids as string[]
        const records = Array.from({ length: CUSTOMERS }, (_, c) => ({ fields: { Name: `c${c}`, Orders: orderIds.slice(c * PER, c * PER + PER) } }))
        await must(api, 'POST', `/api/tables/${customers.id}/records/bulk`, { records }, 201)
        setup = { customers: customers.id, orders: orders.id, orderIds, totals }
      }
      const s = setup
      let pending: { order: number; total: number } | undefined
      const odd: string[] = []
      let n = 0
      return {
        async run() {
          for (;;) {
            const r = await api('POST', `/api/tables/${s.customers}/recompute`)
            if (r.status !== 200) odd.push(`recompute answered ${r.status}: ${r.text.slice(0, 200)}`)
            const order = (n++ * 37) % s.orderIds.length
            pending = { order, total: s.totals[order]! + 1 }
            const w = await api('PATCH', `/api/tables/${s.orders}/records/${s.orderIds[order]}`, { fields: { Total: pending.total } })
            if (w.status === 200) s.totals[order] = pending.total
            else odd.push(`order update answered ${w.status}: ${w.text.slice(0, 200)}`)
            pending = undefined
          }
        },
        async check() {
          const problems = [...odd]
          if (pending) {
            // The update in flight: take what the order now says, then every sum must follow it.
            const o = await must(api, 'GET', `/api/tables/${s.orders}/records/${s.orderIds[pending.order]}`, undefined, 200)
            const t = o.fields['Total'] as number
            if (t !== pending.total && t !== s.totals[pending.order]) problems.push(`order ${pending.order}: total ${t}, expected ${s.totals[pending.order]} or ${pending.total}`)
            s.totals[pending.order] = t
          }
          const expected = (c: number) => s.totals.slice(c * PER, c * PER + PER).reduce((a, b) => a + b, 0)
          const compare = async (when: string) => {
            const rows = [...(await readAll(call, s.customers)).values()]
            for (const r of rows) {
              const c = Number(String(r.fields['Name']).slice(1))
              if (r.fields['Spent'] !== expected(c)) problems.push(`${when}: customer c${c} Spent ${JSON.stringify(r.fields['Spent'])}, its orders add up to ${expected(c)}`)
            }
            if (rows.length !== CUSTOMERS) problems.push(`${when}: ${rows.length} of ${CUSTOMERS} customers`)
          }
          await compare('after the restart')
          await must(api, 'POST', `/api/tables/${s.customers}/recompute`, undefined, 200)
          await compare('after a fresh recompute')
          return problems.slice(0, 20)
        },
      }
    },
  }
}
