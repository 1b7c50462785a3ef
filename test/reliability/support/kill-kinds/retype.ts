import type { KillKind } from '../kill-trial.ts'
import { readAll } from '../read-all.ts'
import type { Call } from '../http-client.ts'
import { must } from './must.ts'

const ROWS = 1000

/** Retypes a filled column text -> number -> text ...: afterwards its type is the acknowledged one or the one in flight, and every value converted whole. */
export function retypeKind(call: Call): KillKind {
  let appId: string | undefined
  return {
    name: 'retype',
    async prepare(api) {
      appId ??= (await must(api, 'POST', '/api/apps', { name: 'Kill retype' }, 201)).id as string
      const table = await must(api, 'POST', `/api/apps/${appId}/tables`, { name: `Retype ${Date.now()}`, columns: [{ name: 'V', type: 'text' }] }, 201)
      const column = table.columns[0].id as string
      const records = Array.from({ length: ROWS }, (_, i) => ({ fields: { V: String(i) } }))
      await must(api, 'POST', `/api/tables/${table.id}/records/bulk`, { records }, 201)
      let acked = 'text'
      let pending: string | undefined
      const odd: string[] = []
      return {
        async run() {
          for (;;) {
            const to = acked === 'text' ? 'number' : 'text'
            pending = to
            const r = await api('PATCH', `/api/tables/${table.id}/columns/${column}?force=true`, { type: to })
            if (r.status === 200) acked = to
            else odd.push(`retype to ${to} answered ${r.status}: ${r.text.slice(0, 200)}`)
            pending = undefined
          }
        },
        async check() {
          const problems = [...odd]
          const now = await must(api, 'GET', `/api/tables/${table.id}`, undefined, 200)
          const type = (now.columns as Array<{ id: string; type: string }>).find((c) => c.id === column)?.type
          if (type !== acked && type !== pending) problems.push(`column V is ${String(type)}; acknowledged ${acked}${pending ? `, in flight ${pending}` : ''}`)
          const rows = await readAll(call, table.id)
          if (rows.size !== ROWS) problems.push(`${rows.size} of ${ROWS} rows`)
          const wrong = [...rows.values()].filter((r) => {
            const v = r.fields['V']
            return type === 'number' ? typeof v !== 'number' : typeof v !== 'string' || !/^\d+$/.test(v)
          })
          if (wrong.length > 0) problems.push(`${wrong.length} values do not match type ${String(type)}, e.g. ${JSON.stringify(wrong[0]!.fields['V'])}`)
          const sum = [...rows.values()].reduce((s, r) => s + Number(r.fields['V']), 0)
          if (sum !== (ROWS * (ROWS - 1)) / 2) problems.push(`the values add up to ${sum}, not ${(ROWS * (ROWS - 1)) / 2}: some were lost or changed`)
          return problems
        },
      }
    },
  }
}
