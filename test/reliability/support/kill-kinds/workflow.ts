import type { KillKind } from '../kill-trial.ts'
import { countWhere, must } from './must.ts'

const SETTLE_MS = 60_000

/**
 * Workflow runs through kill -9 (issue 18): every acknowledged record of Deals starts a run that
 * logs the deal (a create step), runs a parallel step (one branch waits 0 minutes, a stored wait;
 * the other loops over two items, logging the deal for each) and marks the deal done (an update
 * step). After the restart every run completes, each deal is logged exactly three times (no
 * step's effect twice, no run lost), and a record whose create was not acknowledged either has
 * its whole run or none.
 */
export function workflowKind(): KillKind {
  let ids: { deals: string; log: string } | undefined
  let seen = 0
  return {
    name: 'workflow runs',
    async prepare(api) {
      if (!ids) {
        const app = await must(api, 'POST', '/api/apps', { name: 'Kill workflows' }, 201)
        const deals = (
          await must(
            api,
            'POST',
            `/api/apps/${app.id}/tables`,
            {
              name: 'Deals',
              columns: [
                { name: 'Name', type: 'text' },
                { name: 'Done', type: 'text' },
              ],
            },
            201,
          )
        ).id as string
        const log = (
          await must(
            api,
            'POST',
            `/api/apps/${app.id}/tables`,
            {
              name: 'Log',
              columns: [
                { name: 'Deal', type: 'text' },
                { name: 'Side', type: 'text' },
              ],
            },
            201,
          )
        ).id as string
        const wf = await must(
          api,
          'POST',
          `/api/apps/${app.id}/workflows`,
          {
            name: 'Log deals',
            trigger: { type: 'record-created', config: { tableId: deals } },
            steps: [
              { id: 'log', type: 'create-record', config: { tableId: log, fields: { Deal: '{{trigger.recordId}}' } } },
              {
                // Parallel branches (one with a stored wait) and a loop: each makes its own log entry once.
                id: 'fork',
                type: 'parallel',
                config: {},
                branches: {
                  a: [{ id: 'pause', type: 'delay', config: { minutes: 0 } }],
                  b: [
                    {
                      id: 'twice',
                      type: 'loop',
                      config: { items: ['x', 'y'] },
                      branches: { each: [{ id: 'side', type: 'create-record', config: { tableId: log, fields: { Deal: '{{trigger.recordId}}', Side: '{{loop.twice.item}}' } } }] },
                    },
                  ],
                },
              },
              { id: 'mark', type: 'update-record', config: { tableId: deals, recordId: '{{trigger.recordId}}', fields: { Done: 'yes {{steps.log.id}}' } } },
            ],
          },
          201,
        )
        await must(api, 'POST', `/api/workflows/${wf.id}/enable`, {}, 200)
        ids = { deals, log }
      }
      const { deals, log } = ids
      const acked: string[] = []
      const odd: string[] = []
      return {
        async run() {
          for (let n = 0; ; n++) {
            const r = await api('POST', `/api/tables/${deals}/records`, { fields: { Name: `deal ${n}` } })
            if (r.status === 201) acked.push((r.body as { id: string }).id)
            else odd.push(`create answered ${r.status}: ${r.text.slice(0, 200)}`)
          }
        },
        async check() {
          const problems = [...odd]
          // Runs resume after the dead process's lease (DOCPAL_WORKFLOW_LEASE_MS) runs out: wait for all to be marked.
          const until = Date.now() + SETTLE_MS
          const counts = async () => ({ total: await countWhere(api, deals, { and: [] }), marked: await countWhere(api, deals, { and: [{ field: 'Done', op: 'is_not_empty' }] }) })
          let { total, marked } = await counts()
          while (marked !== total && Date.now() < until) {
            await new Promise((r) => setTimeout(r, 250))
            ;({ total, marked } = await counts())
          }
          if (marked !== total) problems.push(`${total - marked} of ${total} deals never finished their run within ${SETTLE_MS} ms`)
          // Three entries per deal: the first step's, and one per item of the loop in a parallel branch.
          const logged = await countWhere(api, log, { and: [] })
          if (logged !== 3 * total) problems.push(`the log holds ${logged} entries for ${total} deals (each deal is logged three times: log, side x, side y)`)
          for (const id of acked.slice(-20)) {
            const n = await countWhere(api, log, { and: [{ field: 'Deal', op: 'eq', value: id }] })
            if (n !== 3) problems.push(`acknowledged deal ${id} is logged ${n} times (3 expected)`)
          }
          if (total < seen + acked.length) problems.push(`${seen + acked.length - total} acknowledged deals are missing`)
          seen = total
          return problems
        },
      }
    },
  }
}
