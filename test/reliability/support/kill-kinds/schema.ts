import type { KillKind } from '../kill-trial.ts'
import { must } from './must.ts'

type Columns = ReadonlyArray<string>
type Change = { method: string; path: string; body?: unknown; after: (c: Columns) => Columns; onAck?: (answer: any) => void }

/** Adds, renames and removes columns: afterwards the columns are those acknowledged, or those plus the change in flight. */
export function schemaKind(rnd: () => number): KillKind {
  let appId: string | undefined
  return {
    name: 'schema change',
    async prepare(api) {
      appId ??= (await must(api, 'POST', '/api/apps', { name: 'Kill schema' }, 201)).id as string
      const table = await must(api, 'POST', `/api/apps/${appId}/tables`, { name: `Shape ${Date.now()}`, columns: [{ name: 'A', type: 'text' }] }, 201)
      const ids = new Map<string, string>([['A', table.columns[0].id as string]])
      let acked: Columns = ['A']
      let pending: Columns | undefined
      const odd: string[] = []
      let k = 0
      const next = (): Change => {
        const names = acked.filter((n) => n !== 'A')
        const pick = names[Math.floor(rnd() * names.length)]
        const r = rnd()
        if (!pick || r < 0.4) {
          const name = `C${k++}`
          return {
            method: 'POST',
            path: `/api/tables/${table.id}/columns`,
            body: { name, type: rnd() < 0.5 ? 'text' : 'number' },
            after: (c) => [...c, name],
            onAck: (a) => ids.set(name, a.column.id),
          }
        }
        const id = ids.get(pick)!
        if (r < 0.7) {
          const name = `R${k++}`
          return {
            method: 'PATCH',
            path: `/api/tables/${table.id}/columns/${id}`,
            body: { name },
            after: (c) => c.map((n) => (n === pick ? name : n)),
            onAck: () => ids.set(name, id),
          }
        }
        return { method: 'DELETE', path: `/api/tables/${table.id}/columns/${id}`, after: (c) => c.filter((n) => n !== pick) }
      }
      return {
        async run() {
          for (;;) {
            const change = next()
            pending = change.after(acked)
            const r = await api(change.method, change.path, change.body)
            if (r.status >= 300) odd.push(`${change.method} ${change.path} answered ${r.status}: ${r.text.slice(0, 200)}`)
            else {
              change.onAck?.(r.body)
              acked = pending
            }
            pending = undefined
          }
        },
        async check() {
          const now = await must(api, 'GET', `/api/tables/${table.id}`, undefined, 200)
          const names = (now.columns as Array<{ name: string }>).map((c) => c.name)
          const same = (c: Columns | undefined) => c !== undefined && c.length === names.length && c.every((n, i) => n === names[i])
          if (same(acked) || same(pending)) return odd
          return [...odd, `columns ${JSON.stringify(names)}; acknowledged ${JSON.stringify(acked)}${pending ? `, or with the change in flight ${JSON.stringify(pending)}` : ''}`]
        },
      }
    },
  }
}
